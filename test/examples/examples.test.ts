/**
 * The example apps (examples/), as their users run them: `npm ci` installs the library as a packed copy of this
 * folder (`file:../..` with `install-links`, so only its `files`, like a registry install; needs `vite build`
 * first, as `npm test` does), the app's own `npm run build` (strict typecheck and production build), its own server
 * on 127.0.0.1, then the page in Chromium. Fails on any console error or warning, any uncaught error, any request
 * off 127.0.0.1, or a badge that does not reach the status the example's backend was given.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { access } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CONTACTS as TEAM } from '../../examples/next/app/people'
import { CONTACTS } from '../../examples/vite/src/people'
import { type Seen, watchPage } from '../browser/watchPage'
import { CHROMIUM } from '../chromium.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** Installs and builds on a busy 2-core machine: room to spare. */
const SETUP_MS = 300_000
/** Waits in the page: the fake answers in 40 ms, a busy machine may be slow to render 2,000 rows. */
const WAIT = { timeout: 30_000 }
const STATE = { 1: 'online', 2: 'offline', 3: 'unlogined' } as const

/** The environment of a user's shell: without what vitest sets for its workers (NODE_ENV=test among them). */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', npm_config_fund: 'false' }
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_ENV') delete env[key]
  return env
}

async function run(cwd: string, command: string, args: string[]): Promise<void> {
  await promisify(execFile)(command, args, { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024 })
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

/** An example, installed and built, served by its own script on 127.0.0.1. */
interface Served {
  origin: string
  stop(): Promise<void>
}

async function installBuildServe(name: string, serve: (port: number) => string[]): Promise<Served> {
  const cwd = join(root, 'examples', name)
  await access(join(root, 'dist/index.js')) // the packed copy is of dist: `vite build` (npm test) comes first
  await run(cwd, 'npm', ['ci', '--no-audit', '--no-fund'])
  await run(cwd, 'npm', ['run', 'build'])
  const port = await freePort()
  const child: ChildProcess = spawn('npm', ['run', ...serve(port)], {
    cwd,
    env: userEnv(),
    stdio: 'ignore',
    detached: true, // its own process group: npm, the server and their children stop together
  })
  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`examples/${name}: the server exited (${child.exitCode})`)
    const up = await fetch(origin).then(
      (response) => response.ok,
      () => false,
    )
    if (up) break
    if (Date.now() > deadline) throw new Error(`examples/${name}: no answer on ${origin}`)
    await new Promise((done) => setTimeout(done, 200)) // polling a child process for its port, not a test wait
  }
  return {
    origin,
    async stop() {
      if (child.pid && child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done))
        process.kill(-child.pid, 'SIGTERM')
        await exited
      }
    },
  }
}

async function open(browser: Browser, origin: string): Promise<{ page: Page; seen: Seen }> {
  const page = await browser.newPage()
  page.setDefaultTimeout(WAIT.timeout)
  const seen = await watchPage(page, origin)
  await page.goto(origin, { waitUntil: 'load', ...WAIT })
  return { page, seen }
}

/** The `data-status` of each row's badge, by the row's `data-user-id`. */
function badgesByUser(page: Page): Promise<Record<string, string | null>> {
  return page
    .locator('li[data-user-id]')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [
          row.getAttribute('data-user-id'),
          row.querySelector('[data-rts-badge]')?.getAttribute('data-status') ?? null,
        ]),
      ),
    )
}

/** Waits until every row's badge shows `expected` (by user ID). */
async function untilBadgesShow(page: Page, expected: Record<string, string>): Promise<void> {
  await page.waitForFunction(
    (want) =>
      [...document.querySelectorAll('li[data-user-id]')].every(
        (row) =>
          row.querySelector('[data-rts-badge]')?.getAttribute('data-status') ===
          want[row.getAttribute('data-user-id') ?? ''],
      ),
    expected,
    WAIT,
  )
}

let browser: Browser

beforeAll(async () => {
  browser = await chromium.launch(CHROMIUM)
})

afterAll(async () => {
  await browser?.close()
})

describe('examples/vite', () => {
  let served: Served | undefined

  beforeAll(async () => {
    served = await installBuildServe('vite', (port) => [
      'preview',
      '--',
      '--port',
      String(port),
      '--strictPort',
    ])
  }, SETUP_MS)

  afterAll(async () => {
    await served?.stop()
  })

  test('2,000 badges reach the backend statuses; the header is live; the own status is set', async () => {
    const { page, seen } = await open(browser, served!.origin)
    const expected = Object.fromEntries(CONTACTS.map((c) => [c.userID, STATE[c.statusType]]))
    await untilBadgesShow(page, expected)
    expect(Object.keys(await badgesByUser(page))).toHaveLength(2000)
    const online = CONTACTS.filter((contact) => contact.statusType === 1).length
    await page.getByRole('heading', { name: `Contacts ${online} of 2000 online` }).waitFor()

    // The chat header's contact comes online on the backend: pushed to the live header.
    const header = page.getByTestId('chat-header-badge')
    expect(await header.getAttribute('data-status')).toBe('offline')
    await page.getByRole('button', { name: /goes online$/ }).click()
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="chat-header-badge"]')?.getAttribute('data-status') === 'online',
      undefined,
      WAIT,
    )

    // The own status, set through the form.
    await page.getByRole('textbox', { name: 'Custom status' }).fill('At lunch')
    await page.getByRole('button', { name: 'Set' }).click()
    await page.getByTestId('my-status').filter({ hasText: 'At lunch' }).waitFor()

    expect(seen).toEqual({ console: [], pageErrors: [], offHost: [] })
    await page.close()
  })
})

describe('examples/next', () => {
  let served: Served | undefined

  beforeAll(async () => {
    served = await installBuildServe('next', (port) => ['start', '--', '--port', String(port)])
  }, SETUP_MS)

  afterAll(async () => {
    await served?.stop()
  })

  test('the server sends every badge unknown, and without a mismatch they reach the backend statuses', async () => {
    const html = await (await fetch(served!.origin)).text()
    const sent = [...html.matchAll(/data-status="(\w+)"/g)].map((match) => match[1])
    expect(sent).toEqual(TEAM.map(() => 'unknown'))

    const { page, seen } = await open(browser, served!.origin)
    await untilBadgesShow(page, Object.fromEntries(TEAM.map((c) => [c.userID, STATE[c.statusType]])))
    await page.getByRole('heading', { name: `${TEAM[0]!.userID} is online` }).waitFor()
    const online = TEAM.filter((contact) => contact.statusType === 1).length
    await page.getByRole('heading', { name: `Team ${online} of ${TEAM.length} online` }).waitFor()

    await page.getByRole('button', { name: 'Busy' }).click()
    await page.getByText('My status: In a meeting').waitFor()

    expect(seen).toEqual({ console: [], pageErrors: [], offHost: [] })
    await page.close()
  })
})
