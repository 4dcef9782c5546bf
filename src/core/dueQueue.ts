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

export function createDueQueue<K>(clock: Clock, slackMs: number, onDue: (keys: K[]) => void): DueQueue<K> {
  const due = new Map<K, number>()
  let timer: unknown = null
  let timerAt = LATER
  let lastAt = Number.NEGATIVE_INFINITY
  let ordered = true

  const cancel = () => {
    if (timer !== null) clock.clearTimeout(timer)
    timer = null
    timerAt = LATER
  }

  const fire = () => {
    timer = null
    timerAt = LATER
    const ready = takeDue(due, clock.now(), ordered)
    arm()
    if (ready.length > 0) onDue(ready)
  }

  // Sets the timer for the earliest key. O(1) while ordered; a scan once the queue is out of order.
  const arm = () => {
    if (due.size === 0) {
      ordered = true
      lastAt = Number.NEGATIVE_INFINITY
      cancel()
      return
    }
    armAt(earliest(due, ordered) + slackMs)
  }

  const armAt = (at: number) => {
    // Never due (an infinite stale time), or the timer is set early enough already.
    if (at === LATER || (timer !== null && timerAt <= at)) return
    cancel()
    timerAt = at
    timer = clock.setTimeout(fire, Math.max(0, at - clock.now()))
  }

  return {
    set(key, at) {
      due.delete(key)
      due.set(key, at)
      if (at < lastAt) ordered = false
      lastAt = Math.max(lastAt, at)
      // Never a scan here: the timer only moves earlier. A timer left early by deletes finds nothing and re-arms.
      armAt(at + slackMs)
    },
    delete(key) {
      const had = due.delete(key)
      if (due.size === 0) arm()
      return had
    },
    has: (key) => due.has(key),
    dueOf: (key) => due.get(key),
    get size() {
      return due.size
    },
    keys: () => due.keys(),
    clear() {
      due.clear()
      arm()
    },
  }
}
