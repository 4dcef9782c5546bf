import type { RateLimiter } from './rateLimiter'
import type { Clock } from './types'

/** What `BatchQueue` needs from its owner. */
export interface BatchQueueOptions {
  /** IDs per call, read at each send (so a changed limit applies at once). */
  chunkSize: () => number
  limiter: RateLimiter
  clock: Clock
  schedule: (flush: () => void) => void
  /** Whether calls may go out now (the SDK is ready). When it becomes true again, call `flush()`. */
  isOpen: () => boolean
  /** Whether an ID is still needed; IDs no longer needed are dropped at send time. */
  isWanted: (userID: string) => boolean
  /** Sends one call; what it returns says which IDs to send again, and when. */
  send: (userIDs: string[]) => Promise<RetryOutcome | undefined>
}

/** IDs of a failed call to send again after `retryAfterMs`. */
export interface RetryOutcome {
  retry: string[]
  retryAfterMs: number
  /**
   * `family` (default): the whole family waits, as after a 2996 or network failure. `ids`: only these IDs wait
   * (a 3122 the SDK gives locally before it has loaded the plan; other calls need not wait).
   */
  wait?: 'family' | 'ids'
}

/**
 * Joins the IDs that any number of callers add in one task into the fewest calls of at most `chunkSize` IDs,
 * never more than the rate limiter allows. Which IDs a call carries is chosen when it is sent, newest first,
 * so what is needed now is not stuck behind what was asked for long ago and is no longer wanted.
 */
export class BatchQueue {
  private readonly pending = new Map<string, true>()
  private scheduled = false
  private timer: unknown = null
  private readonly later = new Set<unknown>()
  private readonly o: BatchQueueOptions

  constructor(options: BatchQueueOptions) {
    this.o = options
  }

  /** Adds IDs (an ID already waiting moves to the newest end) and schedules a flush. */
  add(userIDs: Iterable<string>): void {
    for (const id of userIDs) {
      this.pending.delete(id)
      this.pending.set(id, true)
    }
    this.schedule()
  }

  delete(userID: string): void {
    this.pending.delete(userID)
  }

  has(userID: string): boolean {
    return this.pending.has(userID)
  }

  get size(): number {
    return this.pending.size
  }

  clear(): void {
    this.pending.clear()
    this.cancelTimer()
    for (const handle of this.later) this.o.clock.clearTimeout(handle)
    this.later.clear()
  }

  schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.o.schedule(() => {
      this.scheduled = false
      this.flush()
    })
  }

  cancelTimer(): void {
    if (this.timer !== null) {
      this.o.clock.clearTimeout(this.timer)
      this.timer = null
    }
  }

  /** Sends as many calls as the limiter allows now, and sets a timer for the rest. */
  flush(): void {
    this.cancelTimer()
    if (!this.o.isOpen()) return
    while (this.pending.size > 0) {
      for (const id of this.pending.keys()) if (!this.o.isWanted(id)) this.pending.delete(id)
      if (this.pending.size === 0) return
      const wait = this.o.limiter.delay()
      if (wait > 0) {
        this.timer = this.o.clock.setTimeout(() => {
          this.timer = null
          this.flush()
        }, wait)
        return
      }
      const all = [...this.pending.keys()]
      const chunk = all.slice(Math.max(0, all.length - this.o.chunkSize()))
      for (const id of chunk) this.pending.delete(id)
      this.o.limiter.record()
      void this.o.send(chunk).then((outcome) => {
        if (!outcome || outcome.retry.length === 0) return
        if (outcome.wait === 'ids') {
          const handle = this.o.clock.setTimeout(() => {
            this.later.delete(handle)
            this.add(outcome.retry)
          }, outcome.retryAfterMs)
          this.later.add(handle)
          return
        }
        this.o.limiter.pause(outcome.retryAfterMs)
        // Retried IDs go behind newer ones: what was asked for since is at least as urgent.
        const newer = [...this.pending.keys()]
        this.pending.clear()
        for (const id of outcome.retry) this.pending.set(id, true)
        for (const id of newer) this.pending.set(id, true)
        this.flush()
      })
    }
  }
}
