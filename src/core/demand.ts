/**
 * What callers want of each user ID: reference-counted retains (fetched, kept, live), the highest priority among
 * them, and the grace after the last live release. The one writer of these counts; everyone else reads them.
 */
import { createDueQueue, type DueQueue } from './dueQueue'
import type { Clock } from './types'

/** What one retain asks for. */
export interface Want {
  /** A known, fresh status. */
  readonly fetch: boolean
  /** The status asked once if never answered, and kept (not forgotten, not refreshed): a prefetched list. */
  readonly keep: boolean
  /**
   * The status asked only in the spare room of queries sent anyway (never a call of its own), while not fresh: a
   * row mounted but not yet on screen.
   */
  readonly spare: boolean
  /** Live changes (a subscription). */
  readonly subscribe: boolean
  /** Rank among IDs wanted live past `maxSubscriptions`, and in the query queue (higher first). */
  readonly priority: number
}

/** The priority from which a retain means "on screen" (see `visibility.ts`). */
export const ON_SCREEN = 2

/** The retains of one ID. */
export interface Wanted {
  readonly fetchers: number
  readonly live: number
  /** Live retains at `ON_SCREEN` priority or above: the row is on screen. */
  readonly liveOnScreen: number
  readonly keepers: number
  readonly spares: number
  /** The highest priority among its retains (0 unless set). */
  readonly priority: number
  /** Sequence of its latest live retain: among equal priorities, the most recently retained ranks first. */
  readonly order: number
}

type Counts = { -readonly [K in keyof Wanted]: Wanted[K] }

interface Tally extends Counts {
  /**
   * How many retains hold each priority other than 0: undefined while none does; a number while they all hold
   * the same one (`priority`), the usual case (a badge on screen), so that no map is made; else a map by priority.
   */
  priorities: Map<number, number> | number | undefined
}

/** What is wanted of an ID no retain holds. */
export const NOBODY: Wanted = Object.freeze({
  fetchers: 0,
  live: 0,
  liveOnScreen: 0,
  keepers: 0,
  spares: 0,
  priority: 0,
  order: 0,
})

/** Adds (`+1`) or removes (`-1`) one retain of `priority`, keeping `record.priority` the highest held. */
export function countPriority(record: Tally, priority: number, delta: 1 | -1): void {
  if (priority === 0) return
  let priorities = record.priorities
  if (priorities === undefined || (typeof priorities === 'number' && priority === record.priority)) {
    const count = (priorities ?? 0) + delta
    record.priorities = count > 0 ? count : undefined
    record.priority = count > 0 ? priority : 0
    return
  }
  if (typeof priorities === 'number') {
    priorities = new Map([[record.priority, priorities]])
    record.priorities = priorities
  }
  const count = (priorities.get(priority) ?? 0) + delta
  if (count > 0) priorities.set(priority, count)
  else priorities.delete(priority)
  let highest = 0
  for (const held of priorities.keys()) if (held > highest) highest = held
  record.priority = highest
  if (priorities.size === 0) record.priorities = undefined
}

/** Ranks `a` before `b` for the live set: higher priority first, then the more recently retained. */
export function compareRank(a: Wanted, b: Wanted): number {
  return b.priority - a.priority || b.order - a.order
}

export class Demand {
  readonly #byID = new Map<string, Tally>()
  readonly #onScreen = new Set<string>()
  readonly #grace: DueQueue<string>
  #sequence = 0
  readonly #lists = new Set<readonly string[]>()
  /** Told when the set of IDs on screen changes (the look-ahead of prefetched lists listens). */
  onFocus: (() => void) | null = null
  /** Told when a list is kept or let go (the look-ahead of prefetched lists listens). */
  onList: ((list: readonly string[], kept: boolean) => void) | null = null

  /** `onGraceEnd`: IDs whose grace ended (their subscription, if any, may go now). */
  constructor(clock: Clock, graceSlackMs: number, onGraceEnd: (ids: string[]) => void) {
    this.#grace = createDueQueue(clock, graceSlackMs, (ids) => {
      onGraceEnd(ids)
    })
  }

  of(id: string): Wanted {
    return this.#byID.get(id) ?? NOBODY
  }

  /** IDs retained live at `ON_SCREEN` priority or above. */
  get onScreen(): ReadonlySet<string> {
    return this.#onScreen
  }

  /** Lists of IDs kept in their order (keep-once retains of several IDs: prefetched lists). */
  get lists(): ReadonlySet<readonly string[]> {
    return this.#lists
  }

  /** A keep-once retain of several IDs: the order of a list, which a look-ahead may follow. */
  keepList(list: readonly string[]): void {
    this.#lists.add(list)
    this.onList?.(list, true)
  }

  dropList(list: readonly string[]): void {
    if (this.#lists.delete(list)) this.onList?.(list, false)
  }

  /** One retain more. A live one ends the ID's grace. */
  add(id: string, want: Want): void {
    let record = this.#byID.get(id)
    if (!record) {
      record = { ...NOBODY, priorities: undefined }
      this.#byID.set(id, record)
    }
    if (want.fetch) record.fetchers++
    if (want.keep) record.keepers++
    if (want.spare) record.spares++
    countPriority(record, want.priority, 1)
    if (want.subscribe) {
      record.live++
      if (want.priority >= ON_SCREEN) record.liveOnScreen++
      record.order = ++this.#sequence
      this.#grace.delete(id)
    }
    this.#noteFocus(id, record)
  }

  /**
   * One retain less. The last live one starts a grace until `graceDue` when the server holds (or may hold) a
   * subscription (`held`): taken back by then, it costs no call.
   */
  drop(id: string, want: Want, held: boolean, graceDue: number): void {
    const record = this.#byID.get(id)
    if (!record) return
    if (want.fetch) record.fetchers--
    if (want.keep) record.keepers--
    if (want.spare) record.spares--
    countPriority(record, want.priority, -1)
    if (want.subscribe) {
      record.live--
      if (want.priority >= ON_SCREEN) record.liveOnScreen--
      if (record.live === 0 && held) this.#grace.set(id, graceDue)
    }
    this.#noteFocus(id, record)
  }

  inGrace(id: string): boolean {
    return this.#grace.has(id)
  }

  /** IDs in the grace, the oldest released first. */
  graceOrder(): IterableIterator<string> {
    return this.#grace.keys()
  }

  /** Ends the grace of `id` now (its room is needed, or the server dropped it). */
  endGrace(id: string): void {
    this.#grace.delete(id)
  }

  /** Ends every grace (a logout: the server dropped every subscription). */
  endAllGraces(): void {
    this.#grace.clear()
  }

  /** Forgets an idle ID. */
  forget(id: string): void {
    this.#byID.delete(id)
  }

  #noteFocus(id: string, record: Tally): void {
    const on = record.liveOnScreen > 0
    if (on === this.#onScreen.has(id)) return
    if (on) this.#onScreen.add(id)
    else this.#onScreen.delete(id)
    this.onFocus?.()
  }
}
