/**
 * `npm run build-storybook` must give a site that works from any folder: this builds it, serves it from a nested
 * path on 127.0.0.1 and opens a story in Debian's Chromium, as someone hosting the folder would.
 */

import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CHROMIUM } from '../chromium.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const FOLDER = '/any/nested/folder/'
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

let out = ''
let server: Server
let base = ''
let browser: Browser
/** Paths asked for that the folder does not have (outside it, or missing). */
const misses: string[] = []

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

/** The environment of a plain `npm run build-storybook`: without what vitest sets for its own workers. */
function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' }
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_ENV') delete env[key]
  return env
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'rts-storybook-'))
  await promisify(execFile)(
    join(root, 'node_modules/.bin/storybook'),
    ['build', '--output-dir', out, '--quiet'],
    {
      cwd: root,
      env: buildEnv(),
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    let file = resolve(out, `.${sep}${path.slice(FOLDER.length)}`)
    if (!path.startsWith(FOLDER) || relative(out, file).startsWith('..')) {
      misses.push(path)
      response.writeHead(404).end()
      return
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
      const body = await readFile(file)
      response
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body)
    } catch {
      misses.push(path)
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${FOLDER}`
  browser = await chromium.launch(CHROMIUM)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((done) => server?.close(done))
  if (out) await rm(out, { recursive: true, force: true })
})

test('the build holds the playground and no library build output', async () => {
  const files = (await filesUnder(out)).map((file) => relative(out, file))
  expect(files).toContain('index.html')
  expect(files).toContain('iframe.html')
  // The library build's plugins are dropped: no declarations, no copied stylesheet.
  expect(files.filter((file) => /\.d\.(m|c)?ts$/.test(file))).toEqual([])
  expect(files).not.toContain('styles.css')
  const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { entries: object }
  expect(Object.keys(index.entries)).toContain('playground-contact-list--five-thousand-contacts')
})

test('served from a nested folder, the manager shows a story with its live badge', async () => {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  await page.goto(`${base}?path=/story/components-presencebadge--online`)
  const story = page.frameLocator('#storybook-preview-iframe')
  const badge = story.getByRole('img', { name: 'Online' })
  await badge.waitFor({ timeout: 30_000 })
  expect(await badge.getAttribute('data-status')).toBe('online')
  // The docs page of the same component renders too.
  await page.goto(`${base}?path=/docs/components-presencebadge--docs`)
  await story.getByRole('heading', { name: 'PresenceBadge', level: 1 }).waitFor({ timeout: 30_000 })
  expect(errors).toEqual([])
  expect(misses).toEqual([])
  await page.close()
})
