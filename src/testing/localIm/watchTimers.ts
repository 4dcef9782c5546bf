/**
 * Keeps a ledger of the timers created through a global object's `setTimeout` / `setInterval` while it
 * watches, so that a test can prove nothing was left running, or clear what was. Tencent's web SDK leaves a
 * 1 s interval running when `logout()` or `destroy()` comes within about a second of login, which keeps a Node
 * process alive; this finds it.
 */

/** One timer that has neither run (timeouts) nor been cleared. */
export interface LiveTimer {
  kind: 'timeout' | 'interval'
  delayMs: number
  /** Where it was created (the stack, when `captureStacks` is on). */
  stack?: string
}

/** What `watchTimers` returns. */
export interface TimerWatch {
  /** Timers created since watching began that are still pending (intervals until cleared). */
  live(): LiveTimer[]
  /** Clears the live timers that `match` accepts (default: all); returns what was cleared. */
  clearLive(match?: (timer: LiveTimer) => boolean): LiveTimer[]
  /** Stops watching: the target's own functions are put back (live timers keep running). */
  restore(): void
}

/** Options of `watchTimers`. */
export interface WatchTimersOptions {
  /** Record a stack for each timer, to tell who left it (slower). Default false. */
  captureStacks?: boolean
}

type TimerFn = (handler: unknown, ms?: number, ...args: unknown[]) => unknown
type ClearFn = (handle: unknown) => void

/**
 * Starts a ledger of the timers made through `target`'s functions (default `globalThis`). Start it before the
 * code under test captures those functions (e.g. before importing the SDK when it keeps references).
 */
export function watchTimers(target: object = globalThis, options: WatchTimersOptions = {}): TimerWatch {
  const host = target as Record<string, unknown>
  const originals = {
    setTimeout: host.setTimeout as TimerFn,
    setInterval: host.setInterval as TimerFn,
    clearTimeout: host.clearTimeout as ClearFn,
    clearInterval: host.clearInterval as ClearFn,
  }
  const live = new Map<unknown, LiveTimer>()
  const record = (kind: LiveTimer['kind'], ms: unknown): LiveTimer => {
    const timer: LiveTimer = { kind, delayMs: Number(ms) || 0 }
    if (options.captureStacks) timer.stack = new Error('timer created').stack
    return timer
  }
  // A handle may come back as its number (Node timers convert to one; browsers use numbers).
  const find = (handle: unknown): unknown => {
    if (live.has(handle)) return handle
    if (typeof handle === 'number' || typeof handle === 'string') {
      for (const key of live.keys()) if (Number(key) === Number(handle)) return key
    }
    return undefined
  }
  const forget = (handle: unknown) => {
    const key = find(handle)
    if (key !== undefined) live.delete(key)
  }

  const wrapped = {
    setTimeout(handler: unknown, ms?: number, ...args: unknown[]) {
      if (typeof handler !== 'function') return originals.setTimeout.call(target, handler, ms, ...args)
      const timer = record('timeout', ms)
      const handle = originals.setTimeout.call(
        target,
        (...callArgs: unknown[]) => {
          live.delete(handle)
          return (handler as (...a: unknown[]) => unknown)(...callArgs)
        },
        ms,
        ...args,
      )
      live.set(handle, timer)
      return handle
    },
    setInterval(handler: unknown, ms?: number, ...args: unknown[]) {
      const handle = originals.setInterval.call(target, handler, ms, ...args)
      live.set(handle, record('interval', ms))
      return handle
    },
    clearTimeout(handle: unknown) {
      forget(handle)
      originals.clearTimeout.call(target, handle)
    },
    clearInterval(handle: unknown) {
      forget(handle)
      originals.clearInterval.call(target, handle)
    },
  }
  const saved = Object.keys(wrapped).map(
    (key) => [key, Object.getOwnPropertyDescriptor(target, key)] as const,
  )
  for (const [key, value] of Object.entries(wrapped)) {
    Object.defineProperty(target, key, { value, writable: true, configurable: true })
  }

  let restored = false
  return {
    live: () => [...live.values()],
    clearLive(match = () => true) {
      const cleared = [...live.entries()].filter(([, timer]) => match(timer))
      for (const [handle, timer] of cleared) {
        live.delete(handle)
        if (timer.kind === 'interval') originals.clearInterval.call(target, handle)
        else originals.clearTimeout.call(target, handle)
      }
      return cleared.map(([, timer]) => timer)
    },
    restore() {
      if (restored) return
      restored = true
      for (const [key, descriptor] of saved) {
        if (descriptor) Object.defineProperty(target, key, descriptor)
        else delete host[key]
      }
    },
  }
}
