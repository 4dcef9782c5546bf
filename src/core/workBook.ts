/**
 * The work of each API family: the IDs waiting for a call, filed from each ID's decision (`decide.ts`), and the
 * timers that ask for an ID again later (before its status goes stale; after a subscribe that came after its
 * query). The one writer of the work; the planner reads it, and the engine takes out what it sends.
 */
import type { Decision } from './decide'
import { createDueQueue, type DueQueue } from './dueQueue'
import type { ApiFamily, Clock } from './types'

/**
 * IDs waiting for a call of each family, in the order they were filed; `keep`: a query when the budget allows;
 * `spare`: a place in a query sent anyway.
 */
export type Work = Readonly<Record<ApiFamily | 'keep' | 'spare', ReadonlySet<string>>>

const toggle = (set: Set<string>, id: string, member: boolean) => (member ? set.add(id) : set.delete(id))

export class WorkBook {
  readonly #sets = {
    query: new Set<string>(),
    subscribe: new Set<string>(),
    unsubscribe: new Set<string>(),
    keep: new Set<string>(),
    spare: new Set<string>(),
  }
  readonly #stale: DueQueue<string>
  readonly #recheck: DueQueue<string>

  /**
   * `onStale`: IDs whose fetched status is about to go stale (at 80 % of `staleTimeMs`, together with the others
   * of that stretch). `onRecheck`: IDs subscribed after their last query was sent, to be asked again.
   */
  constructor(
    clock: Clock,
    staleTimeMs: number,
    onStale: (ids: string[]) => void,
    onRecheck: (ids: string[]) => void,
  ) {
    this.#stale = createDueQueue(clock, staleTimeMs / 5, onStale)
    // Subscribe replies of one window arrive over a few ms: asking again a moment later fills whole queries.
    this.#recheck = createDueQueue(clock, RECHECK_SLACK_MS, onRecheck)
  }

  get sets(): Work {
    return this.#sets
  }

  /** Files `id` as its decision says. */
  file(id: string, decision: Decision): void {
    const sets = this.#sets
    toggle(sets.subscribe, id, decision.subscribe)
    toggle(sets.unsubscribe, id, decision.unsubscribe)
    toggle(sets.query, id, decision.query)
    toggle(sets.keep, id, decision.keepQuery)
    toggle(sets.spare, id, decision.spareQuery)
    const due = decision.staleDue
    if (due === null) this.#stale.delete(id)
    else if (this.#stale.dueOf(id) !== due) this.#stale.set(id, due)
  }

  /** Takes planned IDs out of the work of `family` (a query also takes kept and spare ones). */
  take(family: ApiFamily, ids: readonly string[]): void {
    const sets = this.#sets
    for (const id of ids) {
      sets[family].delete(id)
      if (family === 'query') {
        sets.keep.delete(id)
        sets.spare.delete(id)
      }
    }
  }

  /** Asks for `id` again at `due`. */
  recheck(id: string, due: number): void {
    this.#recheck.set(id, due)
  }

  /** The session ended: nothing is asked again on a timer (the next login asks everything). */
  clearTimers(): void {
    this.#stale.clear()
    this.#recheck.clear()
  }

  forget(id: string): void {
    this.#stale.delete(id)
    this.#recheck.delete(id)
  }
}

/** How much later than the first recheck others may join it. */
const RECHECK_SLACK_MS = 250
