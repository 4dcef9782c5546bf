/**
 * Runs the stand-in's deliveries later, through the global `setTimeout` read at call time (so vitest's fake
 * timers drive it when they are on), and keeps count of what has not run yet so that `dispose()` can cancel it
 * and a test can prove that nothing is left behind.
 */
export interface Scheduler {
  /** Runs `fn` after the latency. */
  later(fn: () => void): void
  /** Deliveries not run yet. */
  pending(): number
  /** Resolves once no delivery is pending (at once when none is). */
  whenIdle(): Promise<void>
  /** Cancels every delivery not run yet. */
  cancelAll(): void
}

type Timer = ReturnType<typeof setTimeout>

/** Creates a scheduler with a fixed delay in milliseconds. */
export function createScheduler(latencyMs: number): Scheduler {
  const timers = new Set<Timer>()
  let idleWaiters: (() => void)[] = []
  const wakeIfIdle = () => {
    if (timers.size > 0 || idleWaiters.length === 0) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }
  return {
    later(fn) {
      const timer = setTimeout(() => {
        timers.delete(timer)
        try {
          fn()
        } finally {
          wakeIfIdle()
        }
      }, latencyMs)
      timers.add(timer)
    },
    pending: () => timers.size,
    whenIdle() {
      if (timers.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
    cancelAll() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      wakeIfIdle()
    },
  }
}
