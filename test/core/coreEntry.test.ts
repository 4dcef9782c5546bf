// `react-tim-status/core` as an app without React gets it (issue 10): the built package in a folder whose
// node_modules holds only it and zustand (a peer the store needs), loaded by Node as ESM and as CommonJS.
// Uses dist/, which `npm test` builds (vite build) before the tests run.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
let app = ''

/** A minimal SDK: ready, answers every status query with everyone online. */
const SCRIPT = `
const tim = {
  on() {}, off() {},
  isReady: () => true, getLoginUser: () => 'me',
  getUserStatus: async ({ userIDList }) => ({ data: { successUserList: userIDList.map((userID) => ({ userID, statusType: 1, customStatus: '' })), failureUserList: [] } }),
  subscribeUserStatus: async () => ({ data: { failureUserList: [] } }),
  unsubscribeUserStatus: async () => ({ data: { failureUserList: [] } }),
  setSelfStatus: async () => ({ data: {} }),
}
const client = core.createStatusClient(tim)
const stop = client.start()
client.fetch(['bob']).then((statuses) => {
  console.log(JSON.stringify({ readiness: client.getState().readiness, bob: statuses.bob.statusType }))
  stop()
})
`

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, args, { cwd: app, timeout: 30_000 }).then((out) => out.stdout.trim())

beforeAll(async () => {
  await stat(join(root, 'dist/core.js')).catch(() => {
    throw new Error('dist/core.js is missing: run `vite build` first (npm test does)')
  })
  app = await mkdtemp(join(tmpdir(), 'rts-core-'))
  const pkg = join(app, 'node_modules/react-tim-status')
  await mkdir(pkg, { recursive: true })
  await cp(join(root, 'dist'), join(pkg, 'dist'), { recursive: true })
  await cp(join(root, 'package.json'), join(pkg, 'package.json'))
  await symlink(join(root, 'node_modules/zustand'), join(app, 'node_modules/zustand'), 'dir')
  await writeFile(join(app, 'esm.mjs'), `import * as core from 'react-tim-status/core'\n${SCRIPT}`)
  await writeFile(join(app, 'cjs.cjs'), `const core = require('react-tim-status/core')\n${SCRIPT}`)
  await writeFile(join(app, 'main.mjs'), `import 'react-tim-status'\n`)
})

afterAll(async () => {
  if (app) await rm(app, { recursive: true, force: true })
})

describe('react-tim-status/core without React installed', () => {
  it('loads as ESM and fetches a status', async () => {
    expect(JSON.parse(await run(['esm.mjs']))).toEqual({ readiness: 'ready', bob: 1 })
  })

  it('loads as CommonJS and fetches a status', async () => {
    expect(JSON.parse(await run(['cjs.cjs']))).toEqual({ readiness: 'ready', bob: 1 })
  })

  it('while the main entry needs React (which is why /core exists)', async () => {
    await expect(run(['main.mjs'])).rejects.toThrow(
      /Cannot find (package|module) 'react'|@tanstack\/react-query/,
    )
  })
})
