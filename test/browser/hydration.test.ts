/**
 * The Next.js App Router recipe of docs/nextjs.md, proven without Next.js: the app's tree (test/browser/nextApp.tsx:
 * a root layout and a page as server components, a `'use client'` boundary that makes the SDK on the client only
 * and holds `<StatusProvider>`, badges and hooks below it) is rendered to HTML in node with react-dom/server, as
 * Next.js does for a request, then hydrated in Chromium with React's development build, as Next.js's client does.
 * The fake SDK of react-tim-status/testing stands in for `TencentCloudChat.create` (test/browser/fakeChat.ts).
 */

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { type Browser, chromium, type Page } from 'playwright-core'
import { createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CHROMIUM } from '../chromium.mjs'
import { CONTACTS, SELF, sdkLog } from './fakeChat'
import type { PageHandle } from './hydrationClient'
import { type AppProps, NextApp } from './nextApp'
import { type Seen, watchPage } from './watchPage'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
/** Room for a busy machine: nothing here should take more than a second or two. */
const WAIT = { timeout: 30_000 }

const PROPS: AppProps = {
  userID: SELF.userID,
  userSig: 'user-sig-made-on-the-server',
  contacts: Object.keys(CONTACTS).map((userID) => ({
    userID,
    name: userID.charAt(0).toUpperCase() + userID.slice(1),
  })),
}
/** What the badges show once the fake SDK answered (CONTACTS, in order). */
const KNOWN = ['online', 'offline', 'unlogined']
const KNOWN_NAMES = ['Online: coding', 'Offline', 'Not logged in']

let html = ''
/** The server HTML with the first badge claiming a status the client does not render: a mismatch to be caught. */
let tampered = ''
let bundle = ''
let server: Server
let origin = ''
let browser: Browser
/** Paths asked of the server that it does not have. */
const misses: string[] = []

/** The document for one request, as Next.js streams it: the shell, then the script that hydrates it. */
function renderDocument(props: AppProps): Promise<string> {
  return new Promise((done, fail) => {
    const errors: unknown[] = []
    let out = ''
    const sink = new PassThrough()
    sink.setEncoding('utf8')
    sink.on('data', (chunk: string) => {
      out += chunk
    })
    sink.on('end', () => (errors.length > 0 ? fail(errors[0]) : done(out)))
    const stream = renderToPipeableStream(createElement(NextApp, props), {
      bootstrapModules: ['/client.js'],
      onAllReady: () => stream.pipe(sink),
      onShellError: fail,
      onError: (error) => {
        errors.push(error)
      },
    })
  })
}

/** Every badge's opening tag in the HTML. */
function badgeTags(document: string): string[] {
  return (document.match(/<span [^>]*>/g) ?? []).filter((tag) => tag.includes('data-rts-badge'))
}

beforeAll(async () => {
  html = await renderDocument(PROPS)
  const first = badgeTags(html)[0] ?? ''
  tampered = html.replace(first, first.replace('data-status="unknown"', 'data-status="offline"'))

  const result = await build({
    entryPoints: [resolve(here, 'hydrationClient.tsx')],
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    // React's development build: it reports every hydration mismatch.
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  })
  expect(result.errors).toEqual([])
  expect(result.warnings).toEqual([])
  bundle = result.outputFiles[0]?.text ?? ''

  const pages: Record<string, () => string> = { '/': () => html, '/tampered': () => tampered }
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const page = pages[path]
    if (page) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page())
    else if (path === '/client.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
    else if (path === '/favicon.ico') response.writeHead(204).end()
    else {
      misses.push(path)
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({ ...CHROMIUM, timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((done) => server?.close(done))
})

/** Opens `path` with everything watched; the page is loaded and `window.rts` is there, nothing hydrated yet. */
async function open(path: string): Promise<{ page: Page; seen: Seen }> {
  const page = await browser.newPage()
  page.setDefaultTimeout(WAIT.timeout)
  const seen = await watchPage(page, origin)
  await page.goto(`${origin}${path}`, { waitUntil: 'load', ...WAIT })
  await page.waitForFunction(() => 'rts' in window, undefined, WAIT)
  return { page, seen }
}

/** The `data-status` of every badge, in order. */
function statuses(page: Page): Promise<(string | null)[]> {
  return page
    .locator('[data-rts-badge]')
    .evaluateAll((badges) => badges.map((b) => b.getAttribute('data-status')))
}

/** Waits until MyStatus (the `<p>` of the page) says `text` before its button. */
function myStatusSays(page: Page, text: string): Promise<unknown> {
  return page.waitForFunction(
    (expected) => document.querySelector('main > p')?.firstChild?.textContent === expected,
    text,
    { ...WAIT, polling: 50 },
  )
}

function sdkOf(page: Page): Promise<ReturnType<PageHandle['sdk']>> {
  return page.evaluate(() => (window as unknown as { rts: PageHandle }).rts.sdk())
}

test('the server renders every badge unknown with its name, and makes no SDK', () => {
  const badges = badgeTags(html)
  expect(badges).toHaveLength(PROPS.contacts.length)
  for (const badge of badges) {
    expect(badge).toContain('role="img"')
    expect(badge).toContain('data-status="unknown"')
    expect(badge).toContain('aria-label="Status unknown"')
  }
  // The hooks show "nothing known yet" as well.
  expect(html).toContain('<h1>bob is unknown</h1>')
  expect(html).toContain('<p>Connecting…<button type="button">Busy</button></p>')
  // The document Next.js would send: the layout's <html>, and the module that hydrates it.
  expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true)
  expect(html).toMatch(/<script type="module" src="\/client\.js"[^>]*><\/script><\/body><\/html>$/)
  // Nothing of the SDK ran on the server: never created (so never logged in); the provider had tim={null}.
  expect(sdkLog).toEqual({ createCalls: 0, logins: 0, instances: [] })
})

test('Chromium hydrates it without a warning; the SDK made on the client logs in and the badges go live', async () => {
  const { page, seen } = await open('/')
  // The server HTML as the browser shows it before any script of the app ran.
  await expect(page.getByRole('img', { name: 'Status unknown' }).count()).resolves.toBe(PROPS.contacts.length)
  expect(await sdkOf(page)).toEqual({ createCalls: 0, instances: 0, logins: 0 })
  const serverBadges = await page.locator('[data-rts-badge]').elementHandles()
  const serverHeader = await page.locator('h1').elementHandle()

  await page.evaluate((props) => (window as unknown as { rts: PageHandle }).rts.hydrate(props), PROPS)

  // The fake SDK logs in (30 ms), the badges ask once on screen (150 ms), the answers arrive (30 ms).
  await page.waitForFunction(
    (known) => {
      const badges = [...document.querySelectorAll('[data-rts-badge]')]
      return badges.map((badge) => badge.getAttribute('data-status')).join() === known.join()
    },
    KNOWN,
    { ...WAIT, polling: 50 },
  )
  expect(await statuses(page)).toEqual(KNOWN)
  for (const name of KNOWN_NAMES)
    await expect(page.getByRole('img', { name, exact: true }).count()).resolves.toBe(1)
  await page.getByText('bob is online', { exact: true }).waitFor(WAIT)
  await myStatusSays(page, SELF.customStatus)

  // Hydrated, not re-rendered: the server's nodes are the ones that now show the statuses.
  const kept = [...serverBadges, serverHeader].map((node) => node?.evaluate((element) => element.isConnected))
  expect(await Promise.all(kept)).toEqual(Array(PROPS.contacts.length + 1).fill(true))
  expect(await serverBadges[0]?.getAttribute('data-status')).toBe('online')

  // Live: a change on the backend reaches the badge and the hook (both subscribed).
  await page.evaluate(() =>
    (window as unknown as { rts: PageHandle }).rts.setStatus('bob', { statusType: 2, customStatus: '' }),
  )
  await page.getByText('bob is offline', { exact: true }).waitFor(WAIT)
  await page.waitForFunction(
    () => document.querySelector('[data-rts-badge]')?.getAttribute('data-status') === 'offline',
    undefined,
    { ...WAIT, polling: 50 },
  )

  // The own status through useSelfStatus: set, then pushed back by the backend.
  await page.getByRole('button', { name: 'Busy' }).click()
  await myStatusSays(page, 'In a meeting')

  // One SDK (StrictMode calls the `useState` initializer twice; the second call gets the same instance), one login.
  const sdk = await sdkOf(page)
  expect(sdk.createCalls).toBeGreaterThanOrEqual(1)
  expect(sdk).toMatchObject({ instances: 1, logins: 1 })
  expect(await page.evaluate(() => (window as unknown as { rts: PageHandle }).rts.recoverable)).toEqual([])
  expect(seen).toEqual({ console: [], pageErrors: [], offHost: [] })
  expect(misses).toEqual([])
  await page.close()
})

test('the check is not blind: a badge that the server rendered differently is reported', async () => {
  const { page, seen } = await open('/tampered')
  const reported = page.waitForEvent('console', {
    predicate: (message) => message.type() === 'error' && /hydrat/i.test(message.text()),
    ...WAIT,
  })
  await page.evaluate((props) => (window as unknown as { rts: PageHandle }).rts.hydrate(props), PROPS)
  const message = (await reported).text()
  expect(message).toContain("didn't match")
  expect(message).toContain('data-status')
  expect(seen.console.length).toBeGreaterThan(0)
  expect(seen.offHost).toEqual([])
  await page.close()
})
