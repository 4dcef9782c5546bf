/**
 * One API family that the server limits separately (query, subscribe, unsubscribe): its budget, its backoff, its
 * calls in flight, and its 3122 retries. The one writer of these; the failure policy says what a failure costs.
 */
import { backoffAfter, type FailureKind } from './failurePolicy'
import { createRateLimiter, type RateLimiter } from './rateLimiter'
import type { ApiFamily, ResolvedOptions } from './types'

/** Sees one SDK call as it is sent, and its answer (the devtools' call log). */
export type CallWatch = (api: string, ids: readonly string[] | undefined, answer: Promise<unknown>) => void

export class Family {
  readonly #limiter: RateLimiter
  readonly #options: ResolvedOptions
  #attempts = 0
  #inFlight = 0
  /** 3122 answers asked again since the last login, and the IDs waiting for the retry set. */
  #planRetries = 0
  #planWaiting: Set<string> | null = null
  #limit: number
  readonly #name: ApiFamily
  /** Since when its work has waited to fill a call while the budget is low (the pass notes it); null: it does not. */
  waitingSince: number | null = null
  /** Sees each call and its answer; unset unless a call log is attached. */
  watch: CallWatch | null = null

  constructor(options: ResolvedOptions, name: ApiFamily) {
    this.#options = options
    this.#name = name
    this.#limit = options.limits[name]
    this.#limiter = createRateLimiter(options.rateLimit, () => options.clock.now())
  }

  /** IDs per call; lowered when the SDK's cloud config lowered its own (until the session ends). */
  get limit(): number {
    return this.#limit
  }

  lowerLimit(limit: number): void {
    this.#limit = Math.min(this.#limit, limit)
  }

  /** Calls allowed right now (0 while backing off). */
  available(): number {
    return this.#limiter.available()
  }

  /** Calls in the current window. */
  used(): number {
    return this.#options.rateLimit.calls - this.#limiter.remaining()
  }

  /** When the latest call of the current window was sent (null: none in it). */
  lastSend(): number | null {
    return this.#limiter.lastSend()
  }

  /** ms until `free` calls are allowed (0: now). */
  delay(free?: number): number {
    return this.#limiter.delay(free)
  }

  get inFlight(): number {
    return this.#inFlight
  }

  /** Retryable failures in a row (the backoff grows with them). */
  get attempts(): number {
    return this.#attempts
  }

  /** A call is sent now: it counts against the budget at once. */
  begin(): void {
    this.#limiter.record()
    this.#inFlight++
  }

  /** The call came back: a success (`kind` undefined) or a failure. Returns the failures in a row so far. */
  end(kind?: FailureKind): number {
    this.#inFlight--
    if (kind === undefined) {
      this.#attempts = 0
      return 0
    }
    const attempt = kind === 'refused' || kind === 'lost' ? ++this.#attempts : 0
    const pause = backoffAfter(this.#options, kind, attempt)
    if (pause > 0) this.#limiter.pause(pause)
    return attempt
  }

  /**
   * Adds IDs refused with 3122 to this login's retry of them. Returns the number of a retry to set now, or 0: they
   * joined the retry already set, or the retries of this login are used up (`most`).
   */
  planRetry(ids: readonly string[], most: number): number {
    if (this.#planWaiting) {
      for (const id of ids) this.#planWaiting.add(id)
      return 0
    }
    if (this.#planRetries >= most) return 0
    this.#planWaiting = new Set(ids)
    return ++this.#planRetries
  }

  /** The retry set by `planRetry` is due: the IDs it waited for, and the next refusal sets a new one. */
  takePlanWaiting(): ReadonlySet<string> {
    const waiting = this.#planWaiting ?? new Set<string>()
    this.#planWaiting = null
    return waiting
  }

  /** The session began or ended: 3122 retries start again, and none waits. */
  newSession(): void {
    this.#limit = this.#options.limits[this.#name]
    this.#planRetries = 0
    this.#planWaiting = null
    this.waitingSince = null
  }
}
