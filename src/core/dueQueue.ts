import type { Clock } from './types'

/** Keys that come due at a time, with one timer for all of them. */
export interface DueQueue<K> {
  /** (Re)sets the due time of `key`. Keys must be added in due order (a constant delay gives that). */
  set(key: K, due: number): void
  delete(key: K): boolean
  has(key: K): boolean
  /** When `key` is due (undefined: not queued). */
  dueOf(key: K): number | undefined
  readonly size: number
  /** Keys in due order, the earliest first. */
  keys(): IterableIterator<K>
  /** Forgets every key and cancels the timer. */
  clear(): void
}

/**
 * A queue of keys by due time with a single timer set for the earliest. Kept in insertion order, which is due
 * order when every key is added with the same delay (the grace, rechecks): then adding, removing and taking what is
 * due are O(1) each, never a scan of everything waiting. A key added out of order (a stale time computed from an
 * older answer) makes each turn of the timer a scan, until the queue empties. When the timer fires, every key due by then is
 * handed to `onDue` at once; `slackMs` lets keys that come due shortly after the first share that turn.
 */
const LATER = Number.POSITIVE_INFINITY

/** Takes out the keys due by `now`; in an ordered queue the first one not due ends the look. */
function takeDue<K>(due: Map<K, number>, now: number, ordered: boolean): K[] {
  const ready: K[] = []
  for (const [key, at] of due) {
    if (at <= now) ready.push(key)
    else if (ordered) break
  }
  for (const key of ready) due.delete(key)
  return ready
}

/** The earliest due time: the first key's in an ordered queue, else a scan. */
function earliest<K>(due: Map<K, number>, ordered: boolean): number {
  let first = LATER
  for (const at of due.values()) {
    first = Math.min(first, at)
    if (ordered) break
  }
  return first
}

/** See `DueQueue`: a queue of keys by due time with one timer for the earliest. */
class Queue<K> implements DueQueue<K> {
  readonly #clock: Clock
  readonly #slackMs: number
  readonly #onDue: (keys: K[]) => void
  readonly #due = new Map<K, number>()
  #timer: unknown = null
  #timerAt = LATER
  #lastAt = Number.NEGATIVE_INFINITY
  #ordered = true

  constructor(clock: Clock, slackMs: number, onDue: (keys: K[]) => void) {
    this.#clock = clock
    this.#slackMs = slackMs
    this.#onDue = onDue
  }

  set(key: K, at: number): void {
    this.#due.delete(key)
    this.#due.set(key, at)
    if (at < this.#lastAt) this.#ordered = false
    this.#lastAt = Math.max(this.#lastAt, at)
    // Never a scan here: the timer only moves earlier. A timer left early by deletes finds nothing and re-arms.
    this.#armAt(at + this.#slackMs)
  }

  delete(key: K): boolean {
    const had = this.#due.delete(key)
    if (this.#due.size === 0) this.#arm()
    return had
  }

  has(key: K): boolean {
    return this.#due.has(key)
  }

  dueOf(key: K): number | undefined {
    return this.#due.get(key)
  }

  get size(): number {
    return this.#due.size
  }

  keys(): IterableIterator<K> {
    return this.#due.keys()
  }

  clear(): void {
    this.#due.clear()
    this.#arm()
  }

  #cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer)
    this.#timer = null
    this.#timerAt = LATER
  }

  #fire(): void {
    this.#timer = null
    this.#timerAt = LATER
    const ready = takeDue(this.#due, this.#clock.now(), this.#ordered)
    this.#arm()
    if (ready.length > 0) this.#onDue(ready)
  }

  /** Sets the timer for the earliest key. O(1) while ordered; a scan once the queue is out of order. */
  #arm(): void {
    if (this.#due.size === 0) {
      this.#ordered = true
      this.#lastAt = Number.NEGATIVE_INFINITY
      this.#cancel()
      return
    }
    this.#armAt(earliest(this.#due, this.#ordered) + this.#slackMs)
  }

  #armAt(at: number): void {
    // Never due (an infinite stale time), or the timer is set early enough already.
    if (at === LATER || (this.#timer !== null && this.#timerAt <= at)) return
    this.#cancel()
    this.#timerAt = at
    this.#timer = this.#clock.setTimeout(() => this.#fire(), Math.max(0, at - this.#clock.now()))
  }
}

export function createDueQueue<K>(clock: Clock, slackMs: number, onDue: (keys: K[]) => void): DueQueue<K> {
  return new Queue(clock, slackMs, onDue)
}
