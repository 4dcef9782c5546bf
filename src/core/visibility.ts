/**
 * What is on screen decides what is live. Each tracked row (a badge, a custom row) says when it becomes visible or
 * hidden; the tracker turns that into retains of the client, by the pure rules of `visibilityRules.ts`:
 * - when it is asked for is one rule, `askDelay`: at once on a still screen, soon while it moves steadily, after
 *   `dwellMs` in a fling, so that a row flung past asks for nothing;
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

import { createDueQueue, type DueQueue } from './dueQueue'
import { ScreenMotion } from './screenMotion'
import type { RetainOptions, StatusClient } from './statusClient'
import { askDelay, demandOf, type Phase, type SubscribeMode } from './visibilityRules'

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

/** How long a row nothing tells about waits before it counts as off screen. */
const UNTOLD_MS = 1000
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
  readonly #motion = new ScreenMotion()
  /** Rows flagged `ahead` (at most the rows visible). */
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
        const delay = askDelay(this.#motion.at(now), this.#dwellMs)
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
      const motion = this.#motion.at(now)
      if (motion === 'steady' && !keepRank && this.#mayGoAhead(row)) {
        row.ahead = true
        this.#ahead++
      }
      this.#nearLater(row, now)
      if (row.near) this.#bringNear(row)
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
    return row.mode === 'visible' && this.#leaveGraceMs > 0 && this.#ahead < this.#motion.visible
  }

  #unflag(row: Row): void {
    if (!row.ahead) return
    row.ahead = false
    this.#ahead--
  }

  /**
   * A row off screen becomes near (may take spare places in queries) when `askDelay` says; a row on screen asks
   * for itself, so none is near before a report says it is off screen.
   */
  #nearLater(row: Row, now: number): void {
    if (row.near || row.nearAt !== NONE) return
    const delay = askDelay(this.#motion.at(now), this.#dwellMs)
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
    if (row.ahead && this.#motion.at(now) !== 'steady') this.#unflag(row)
    if (row.ahead) this.#leave.set(row, now + this.#leaveGraceMs)
    this.#moveTo(row, row.phase === 'new' ? 'hidden' : row.phase)
  }

  /** Sets a row's phase, telling the screen's motion. */
  #setPhase(row: Row, phase: Phase, now: number): void {
    this.#motion.moved(row.phase, phase, now)
    row.phase = phase
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
