/**
 * What is on screen decides what is live. Each tracked row (a badge, a custom row) says when it becomes visible or
 * hidden; the tracker turns that into retains of the client:
 * - a row seen for less than `dwellMs` (scrolled past) asks for nothing;
 * - a visible row is fetched and, unless `subscribe` is false, subscribed, ranked first (`VISIBLE_PRIORITY`);
 * - a row that left the screen keeps its retain for `leaveGraceMs`, ranked second (`RECENT_PRIORITY`), so a row
 *   scrolled back costs nothing; after that it asks for nothing (with `subscribe: true`, it stays live at rank 0).
 * Framework-agnostic: the React layer feeds it from one `IntersectionObserver`; benchmarks feed it from a script.
 */

import { ON_SCREEN } from './demand'
import { createDueQueue, type DueQueue } from './dueQueue'
import type { RetainOptions, StatusClient } from './statusClient'

/** When a row is live: `'visible'` while on screen (default), `true` always, `false` never (fetched only). */
export type SubscribeMode = 'visible' | boolean

/** Priorities of retains by visibility (others retain at 0). */
export const VISIBLE_PRIORITY = ON_SCREEN
export const RECENT_PRIORITY = 1

export interface VisibilityOptions {
  /** How long a row must stay on screen before it asks for anything (default 150 ms). */
  dwellMs?: number
  /** How long a row that left the screen keeps what it asked for (default 2,000 ms). */
  leaveGraceMs?: number
  /** Rows count as visible from the start, with no dwell (where nothing can tell visibility, e.g. no IntersectionObserver). */
  alwaysVisible?: boolean
}

/** One tracked row. */
export interface Sighting {
  /**
   * Says whether the row is on screen now. `keepRank` (its element was taken off the page): a row that was visible
   * keeps what it retains, rank included, through the leave grace, rather than retaining anew at the leaving rank; a
   * row released meanwhile (being deleted) then costs nothing on its way out.
   */
  setVisible(visible: boolean, keepRank?: boolean): void
  /** On screen (after the dwell) or within the leave grace. */
  readonly seen: boolean
  /** Stops tracking: what it retained is let go. */
  release(): void
}

export interface VisibilityTracker {
  track(userID: string, subscribe: SubscribeMode): Sighting
  /** Releases every row (the provider unmounts). */
  stop(): void
}

/**
 * `new`: tracked, and nothing told yet whether it is on screen. An always-live row retains only once told (or
 * after `UNTOLD_MS`, if nothing ever tells), so that rows on screen at mount are ranked as such from their first
 * retain, however late the observer's first report comes on a busy page.
 */
type Phase = 'new' | 'hidden' | 'dwelling' | 'visible' | 'leaving'

/** How long a row nothing tells about waits before it counts as off screen. */
const UNTOLD_MS = 1000

/** The retains a row can make, by `subscribe` and then priority (0, recent, visible): one object each. */
const DEMANDS = [false, true].map((subscribe) =>
  [0, RECENT_PRIORITY, VISIBLE_PRIORITY].map((priority): RetainOptions => ({ subscribe, priority })),
)

/** What a row retains in a phase; null: nothing. */
function demandOf(mode: SubscribeMode, phase: Phase): RetainOptions | null {
  const seen = phase === 'visible' || phase === 'leaving'
  const rank = phase === 'visible' ? 2 : phase === 'leaving' ? 1 : 0
  if (phase === 'new' || (mode !== true && !seen)) return null
  return (DEMANDS[mode === false ? 0 : 1] as RetainOptions[])[rank] as RetainOptions
}

/** One tracked row: its own sighting, one object per row, its methods shared. */
class Row implements Sighting {
  phase: Phase = 'new'
  /** What it retains now (one of `DEMANDS`, or null), and the release of that retain. */
  demand: RetainOptions | null = null
  letGo: (() => void) | null = null

  constructor(
    readonly tracker: Tracker,
    readonly id: string,
    readonly mode: SubscribeMode,
  ) {}

  setVisible(visible: boolean, keepRank?: boolean): void {
    this.tracker.see(this, visible, keepRank)
  }

  get seen(): boolean {
    return this.phase === 'visible' || this.phase === 'leaving'
  }

  release(): void {
    this.tracker.drop(this)
  }
}

class Tracker implements VisibilityTracker {
  readonly #client: StatusClient
  readonly #clock: StatusClient['options']['clock']
  readonly #dwellMs: number
  readonly #leaveGraceMs: number
  readonly #alwaysVisible: boolean
  readonly #rows = new Set<Row>()
  readonly #dwell: DueQueue<Row>
  readonly #untold: DueQueue<Row>
  readonly #leave: DueQueue<Row>

  constructor(client: StatusClient, options: VisibilityOptions) {
    const { dwellMs = 150, leaveGraceMs = 2000, alwaysVisible = false } = options
    const clock = client.options.clock
    this.#client = client
    this.#clock = clock
    this.#dwellMs = dwellMs
    this.#leaveGraceMs = leaveGraceMs
    this.#alwaysVisible = alwaysVisible
    // Rows come into view and leave a few at a time per frame: a short slack lets one turn take them all.
    this.#dwell = createDueQueue<Row>(clock, Math.min(50, dwellMs / 3), (due) => {
      for (const row of due) {
        if (row.phase === 'dwelling') this.#moveTo(row, 'visible')
        else if (row.phase === 'new') this.#moveTo(row, 'hidden')
      }
    })
    this.#untold = createDueQueue<Row>(clock, 100, (due) => {
      for (const row of due) if (row.phase === 'new') this.#moveTo(row, 'hidden')
    })
    this.#leave = createDueQueue<Row>(clock, Math.min(250, leaveGraceMs / 4), (due) => {
      for (const row of due) if (row.phase === 'leaving') this.#moveTo(row, 'hidden')
    })
  }

  track(userID: string, subscribe: SubscribeMode): Sighting {
    const row = new Row(this, userID, subscribe)
    this.#rows.add(row)
    if (this.#alwaysVisible) this.#moveTo(row, 'visible')
    else this.#untold.set(row, this.#clock.now() + UNTOLD_MS)
    return row
  }

  stop(): void {
    for (const row of [...this.#rows]) this.drop(row)
    this.#dwell.clear()
    this.#leave.clear()
    this.#untold.clear()
  }

  /** A row says whether it is on screen (see `Sighting.setVisible`). */
  see(row: Row, visible: boolean, keepRank?: boolean): void {
    if (!this.#rows.has(row)) return
    const { phase } = row
    const now = this.#clock.now()
    if (visible) {
      if (phase === 'leaving') {
        this.#leave.delete(row)
        this.#moveTo(row, 'visible')
      } else if (phase === 'hidden' || phase === 'new') {
        this.#untold.delete(row)
        if (this.#dwellMs <= 0) this.#moveTo(row, 'visible')
        else {
          row.phase = 'dwelling'
          this.#dwell.set(row, now + this.#dwellMs)
        }
      }
    } else if (phase === 'new') {
      // Off screen from the first report: it retains (if it is always live) one dwell from now, in the same turn
      // as the rows reported on screen with it, so that they are ranked together.
      if (this.#untold.delete(row)) this.#dwell.set(row, now + this.#dwellMs)
    } else if (phase === 'dwelling') {
      this.#dwell.delete(row)
      this.#moveTo(row, 'hidden')
    } else if (phase === 'visible') {
      this.#leave.set(row, now + this.#leaveGraceMs)
      if (keepRank) row.phase = 'leaving'
      else this.#moveTo(row, 'leaving')
    }
  }

  /** Stops tracking a row: what it retained is let go. */
  drop(row: Row): void {
    if (!this.#rows.delete(row)) return
    this.#dwell.delete(row)
    this.#leave.delete(row)
    this.#untold.delete(row)
    row.letGo?.()
    row.letGo = null
  }

  #moveTo(row: Row, phase: Phase): void {
    row.phase = phase
    const demand = demandOf(row.mode, phase)
    if (demand === row.demand) return
    // The new retain first, then the release of the old: a live ID never drops to zero retains on the way.
    const next = demand ? this.#client.retain([row.id], demand) : null
    row.letGo?.()
    row.demand = demand
    row.letGo = next
  }
}

export function createVisibilityTracker(
  client: StatusClient,
  options: VisibilityOptions = {},
): VisibilityTracker {
  return new Tracker(client, options)
}
