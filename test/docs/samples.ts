// The `ts` and `tsx` code blocks of the Markdown docs, and a typecheck of them against the library's source
// (test/types/docsSamples.test.ts). Each block is a module of its own, written under node_modules/.cache so that
// the packages it imports resolve as they would in an app; the library's entry points are mapped to src/.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** One code block of a Markdown file. */
export interface Sample {
  /** The Markdown file, relative to the repository. */
  file: string
  /** 1-based line of the block's first line of code in that file. */
  line: number
  lang: 'ts' | 'tsx'
  code: string
}

const OPEN = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/
const LANGS: Record<string, Sample['lang']> = { ts: 'ts', typescript: 'ts', tsx: 'tsx' }

/** The `ts` / `typescript` / `tsx` fenced blocks of a Markdown text (other fences are skipped). */
export function extractSamples(file: string, markdown: string): Sample[] {
  const lines = markdown.split(/\r?\n/)
  const samples: Sample[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] as string)
    if (!open) continue
    const [, indent = '', fence = '```', info = ''] = open
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`)
    const start = i + 1
    let end = start
    while (end < lines.length && !close.test(lines[end] as string)) end++
    const lang = LANGS[info.toLowerCase()]
    if (lang) {
      const code = lines
        .slice(start, end)
        .map((text) => (text.startsWith(indent) ? text.slice(indent.length) : text.trimStart()))
        .join('\n')
      samples.push({ file, line: start + 1, lang, code })
    }
    i = end
  }
  return samples
}

/** README.md, CONTRIBUTING.md and every Markdown file under docs/, relative to the repository. */
export function docFiles(root = ROOT): string[] {
  const files = ['README.md', 'CONTRIBUTING.md'].filter((file) => {
    try {
      readFileSync(join(root, file))
      return true
    } catch {
      return false
    }
  })
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) files.push(path)
    }
  }
  walk('docs')
  return files.sort()
}

export function samplesOf(files: readonly string[], root = ROOT): Sample[] {
  return files.flatMap((file) => extractSamples(file, readFileSync(join(root, file), 'utf8')))
}

/** Where a sample is: `docs/api.md:42`. */
export const where = (sample: Sample, lineInSample = 0) => `${sample.file}:${sample.line + lineInSample}`

/** What the samples may import: the package's entry points, as an app imports them, mapped to the source. */
const ENTRY_POINTS: Record<string, string> = {
  'react-tim-status': 'src/index.ts',
  'react-tim-status/core': 'src/core/index.ts',
  'react-tim-status/testing': 'src/testing/index.ts',
  'react-tim-status/devtools': 'src/devtools/index.ts',
}

/**
 * Declarations every sample sees: the stylesheet entry (a side-effect import), and the jest-dom matchers that a
 * test setup file adds (`import '@testing-library/jest-dom/vitest'`).
 */
const AMBIENT = `/// <reference types="@testing-library/jest-dom/vitest" />
declare module 'react-tim-status/styles.css'
`

export interface TypecheckResult {
  /** Errors by sample, each as `file:line:column message`; samples with none are absent. */
  errors: Map<Sample, string[]>
  /** Errors that belong to no sample (options, global declarations). */
  general: string[]
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = join(root, 'tsconfig.json')
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configFile)
  return {
    ...options,
    noEmit: true,
    // The app's view: no test globals (samples import from vitest), Node's types for SSR and tests.
    types: ['node'],
    paths: Object.fromEntries(
      Object.entries(ENTRY_POINTS).map(([name, path]) => [name, [resolve(root, path)]]),
    ),
  }
}

const message = (diagnostic: ts.Diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')

/**
 * Typechecks every sample as a module of its own, in one program. The files are written to `outDir` (inside the
 * repository, so that imports resolve from its node_modules) and removed afterwards.
 */
export function typecheckSamples(
  samples: readonly Sample[],
  { root = ROOT, outDir = join(root, 'node_modules/.cache/doc-samples', String(process.pid)) } = {},
): TypecheckResult {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  try {
    const bySource = new Map<string, Sample>()
    samples.forEach((sample, i) => {
      const name = `${String(i).padStart(3, '0')}-${sample.file.replace(/[^\w]+/g, '_')}-L${sample.line}.${sample.lang}`
      const path = join(outDir, name)
      // `export {}` keeps a sample without imports a module, so that samples never share top-level names.
      writeFileSync(path, `${sample.code}\nexport {}\n`)
      bySource.set(resolve(path), sample)
    })
    const ambient = join(outDir, 'ambient.d.ts')
    writeFileSync(ambient, AMBIENT)

    const program = ts.createProgram([...bySource.keys(), ambient], compilerOptions(root))
    const errors = new Map<Sample, string[]>()
    const general: string[] = []
    // The samples only: the source and the tests are typechecked by `npm run typecheck`.
    const all = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...[...bySource.keys(), ambient].flatMap((path) => {
        const file = program.getSourceFile(path)
        return file ? [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)] : []
      }),
    ]
    for (const diagnostic of all) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue
      const source = diagnostic.file ? bySource.get(resolve(diagnostic.file.fileName)) : undefined
      if (!source || !diagnostic.file || diagnostic.start === undefined) {
        const at = diagnostic.file ? `${relative(root, diagnostic.file.fileName)}: ` : ''
        general.push(`${at}TS${diagnostic.code}: ${message(diagnostic)}`)
        continue
      }
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
      const text = `${where(source, line)}:${character + 1} TS${diagnostic.code}: ${message(diagnostic)}`
      errors.set(source, [...(errors.get(source) ?? []), text])
    }
    return { errors, general }
  } finally {
    rmSync(outDir, { recursive: true, force: true })
    // The parent too, once no other run uses it.
    if (readdirSync(dirname(outDir)).length === 0) rmSync(dirname(outDir), { recursive: true, force: true })
  }
}
