/**
 * What is on screen decides what is live. Each tracked row (a badge, a custom row) says when it becomes visible or
 * hidden; the tracker turns that into retains of the client:
 * - when it is asked for is one rule, `askDelay`: at once while nothing moves on screen (a badge on screen at
 *   mount), after a short wait while the screen moves slowly enough for a row to be read, else after `dwellMs`, so
 *   that a row scrolled or flung past asks for nothing;
 * - a mounted row reported off screen, once worth asking for by that rule, takes a spare place in queries sent
 *   anyway (`fetch: 'spare'`): known before it scrolls in, at no call of its own;
 * - a row mounted off screen while the screen moves steadily (the overscan a virtual list mounts ahead of a slow
 *   scroll) is about to scroll in: it is also subscribed ahead, ranked second (`RECENT_PRIORITY`), for up to
 *   `leaveGraceMs`, so that it is live when it shows; never more such rows than rows visible (a page appended to
 *   a list is not an overscan), and only while the screen still moves steadily when they come near;
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
  /**
   * How long a row that left the screen keeps what it asked for, and a row subscribed ahead waits to come on screen
   * (default 2,000 ms; 0: nothing is subscribed ahead).
   */
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
/** The least time a leaving rate is taken over (the first rows to leave give no rate yet). */
const RATE_FLOOR_MS = 100

/** How the screen moves: not at all, steadily (a row is read as it passes), or in a fling. */
export type Motion = 'still' | 'steady' | 'fling'

/**
 * How the screen moves, from the rows visible and the rows that left it within `MOTION_WINDOW_MS`, the first of
 * them `sinceMs` ago: still when none did; steady while they leave slowly enough that one is expected to stay
 * `WORTH_STAY_MS` (the rows visible over the rate they leave); else a fling. The rate is over the time rows have
 * been leaving, `RATE_FLOOR_MS` at least: a scroll from rest is told from a fling within a frame or two, not once
 * half a second of it has passed. Pure.
 */
export function motionOf(visible: number, leftInWindow: number, sinceMs: number): Motion {
  if (leftInWindow === 0) return 'still'
  const span = Math.min(MOTION_WINDOW_MS, Math.max(RATE_FLOOR_MS, sinceMs))
  return leftInWindow * WORTH_STAY_MS <= visible * span ? 'steady' : 'fling'
}

/**
 * The one rule for when a row (seen, or mounted) is worth asking for: in how many ms, if it is still there. On a
 * still screen at once (a chat header, a panel at mount); while it moves steadily after `SHORT_DWELL_MS`, which
 * outlasts a fling's first frame; in a fling after the full dwell. Pure.
 */
export function askDelay(motion: Motion, dwellMs: number): number {
  if (motion === 'still') return 0
  return Math.min(dwellMs, motion === 'steady' ? SHORT_DWELL_MS : dwellMs)
}

/** The retains a row can make, by `subscribe` and then priority (0, recent, visible): one object each. */
const DEMANDS = [false, true].map((subscribe) =>
  [0, RECENT_PRIORITY, VISIBLE_PRIORITY].map((priority): RetainOptions => ({ subscribe, priority })),
)
/** A mounted row not on screen, once worth asking for: a spare place in queries. */
const SPARE: RetainOptions = { fetch: 'spare' }
/** A row about to scroll in: subscribed ahead, ranked like a row that just left; its status in spare places. */
const AHEAD: RetainOptions = { fetch: 'spare', subscribe: true, priority: RECENT_PRIORITY }

/**
 * What a row retains in a phase, once worth asking for while mounted (`near`) or not, and while about to scroll in
 * (`ahead`); null: nothing.
 */
function demandOf(mode: SubscribeMode, phase: Phase, near: boolean, ahead: boolean): RetainOptions | null {
  const seen = phase === 'visible' || phase === 'leaving'
  if (ahead && !seen) return AHEAD
  const rank = phase === 'visible' ? 2 : phase === 'leaving' ? 1 : 0
  if (phase === 'new' || (mode !== true && !seen)) return near ? SPARE : null
  return (DEMANDS[mode === false ? 0 : 1] as RetainOptions[])[rank] as RetainOptions
}

const onScreen = (phase: Phase) => phase === 'dwelling' || phase === 'visible'
/** No time pending. */
const NONE = Number.POSITIVE_INFINITY

/** One tracked row: its own sighting, one object per row, its methods shared. */
class Row implements Sighting {
  phase: Phase = 'new'
  /** Mounted long enough (by `askDelay`) to take a spare place in queries. */
  near = false
  /**
   * Mounted off screen while the screen moved steadily: about to scroll in. Subscribed ahead once near, until seen
   * or for `leaveGraceMs`.
   */
  ahead = false
  /** When it becomes near, and (while dwelling) when it counts as visible; `NONE`: not pending. */
  nearAt = NONE
  dwellAt = NONE
  /** What it retains now (one of `DEMANDS`, `SPARE` or `AHEAD`, or null), and the release of that retain. */
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
  /**
   * Rows waiting for `askDelay`: to be near (`nearAt`), and on screen to count as visible (`dwellAt`), queued for
   * the earlier. One queue, so that the rows of one turn (those that scroll in, and the overscan mounted with them)
   * retain in one turn, and so in one call.
   */
  readonly #soon: DueQueue<Row>
  readonly #untold: DueQueue<Row>
  /** Rows let go of after `leaveGraceMs`: those that left the screen, and those subscribed ahead that never came. */
  readonly #leave: DueQueue<Row>
  /**
   * Rows visible now (past their dwell: rows coming on screen in the same turn do not change the rule midway), and
   * when rows left the screen within `MOTION_WINDOW_MS` (oldest first).
   */
  #visible = 0
  #left: number[] = []
  /** Rows flagged `ahead` (at most `#visible`). */
  #ahead = 0

  constructor(client: StatusClient, options: VisibilityOptions) {
    const { dwellMs = 150, leaveGraceMs = 2000, alwaysVisible = false } = options
    const clock = client.options.clock
    this.#client = client
    this.#clock = clock
    this.#dwellMs = dwellMs
    this.#leaveGraceMs = leaveGraceMs
    this.#alwaysVisible = alwaysVisible
    // Rows come into view and leave a few at a time per frame: a short slack lets one turn take several.
    this.#soon = createDueQueue<Row>(clock, Math.min(16, dwellMs / 6), (due) => {
      for (const row of due) this.#due(row)
    })
    this.#untold = createDueQueue<Row>(clock, 100, (due) => {
      for (const row of due) if (row.phase === 'new') this.#moveTo(row, 'hidden')
    })
    this.#leave = createDueQueue<Row>(clock, Math.min(250, leaveGraceMs / 4), (due) => {
      for (const row of due) {
        this.#unflag(row)
        this.#moveTo(row, row.phase === 'leaving' ? 'hidden' : row.phase)
      }
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
    this.#soon.clear()
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
        const delay = askDelay(this.#motion(now), this.#dwellMs)
        if (delay <= 0) this.#moveTo(row, 'visible')
        else {
          this.#setPhase(row, 'dwelling', now)
          row.dwellAt = now + delay
          this.#queue(row)
        }
      }
    } else if (phase === 'new') {
      // Off screen from the first report: near when `askDelay` says, in the turn of the rows reported on screen
      // with it (an always-live row retains then, ranked with them). Mounted while the screen moves steadily, it is
      // the overscan of a scroll: about to scroll in (not if its element was taken off the page: `keepRank`).
      if (!this.#untold.delete(row)) return
      const motion = this.#motion(now)
      if (motion === 'steady' && !keepRank && this.#mayGoAhead(row)) {
        row.ahead = true
        this.#ahead++
      }
      const delay = askDelay(motion, this.#dwellMs)
      if (delay <= 0) this.#bringNear(row)
      else {
        row.nearAt = now + delay
        this.#queue(row)
      }
    } else if (phase === 'dwelling') {
      row.dwellAt = NONE
      this.#queue(row)
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
    this.#soon.delete(row)
    this.#leave.delete(row)
    this.#untold.delete(row)
    this.#unflag(row)
    row.letGo?.()
    row.letGo = null
  }

  /** Whether a row live only while on screen may be subscribed ahead: the rows visible bound them. */
  #mayGoAhead(row: Row): boolean {
    return row.mode === 'visible' && this.#leaveGraceMs > 0 && this.#ahead < this.#visible
  }

  #unflag(row: Row): void {
    if (!row.ahead) return
    row.ahead = false
    this.#ahead--
  }

  /** How the screen moves now. */
  #motion(now: number): Motion {
    const left = this.#left
    let old = 0
    while (old < left.length && (left[old] as number) <= now - MOTION_WINDOW_MS) old++
    if (old > 0) left.splice(0, old)
    return motionOf(this.#visible, left.length, left.length > 0 ? now - (left[0] as number) : 0)
  }

  /**
   * A row off screen becomes near (may take spare places in queries) when `askDelay` says; a row on screen asks
   * for itself, so none is near before a report says it is off screen.
   */
  #nearLater(row: Row, now: number): void {
    if (row.near || row.nearAt !== NONE) return
    const delay = askDelay(this.#motion(now), this.#dwellMs)
    if (delay <= 0) row.near = true
    else {
      row.nearAt = now + delay
      this.#queue(row)
    }
  }

  /** Queues `row` for the earlier of its pending times, or takes it out when none is. */
  #queue(row: Row): void {
    const at = Math.min(row.nearAt, row.dwellAt)
    if (at === NONE) this.#soon.delete(row)
    else if (this.#soon.dueOf(row) !== at) this.#soon.set(row, at)
  }

  /**
   * A queued row's time came: near now (a row in its dwell too: mounted long enough, it may take a spare place
   * while it dwells), and past its dwell visible.
   */
  #due(row: Row): void {
    const now = this.#clock.now()
    const nearing = row.nearAt <= now
    if (nearing) row.nearAt = NONE
    if (row.dwellAt <= now) {
      row.dwellAt = NONE
      if (row.phase === 'dwelling') this.#moveTo(row, 'visible')
    } else if (nearing) this.#bringNear(row)
    this.#queue(row)
  }

  /**
   * A row is near now; one about to scroll in is subscribed ahead, for `leaveGraceMs` at most, if the screen still
   * moves steadily (a scroll from rest looks steady for its first frames, a fling only after).
   */
  #bringNear(row: Row): void {
    const now = this.#clock.now()
    row.near = true
    if (row.ahead && this.#motion(now) !== 'steady') this.#unflag(row)
    if (row.ahead) this.#leave.set(row, now + this.#leaveGraceMs)
    this.#moveTo(row, row.phase === 'new' ? 'hidden' : row.phase)
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
    if (phase === 'visible') {
      row.near = true
      row.nearAt = NONE
      row.dwellAt = NONE
      this.#soon.delete(row)
      if (row.ahead) {
        this.#unflag(row)
        this.#leave.delete(row)
      }
    } else if (phase === 'hidden') this.#nearLater(row, now)
    const demand = demandOf(row.mode, phase, row.near, row.ahead && row.near)
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
