// Pay for what you use: an app bundles a feature only through the hook or component that uses it. Each app below is
// bundled from the sources as a production build would (esbuild, minified, NODE_ENV production, React and zustand
// external), and the test reads which source files ended up in it.
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../../', import.meta.url).pathname

/** The source files an app importing `names` from `entry` bundles (node_modules as package names). */
async function bundled(names: string, entry = 'src/index.ts'): Promise<string[]> {
  const result = await build({
    stdin: {
      contents: `import { ${names} } from './${entry}'; console.log(${names})`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    jsx: 'automatic',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['react', 'react/*', 'react-dom', 'zustand', 'zustand/*'],
  })
  const output = Object.values(result.metafile.outputs)[0]
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1'))
}

/** Modules only some hooks bring: visibility, look-ahead, inspection, counts, sorting, expiry, auto-away. */
const OPTIONAL = [
  'src/core/visibility.ts',
  'src/react/screenObserver.ts',
  'src/core/lookAhead.ts',
  'src/core/inspect.ts',
  'src/core/statusExpiry.ts',
  'src/react/useAutoAway.ts',
  'src/react/useOnlineCount.ts',
  'src/react/useSortedByStatus.ts',
]

describe('what an app bundles', () => {
  it('StatusProvider + useUserStatus: no react-query, no visibility, no look-ahead, no inspection', async () => {
    const files = await bundled('StatusProvider, useUserStatus')
    expect(files).toContain('src/core/engine.ts')
    expect(files.filter((file) => file.startsWith('@tanstack'))).toEqual([])
    expect(files.filter((file) => OPTIONAL.includes(file))).toEqual([])
  }, 30_000)

  it('a badge brings visibility, not react-query nor the look-ahead; usePrefetchStatus brings the look-ahead', async () => {
    const badge = await bundled('StatusProvider, PresenceBadge')
    expect(badge).toContain('src/core/visibility.ts')
    expect(badge).toContain('src/react/screenObserver.ts')
    expect(badge.filter((file) => file.startsWith('@tanstack') || file === 'src/core/lookAhead.ts')).toEqual(
      [],
    )
    const prefetch = await bundled('StatusProvider, usePrefetchStatus')
    expect(prefetch).toContain('src/core/lookAhead.ts')
  }, 30_000)

  it('useSelfStatus brings react-query (its mutation); the engine without React brings neither', async () => {
    expect(await bundled('StatusProvider, useSelfStatus')).toContain('@tanstack/query-core')
    const core = await bundled('createStatusClient', 'src/core/index.ts')
    expect(core.filter((file) => file.startsWith('@tanstack') || file.startsWith('src/react'))).toEqual([])
  }, 30_000)
})
