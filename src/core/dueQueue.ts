import type { Clock } from './types'

/** Keys that come due at a time, with one timer for all of them. */
export interface DueQueue<K> {
  /** (Re)sets the due time of `key`. Keys must be added in due order (a constant delay gives that). */
  set(key: K, due: number): void
  delete(key: K): boolean
  has(key: K): boolean
  readonly size: number
  /** Keys in due order, the earliest first. */
  keys(): IterableIterator<K>
  /** Forgets every key and cancels the timer. */
  clear(): void
}

/**
 * A queue of keys by due time, kept in insertion order (so adding, removing and taking what is due are O(1) each,
 * never a scan of everything waiting) with a single timer set for the earliest. When it fires, every key due by
 * then is handed to `onDue` at once; `slackMs` lets keys that come due shortly after the first share that turn.
 */
const LATER = Number.POSITIVE_INFINITY

export function createDueQueue<K>(clock: Clock, slackMs: number, onDue: (keys: K[]) => void): DueQueue<K> {
  const due = new Map<K, number>()
  let timer: unknown = null
  let timerAt = LATER

  const cancel = () => {
    if (timer !== null) clock.clearTimeout(timer)
    timer = null
    timerAt = LATER
  }

  const fire = () => {
    timer = null
    timerAt = LATER
    const now = clock.now()
    const ready: K[] = []
    for (const [key, at] of due) {
      if (at > now) break
      ready.push(key)
    }
    for (const key of ready) due.delete(key)
    arm()
    if (ready.length > 0) onDue(ready)
  }

  const arm = () => {
    const first = due.entries().next()
    if (first.done) {
      cancel()
      return
    }
    const at = first.value[1] + slackMs
    if (timer !== null && timerAt <= at) return
    cancel()
    timerAt = at
    timer = clock.setTimeout(fire, Math.max(0, at - clock.now()))
  }

  return {
    set(key, at) {
      due.delete(key)
      due.set(key, at)
      arm()
    },
    delete(key) {
      const had = due.delete(key)
      if (due.size === 0) cancel()
      return had
    },
    has: (key) => due.has(key),
    get size() {
      return due.size
    },
    keys: () => due.keys(),
    clear() {
      due.clear()
      cancel()
    },
  }
}
