/**
 * Forgetting: an ID nothing is about any more is forgotten `gcTimeMs` after it became idle, by one timer for all of
 * them, armed only while one waits (as TanStack Query's `Removable`, with one timer for the lot).
 */
import { createDueQueue, type DueQueue } from './dueQueue'
import type { Clock } from './types'

export class Collector {
  readonly #clock: Clock
  readonly #gcTimeMs: number
  readonly #due: DueQueue<string>

  /** `forget`: IDs idle for `gcTimeMs` (it looks again whether each may go). */
  constructor(clock: Clock, gcTimeMs: number, forget: (ids: string[]) => void) {
    this.#clock = clock
    this.#gcTimeMs = gcTimeMs
    this.#due = createDueQueue(clock, 0, forget)
  }

  /** Whether `id` is idle now: its countdown starts (unless it runs already), or stops. */
  note(id: string, idle: boolean): void {
    if (!idle) this.#due.delete(id)
    else if (!this.#due.has(id)) this.#due.set(id, this.#clock.now() + this.#gcTimeMs)
  }

  /** Stops every countdown (the engine stopped listening: it sets no timer). */
  clear(): void {
    this.#due.clear()
  }
}
