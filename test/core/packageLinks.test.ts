// The README and the docs as npm users read them: every relative link resolves to a file the package ships.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../../', import.meta.url).pathname

/** The files `npm pack` puts in the package (paths relative to its root). */
function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }]
  return new Set(pack.files.map((file) => file.path))
}

/** The relative links of a Markdown file, resolved from the package root, anchors left out. */
function relativeLinks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string)
  return links
    .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
    .map((link) => normalize(join(dirname(file), link.split('#')[0] as string)))
}

describe('links npm users follow', () => {
  it('every relative link of README.md and docs/ points at a file inside the package', () => {
    const packed = packedFiles()
    const docs = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'))
    const pages = ['README.md', ...docs.map((name) => `docs/${name}`)]
    for (const page of pages) expect(packed.has(page), `${page} is packed`).toBe(true)
    const dead = pages.flatMap((page) =>
      relativeLinks(page)
        .filter((target) => !packed.has(target))
        .map((target) => `${page} -> ${target}`),
    )
    expect(dead).toEqual([])
  }, 30_000)
})
