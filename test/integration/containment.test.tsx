import { createHook } from 'node:async_hooks'
import { resolve } from 'node:path'
import { act, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { PresenceBadge, StatusProvider } from '../../src/react'
import { createLocalIm, LOCAL_IM_COMMAND, watchTimers } from '../../src/testing'
import { SDK_PACKAGES, startHarness, waitForSdk } from './harness'

/** The host each package's socket goes to on its own. */
const TENCENT_SOCKET = {
  'tim-js-sdk': /^wss:\/\/wss\.im\.qcloud\.com\/binfo\?sdkappid=\d+&/,
  '@tencentcloud/chat': /^wss:\/\/\d+w4c\.my-imcloud\.com\/binfo\?sdkappid=\d+&/,
} as const

/** Folders of the code whose timers the test follows: both SDK packages, and the library (engine and React layer). */
const OWN_CODE = ['node_modules/tim-js-sdk', 'node_modules/@tencentcloud/chat', 'src/core', 'src/react'].map(
  (folder) => `${resolve(import.meta.dirname, '../..', folder)}/`,
)

/**
 * Follows the Node timers (setTimeout, setInterval) that the SDK or the library create while it is on, told by a
 * frame of theirs in the stack at creation, through whatever references they hold (the harness's ledger sees only
 * those made through the global functions). A timer leaves when it has run (a timeout) or is cleared. Node's own
 * count of active timers would also count vitest's and testing-library's, which come and go as they please.
 */
function followOwnTimers() {
  const pending = new Map<number, { timer: { hasRef?: () => boolean }; stack: string }>()
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (type !== 'Timeout') return
      const limit = Error.stackTraceLimit
      Error.stackTraceLimit = 60
      const stack = new Error('timer created').stack ?? ''
      Error.stackTraceLimit = limit
      if (OWN_CODE.some((folder) => stack.includes(folder)))
        pending.set(asyncId, { timer: resource as object, stack })
    },
    destroy(asyncId) {
      pending.delete(asyncId)
    },
  }).enable()
  return {
    /** The stacks of those still pending that keep Node alive, once Node has told of every timer gone. */
    async leftBehind(): Promise<string[]> {
      // Node tells of destroyed timers a turn later.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve))
      return [...pending.values()].filter(({ timer }) => timer.hasRef?.() !== false).map(({ stack }) => stack)
    },
    stop() {
      hook.disable()
    },
  }
}

describe.each(SDK_PACKAGES)('$name: nothing leaves the machine, nothing is left behind', (pkg) => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('every socket and XHR went to the stand-in, the real ones were never called, and no timer or socket is left', async () => {
    // Stand-ins for the real classes that record any use: the stand-in must sit in front of them.
    const realWebSocket = vi.fn()
    const realXhr = vi.fn()
    const realFetch = vi.fn()
    vi.stubGlobal('WebSocket', realWebSocket)
    vi.stubGlobal('XMLHttpRequest', realXhr)
    vi.stubGlobal('fetch', realFetch)
    const ownTimers = followOwnTimers()
    onTestFinished(() => ownTimers.stop())

    const h = startHarness(pkg)
    const laptop = await h.device('me')
    const phone = await h.device('me')
    h.im.setStatus('alice', { statusType: 1 })
    render(
      <StatusProvider tim={laptop.tim}>
        <PresenceBadge userID="alice" data-testid="alice" />
      </StatusProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('alice')).toHaveAttribute('data-status', 'online'))
    act(() => h.im.setStatus('alice', { statusType: 2 }))
    await waitFor(() => expect(screen.getByTestId('alice')).toHaveAttribute('data-status', 'offline'))
    // Each session asks for its blacklist once: a reply the SDK reads as "more pages" would make it ask forever.
    expect(h.im.commandsOf(LOCAL_IM_COMMAND.GET_BLACKLIST).length).toBeLessThanOrEqual(2)
    await act(() => phone.logout())
    await h.teardown()

    expect(realWebSocket).not.toHaveBeenCalled()
    expect(realXhr).not.toHaveBeenCalled()
    expect(realFetch).not.toHaveBeenCalled()
    // The SDKs really tried to reach Tencent (one socket per instance) and were caught.
    const sockets = h.im.caught.filter((c) => c.kind === 'websocket')
    expect(sockets).toHaveLength(2)
    for (const socket of sockets) expect(socket.url).toMatch(TENCENT_SOCKET[pkg.name])
    for (const request of h.im.caught.filter((c) => c.kind !== 'websocket')) {
      expect(request.url).toMatch(
        /^https:\/\/[a-z0-9.-]+\.(qcloud\.com|my-imcloud\.com|tencent-cloud\.com)\//,
      )
    }
    // The globals are back as they were before the stand-in.
    expect(globalThis.WebSocket).toBe(realWebSocket)
    expect(globalThis.XMLHttpRequest).toBe(realXhr)
    // teardown found no socket open and no timer live in its ledger; no timer of the SDK or the library is left.
    expect(h.im.openSockets()).toBe(0)
    expect(h.im.pendingTimers()).toBe(0)
    expect(await ownTimers.leftBehind()).toEqual([])
  })

  it('the interval the SDK leaks on a logout right after login is found and cleared', async () => {
    const timers = watchTimers(globalThis)
    const im = createLocalIm()
    const restore = im.install()
    try {
      const tim = pkg.module.create({ SDKAppID: 1_400_009_000 })
      tim.setLogLevel(4)
      const ready = new Promise((resolve) => tim.on(pkg.module.EVENT.SDK_READY, resolve))
      await tim.login({ userID: 'quick', userSig: 'local' })
      await ready
      // Logout before the SDK's first tick while logged in, then destroy: the SDK stops all it knows of.
      await tim.logout()
      await tim.destroy().catch(() => {})
      await waitForSdk(() => expect(im.openSockets()).toBe(0))
      await waitForSdk(() => expect(timers.live().filter((t) => t.kind === 'timeout')).toEqual([]))
      // What it forgot: the 1 s interval from `create`, overwritten by the one the logout started.
      expect(timers.live()).toEqual([{ kind: 'interval', delayMs: 1000 }])
      expect(timers.clearLive()).toHaveLength(1)
      expect(timers.live()).toEqual([])
    } finally {
      timers.clearLive()
      timers.restore()
      im.dispose()
      restore()
    }
  })
})
