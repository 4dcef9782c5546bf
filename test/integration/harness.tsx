import { createRequire } from 'node:module'
import TencentCloudChat from '@tencentcloud/chat'
import { cleanup } from '@testing-library/react'
import TIM from 'tim-js-sdk'
import { expect, vi } from 'vitest'
import type { TimLike } from '../../src/core'
import {
  createLocalIm,
  type LiveTimer,
  LOCAL_IM_COMMAND,
  type LocalIm,
  type LocalImOptions,
  type TimerWatch,
  watchTimers,
} from '../../src/testing'
import { SDK_WAIT_MS } from './setup'

/** What the suite uses of an instance of either real SDK. */
export interface RealSdk extends TimLike {
  login(options: { userID: string; userSig: string }): Promise<unknown>
  logout(): Promise<unknown>
  destroy(): Promise<unknown>
  setLogLevel(level: number): void
}

/** What the suite uses of either SDK module (`TIM`, `TencentCloudChat`). */
export interface RealSdkModule {
  create(options: { SDKAppID: number }): RealSdk
  EVENT: { SDK_READY: string; SDK_NOT_READY: string; USER_STATUS_UPDATED: string }
}

/** One real SDK package under test. */
export interface SdkPackage {
  /** The package name, as `require` resolves it. */
  name: 'tim-js-sdk' | '@tencentcloud/chat'
  /** The module the app imports (the first device of a test uses it). */
  module: RealSdkModule
}

/** Both real packages, for `describe.each`. */
export const SDK_PACKAGES: SdkPackage[] = [
  { name: 'tim-js-sdk', module: TIM },
  { name: '@tencentcloud/chat', module: TencentCloudChat },
]

const require = createRequire(import.meta.url)

/**
 * A second copy of the SDK module, as another tab or device would load it. `create` returns one instance per
 * SDKAppID and module (checked: a second `create` with the same SDKAppID gives the same object), so a second
 * session of the same user in one page needs its own copy of the module.
 */
function freshCopy(name: SdkPackage['name']): RealSdkModule {
  const path = require.resolve(name)
  const cached = require.cache[path]
  delete require.cache[path]
  try {
    const copy = require(name) as RealSdkModule | { default: RealSdkModule }
    return 'default' in copy ? copy.default : copy
  } finally {
    if (cached) require.cache[path] = cached
  }
}

/** One SDK instance logged in to the local backend. */
export interface Device {
  tim: RealSdk
  userID: string
  /** The backend's session of its current login. */
  session: number
  /** Logs out, recording the interval the SDK starts then (see `recordSdkIntervals`). */
  logout(): Promise<void>
  /** Logs in again and waits for SDK_READY. */
  login(): Promise<void>
}

/** The local backend, installed, with a ledger of timers, and the devices a test logged in. */
export interface Harness {
  im: LocalIm
  timers: TimerWatch
  /** Creates an SDK instance (a fresh module copy after the first) and logs it in as `userID`. */
  device(userID: string, options?: { loggedIn?: boolean }): Promise<Device>
  /** Unmounts React, destroys every SDK instance, and checks that no socket or timer is left. */
  teardown(): Promise<void>
}

/**
 * `vi.waitFor` with room for the SDK's own timers (vitest has no global default for it; its own is 1 s).
 * Testing-library's `waitFor` gets the same from ./setup.
 */
export function waitForSdk<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: SDK_WAIT_MS })
}

let nextAppID = 1_400_000_100

/** Starts the local backend for one test of one package: nothing reaches the network from here on. */
export function startHarness(pkg: SdkPackage, options: LocalImOptions = {}): Harness {
  // The ledger must be running before `create`: the SDK starts its 1 s interval there.
  const timers = watchTimers(globalThis)
  const im = createLocalIm(options)
  const restore = im.install()
  const appID = nextAppID++
  const instances: RealSdk[] = []

  /**
   * The SDK starts a 1 s interval at `create` and again at every logout, and clears it only on its first tick
   * while logged in; a logout (or `destroy`) before that tick starts a new one over it, and the old one is
   * never cleared (checked in tim-js.js 2.27.6 and @tencentcloud/chat 3.6.6: it keeps Node alive; see
   * containment.test.tsx). Rather than wait about a second before every logout, the harness records exactly
   * those intervals and clears the ones still running after `destroy`; any other timer left fails the test.
   */
  const sdkIntervals = new Set<LiveTimer>()
  let logouts = 0
  /** Runs `fn` and records the 1 s intervals it started. */
  const recordSdkIntervals = async (fn: () => unknown): Promise<void> => {
    const before = new Set(timers.live())
    await fn()
    for (const timer of timers.live()) {
      if (timer.kind === 'interval' && timer.delayMs === 1000 && !before.has(timer)) sdkIntervals.add(timer)
    }
  }

  const loginAs = async (tim: RealSdk, sdk: RealSdkModule, userID: string): Promise<number> => {
    const ready = new Promise<void>((resolve) => {
      const onReady = () => {
        tim.off(sdk.EVENT.SDK_READY, onReady)
        resolve()
      }
      tim.on(sdk.EVENT.SDK_READY, onReady)
    })
    await tim.login({ userID, userSig: `local-sig-${userID}` })
    await ready
    // Logins run one at a time here, so the latest login of this user is this instance's.
    const logins = im.commandsOf(LOCAL_IM_COMMAND.LOGIN).filter((c) => c.from === userID && !c.error)
    return logins.at(-1)?.session as number
  }

  return {
    im,
    timers,
    async device(userID, { loggedIn = true } = {}) {
      const sdk = instances.length === 0 ? pkg.module : freshCopy(pkg.name)
      let tim: RealSdk | undefined
      await recordSdkIntervals(() => {
        tim = sdk.create({ SDKAppID: appID })
      })
      if (!tim) throw new Error('create returned nothing')
      const instance = tim
      // The SDK logs every call to the console, failures the tests provoke included: none of it (4: none). What
      // it prints while being created, before this, vite.config.ts's onConsoleLog leaves out.
      instance.setLogLevel(4)
      instances.push(instance)
      const device: Device = {
        tim: instance,
        userID,
        session: -1,
        async logout() {
          logouts++
          await recordSdkIntervals(() => instance.logout())
        },
        async login() {
          device.session = await loginAs(instance, sdk, userID)
        },
      }
      if (loggedIn) await device.login()
      return device
    },
    async teardown() {
      try {
        // The providers first, so that nothing reacts to the SDK going away.
        cleanup()
        // `destroy` logs out first when logged in: that may start one more of the SDK's intervals.
        for (const tim of instances) {
          logouts++
          await recordSdkIntervals(() => tim.destroy().catch(() => {}))
        }
        await waitForSdk(() => expect(im.openSockets()).toBe(0))
        // The backend's own pending work (a custom status to clear later) ends with it.
        im.dispose()
        // Zero-delay timeouts of the SDK's last events may still be running; anything else is a leak.
        await waitForSdk(() => expect(timers.live().filter((timer) => !sdkIntervals.has(timer))).toEqual([]))
        // The SDK's own leftovers are the known leak: at most one per logout that came before its first tick.
        const leaked = timers.clearLive((timer) => sdkIntervals.has(timer))
        expect(leaked.length).toBeLessThanOrEqual(logouts)
      } finally {
        timers.clearLive()
        timers.restore()
        im.dispose()
        restore()
      }
    },
  }
}
