/**
 * What is on screen decides what is live. Each tracked row (a badge, a custom row) says when it becomes visible or
 * hidden; the tracker turns that into retains of the client:
 * - when it is asked for is one rule, `askDelay`: at once while nothing moves on screen (a badge on screen at
 *   mount), after a short wait while the screen moves slowly enough for a row to be read, else after `dwellMs`, so
 *   that a row scrolled or flung past asks for nothing;
 * - a mounted row reported off screen, once worth asking for by that rule, takes a spare place in queries sent
 *   anyway (`fetch: 'spare'`): known before it scrolls in, at no call of its own;
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
/** How far back the tracker looks to tell how fast rows leave the screen. */
const MOTION_WINDOW_MS = 500
/** A row expected to stay on screen this long is worth asking for after `SHORT_DWELL_MS` (time to read it). */
const WORTH_STAY_MS = 200
/** The wait of a row while the screen moves slowly: a fling's first frame is gone by then. */
const SHORT_DWELL_MS = 40

/**
 * The one rule for when a row (seen, or mounted) is worth asking for: in how many ms, if it is still there. With
 * no row leaving the screen within `MOTION_WINDOW_MS`, at once: nothing scrolls (a chat header, a panel at mount).
 * While rows leave slowly enough that one is expected to stay `WORTH_STAY_MS` (the rows visible over the rate they
 * leave), after `SHORT_DWELL_MS`; faster than that (a fling), after the full dwell. Pure.
 */
export function askDelay(visible: number, leftInWindow: number, dwellMs: number): number {
  if (leftInWindow === 0) return 0
  const steady = leftInWindow * WORTH_STAY_MS <= visible * MOTION_WINDOW_MS
  return Math.min(dwellMs, steady ? SHORT_DWELL_MS : dwellMs)
}

/** The retains a row can make, by `subscribe` and then priority (0, recent, visible): one object each. */
const DEMANDS = [false, true].map((subscribe) =>
  [0, RECENT_PRIORITY, VISIBLE_PRIORITY].map((priority): RetainOptions => ({ subscribe, priority })),
)
/** A mounted row not on screen, once worth asking for: a spare place in queries. */
const SPARE: RetainOptions = { fetch: 'spare' }

/** What a row retains in a phase, once worth asking for while mounted (`near`) or not; null: nothing. */
function demandOf(mode: SubscribeMode, phase: Phase, near: boolean): RetainOptions | null {
  const seen = phase === 'visible' || phase === 'leaving'
  const rank = phase === 'visible' ? 2 : phase === 'leaving' ? 1 : 0
  if (phase === 'new' || (mode !== true && !seen)) return near ? SPARE : null
  return (DEMANDS[mode === false ? 0 : 1] as RetainOptions[])[rank] as RetainOptions
}

const onScreen = (phase: Phase) => phase === 'dwelling' || phase === 'visible'

/** One tracked row: its own sighting, one object per row, its methods shared. */
class Row implements Sighting {
  phase: Phase = 'new'
  /** Mounted long enough (by `askDelay`) to take a spare place in queries. */
  near = false
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
  readonly #near: DueQueue<Row>
  /**
   * Rows visible now (past their dwell: rows coming on screen in the same turn do not change the rule midway), and
   * when rows left the screen within `MOTION_WINDOW_MS` (oldest first).
   */
  #visible = 0
  #left: number[] = []

  constructor(client: StatusClient, options: VisibilityOptions) {
    const { dwellMs = 150, leaveGraceMs = 2000, alwaysVisible = false } = options
    const clock = client.options.clock
    this.#client = client
    this.#clock = clock
    this.#dwellMs = dwellMs
    this.#leaveGraceMs = leaveGraceMs
    this.#alwaysVisible = alwaysVisible
    // Rows come into view and leave a few at a time per frame: a short slack lets one turn take several.
    const slack = Math.min(16, dwellMs / 6)
    this.#dwell = createDueQueue<Row>(clock, slack, (due) => {
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
    this.#near = createDueQueue<Row>(clock, slack, (due) => {
      for (const row of due) this.#bringNear(row)
    })
  }

  track(userID: string, subscribe: SubscribeMode): Sighting {
    const row = new Row(this, userID, subscribe)
    this.#rows.add(row)
    if (this.#alwaysVisible) {
      this.#moveTo(row, 'visible')
      return row
    }
    this.#untold.set(row, this.#clock.now() + UNTOLD_MS)
    return row
  }

  stop(): void {
    for (const row of [...this.#rows]) this.drop(row)
    this.#dwell.clear()
    this.#leave.clear()
    this.#untold.clear()
    this.#near.clear()
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
        const delay = this.#askDelay(now)
        if (delay <= 0) this.#moveTo(row, 'visible')
        else {
          this.#setPhase(row, 'dwelling', now)
          this.#dwell.set(row, now + delay)
        }
      }
    } else if (phase === 'new') {
      // Off screen from the first report: it retains (if it is always live) one dwell from now, in the same turn
      // as the rows reported on screen with it, so that they are ranked together; and it may take spare places.
      if (this.#untold.delete(row)) this.#dwell.set(row, now + this.#dwellMs)
      if (this.#nearNow(row, now)) this.#moveTo(row, 'new')
    } else if (phase === 'dwelling') {
      this.#dwell.delete(row)
      this.#moveTo(row, 'hidden')
    } else if (phase === 'visible') {
      this.#leave.set(row, now + this.#leaveGraceMs)
      if (keepRank) this.#setPhase(row, 'leaving', now)
      else this.#moveTo(row, 'leaving')
    }
  }

  /** Stops tracking a row: what it retained is let go. */
  drop(row: Row): void {
    if (!this.#rows.delete(row)) return
    this.#setPhase(row, 'hidden', this.#clock.now())
    this.#dwell.delete(row)
    this.#leave.delete(row)
    this.#untold.delete(row)
    this.#near.delete(row)
    row.letGo?.()
    row.letGo = null
  }

  /** `askDelay` for a row seen or mounted now. */
  #askDelay(now: number): number {
    const left = this.#left
    let old = 0
    while (old < left.length && (left[old] as number) <= now - MOTION_WINDOW_MS) old++
    if (old > 0) left.splice(0, old)
    return askDelay(this.#visible, left.length, this.#dwellMs)
  }

  /**
   * Whether a mounted row off screen may take spare places in queries now; if not yet, it will when `askDelay`
   * says (a row on screen asks for itself: none is taken before the first report says it is off screen).
   */
  #nearNow(row: Row, now: number): boolean {
    if (row.near) return true
    if (this.#near.has(row)) return false
    const delay = this.#askDelay(now)
    if (delay === 0) row.near = true
    else this.#near.set(row, now + delay)
    return row.near
  }

  #bringNear(row: Row): void {
    row.near = true
    this.#moveTo(row, row.phase)
  }

  /** Sets a row's phase, counting the rows visible and noting when one leaves the screen. */
  #setPhase(row: Row, phase: Phase, now: number): void {
    const was = row.phase
    row.phase = phase
    if ((was === 'visible') !== (phase === 'visible')) this.#visible += was === 'visible' ? -1 : 1
    if (onScreen(was) && !onScreen(phase)) this.#left.push(now)
  }

  #moveTo(row: Row, phase: Phase): void {
    const now = this.#clock.now()
    this.#setPhase(row, phase, now)
    // Seen once, it was worth asking for: off screen again, it keeps a spare place.
    if (phase === 'visible') row.near = true
    else if (phase === 'hidden') this.#nearNow(row, now)
    const demand = demandOf(row.mode, phase, row.near)
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
