/**
 * The pure rules of visibility (`visibility.ts` keeps the rows and their timers): how the screen moves, when a row
 * is worth asking for, and what a row retains in each phase.
 */

import { ON_SCREEN } from './demand'
import type { RetainOptions } from './statusClient'

/** When a row is live: `'visible'` while on screen (default), `true` always, `false` never (fetched only). */
export type SubscribeMode = 'visible' | boolean

/** Priorities of retains by visibility (others retain at 0). */
export const VISIBLE_PRIORITY = ON_SCREEN
export const RECENT_PRIORITY = 1

/**
 * `new`: tracked, and nothing told yet whether it is on screen. An always-live row retains only once told (or
 * after `UNTOLD_MS` of visibility.ts, if nothing ever tells), so that rows on screen at mount are ranked as such from their first
 * retain, however late the observer's first report comes on a busy page.
 */
export type Phase = 'new' | 'hidden' | 'dwelling' | 'visible' | 'leaving'

/** How far back the tracker looks to tell how fast rows leave the screen. */
export const MOTION_WINDOW_MS = 500
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
export function demandOf(
  mode: SubscribeMode,
  phase: Phase,
  near: boolean,
  ahead: boolean,
): RetainOptions | null {
  const seen = phase === 'visible' || phase === 'leaving'
  if (ahead && !seen) return AHEAD
  const rank = phase === 'visible' ? 2 : phase === 'leaving' ? 1 : 0
  if (phase === 'new' || (mode !== true && !seen)) return near ? SPARE : null
  return (DEMANDS[mode === false ? 0 : 1] as RetainOptions[])[rank] as RetainOptions
}

export const onScreen = (phase: Phase) => phase === 'dwelling' || phase === 'visible'
