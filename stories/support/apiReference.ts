/**
 * Builds the API reference from the source itself: the entry files' exports are followed to their declarations,
 * and each declaration's doc comment gives the summary. So the reference lists every export, always.
 */

// Every source file, as text (bundled into the Storybook build only; a few tens of KB).
const SOURCES = import.meta.glob<string>('../../src/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** The package's entry points and their source files. */
export const ENTRIES = {
  'react-tim-status': '../../src/index.ts',
  'react-tim-status/testing': '../../src/testing/index.ts',
} as const

export type ExportKind = 'component' | 'hook' | 'function' | 'class' | 'constant' | 'type'

/** One export of an entry point. */
export interface ApiEntry {
  entry: keyof typeof ENTRIES
  name: string
  kind: ExportKind
  /** First paragraph of the doc comment; '' when there is none. */
  summary: string
  /** The declaring file, relative to the repository (`src/react/PresenceBadge.tsx`). */
  file: string
}

interface ExportRef {
  name: string
  /** The name in the file it comes from. */
  local: string
  from: string | null
  typeOnly: boolean
}

function resolve(fromFile: string, spec: string): string | null {
  const parts = fromFile.split('/').slice(0, -1)
  for (const segment of spec.split('/')) {
    if (segment === '..') parts.pop()
    else if (segment !== '.') parts.push(segment)
  }
  const base = parts.join('/')
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (candidate in SOURCES) return candidate
  }
  return null
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The exports a file makes, following `export *`. */
function exportsOf(file: string, seen = new Set<string>()): ExportRef[] {
  if (seen.has(file)) return []
  seen.add(file)
  const source = SOURCES[file] ?? ''
  const out: ExportRef[] = []
  for (const match of source.matchAll(/export\s+\*\s+from\s+['"]([^'"]+)['"]/g)) {
    const target = resolve(file, match[1] as string)
    if (target) out.push(...exportsOf(target, seen))
  }
  for (const match of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*(?:from\s+['"]([^'"]+)['"])?/g)) {
    const allTypes = Boolean(match[1])
    const from = match[3] ? resolve(file, match[3]) : null
    for (const raw of (match[2] as string).split(',')) {
      const item = raw.replace(/\/\/.*$|\/\*[\s\S]*?\*\//g, '').trim()
      if (!item) continue
      const typeOnly = allTypes || item.startsWith('type ')
      const [local, name] = item.replace(/^type\s+/, '').split(/\s+as\s+/) as [string, string | undefined]
      out.push({ name: name ?? local, local, from: from ?? file, typeOnly })
    }
  }
  const declared =
    /export\s+(?:declare\s+)?(?:async\s+)?(function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g
  for (const match of source.matchAll(declared)) {
    const name = match[2] as string
    const typeOnly = match[1] === 'interface' || match[1] === 'type'
    out.push({ name, local: name, from: file, typeOnly })
  }
  return out
}

function docSummary(comment: string | undefined): string {
  if (!comment) return ''
  const lines = comment
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter((line, i, all) => !(i === 0 && line === '') && !(i === all.length - 1 && line === ''))
  const paragraph: string[] = []
  for (const line of lines) {
    if (line === '' || line.startsWith('@')) break
    paragraph.push(line)
  }
  return paragraph.join(' ')
}

/** Finds where `name` is declared, starting in `file` and following re-exports. */
function declarationOf(
  file: string,
  name: string,
  depth = 0,
): { file: string; keyword: string; summary: string } | null {
  if (depth > 8) return null
  const source = SOURCES[file] ?? ''
  const declaration = new RegExp(
    `(?:/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*)?(?:export\\s+)?(?:declare\\s+)?(?:async\\s+)?(function\\*?|const|let|class|interface|type|enum)\\s+${escapeRegExp(name)}\\b`,
  )
  const match = declaration.exec(source)
  if (match) return { file, keyword: match[2] as string, summary: docSummary(match[1]) }
  for (const ref of exportsOf(file)) {
    if (ref.name === name && ref.from && ref.from !== file)
      return declarationOf(ref.from, ref.local, depth + 1)
  }
  return null
}

function kindOf(name: string, keyword: string, typeOnly: boolean, file: string): ExportKind {
  if (typeOnly || keyword === 'interface' || keyword === 'type') return 'type'
  if (/^use[A-Z]/.test(name)) return 'hook'
  if (keyword === 'class') return 'class'
  if (/^[A-Z][a-z]/.test(name) && file.endsWith('.tsx')) return 'component'
  if (keyword.startsWith('function')) return 'function'
  return 'constant'
}

/** Every export of every entry point, in the order the entry files list them. */
export function apiReference(): ApiEntry[] {
  const out: ApiEntry[] = []
  for (const [entry, file] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
    const seen = new Set<string>()
    for (const ref of exportsOf(file)) {
      if (seen.has(ref.name)) continue
      seen.add(ref.name)
      const found = declarationOf(ref.from ?? file, ref.local)
      out.push({
        entry,
        name: ref.name,
        kind: kindOf(ref.name, found?.keyword ?? '', ref.typeOnly, found?.file ?? ''),
        summary: found?.summary ?? '',
        file: (found?.file ?? ref.from ?? file).replace(/^(\.\.\/)+/, ''),
      })
    }
  }
  return out
}
