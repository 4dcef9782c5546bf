import type { Clock } from './types'

/**
 * The timers of one session (3122 retries, readiness probes, the wait for budget): all cancelled together when it
 * ends, so that nothing of an old session runs in a new one.
 */
export class SessionTimers {
  readonly #clock: Clock
  readonly #timers = new Set<unknown>()
  #wake: unknown = null

  constructor(clock: Clock) {
    this.#clock = clock
  }

  /** Runs `fn` after `ms`, unless the session ends first. */
  later(fn: () => void, ms: number): void {
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer)
      fn()
    }, ms)
    this.#timers.add(timer)
  }

  /** The one wake-up timer: set to run `fn` in `ms`, in place of the one set before (null: none). */
  wake(ms: number | null, fn: () => void): void {
    if (this.#wake !== null) this.#clock.clearTimeout(this.#wake)
    this.#wake =
      ms === null
        ? null
        : this.#clock.setTimeout(() => {
            this.#wake = null
            fn()
          }, ms)
  }

  /** The session ended: nothing set in it runs. */
  cancel(): void {
    for (const timer of this.#timers) this.#clock.clearTimeout(timer)
    this.#timers.clear()
    this.wake(null, () => {})
  }
}
