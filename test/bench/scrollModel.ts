// The scripted viewport of scroll.bench.ts: a seeded random source, the scroll script (reading, scrolling,
// flinging) and the figures' arithmetic. No timers, no engine: pure functions of the seed and the frames.

/** A seeded uniform source in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export type ScrollKind = 'reading' | 'scrolling' | 'flinging'

export interface ScrollSettings {
  /** Rows in the list. */
  rows: number
  /** Rows the viewport shows. */
  viewport: number
  /** Chance of each kind when a segment starts (reading dominates the time, see `SCROLL_WEIGHTS`). */
  weights: Record<ScrollKind, number>
}

/**
 * Segment weights: reading lasts 2–15 s (mean 8.5 s), scrolling 1.5–5 s, a fling about 2 s with its deceleration,
 * so these chances give roughly 60 % / 30 % / 10 % of the time (the run prints what its seed gave).
 */
export const SCROLL_WEIGHTS: Record<ScrollKind, number> = { reading: 0.38, scrolling: 0.41, flinging: 0.21 }

interface Segment {
  kind: ScrollKind
  /** ms left at the set velocity (reading: its whole length). */
  left: number
  /** Reading: ms into the segment. */
  elapsed: number
  /** rows per second, signed (down is +). */
  velocity: number
  /** Flings: decelerating after their push. */
  decelerating: boolean
  /** Reading: a small scroll of a few rows (over `NUDGE_MS`) this many ms into the segment; -1: none. */
  nudgeAt: number
  nudgeVelocity: number
}

/** A fling decelerates like a scroll view: velocity × e^(−t/τ) until it is slower than `FLING_STOP`. */
const FLING_TAU_MS = 350
const FLING_STOP = 10
/** How long the small scroll of a reading segment takes. */
const NUDGE_MS = 300

export interface Scroller {
  /** Moves the script on by `dt` ms; returns the index of the first visible row (fractional). */
  step(dt: number): number
  readonly top: number
  /** What the script is doing now (between segments: reading). */
  readonly kind: ScrollKind
  /** ms spent in each kind, and segments started of each kind. */
  readonly time: Record<ScrollKind, number>
  readonly segments: Record<ScrollKind, number>
  /** Rows travelled in total. */
  readonly travelled: number
}

/**
 * The scroll script: segments of reading (stays on a page 2–15 s, half of them with one small scroll of 1–4 rows
 * over 300 ms), scrolling (5–20 rows/s for 1.5–5 s) and flinging (200–1,000 rows/s for 0.3–1 s, then decelerating),
 * chosen with `weights`. Down mostly; up near the end of the list or at random (a quarter of the moves).
 */
export function createScroller(random: () => number, settings: ScrollSettings): Scroller {
  const { rows, viewport, weights } = settings
  const maxTop = rows - viewport
  const between = (low: number, high: number) => low + (high - low) * random()
  const time: Record<ScrollKind, number> = { reading: 0, scrolling: 0, flinging: 0 }
  const segments: Record<ScrollKind, number> = { reading: 0, scrolling: 0, flinging: 0 }
  let top = 0
  let travelled = 0
  let segment: Segment | null = null

  const direction = () => {
    if (top > maxTop - 2500) return random() < 0.85 ? -1 : 1
    if (top < 500) return 1
    return random() < 0.75 ? 1 : -1
  }

  const next = (): Segment => {
    const roll = random() * (weights.reading + weights.scrolling + weights.flinging)
    const kind: ScrollKind =
      roll < weights.reading
        ? 'reading'
        : roll < weights.reading + weights.scrolling
          ? 'scrolling'
          : 'flinging'
    segments[kind]++
    const base = { kind, elapsed: 0, decelerating: false, nudgeAt: -1, nudgeVelocity: 0 }
    if (kind === 'reading') {
      const left = between(2000, 15_000)
      const nudge = random() < 0.5
      return {
        ...base,
        left,
        velocity: 0,
        nudgeAt: nudge ? between(500, left - 500) : -1,
        nudgeVelocity: ((1 + Math.floor(random() * 4)) * 1000 * (random() < 0.8 ? 1 : -1)) / NUDGE_MS,
      }
    }
    if (kind === 'scrolling')
      return { ...base, left: between(1500, 5000), velocity: between(5, 20) * direction() }
    return { ...base, left: between(300, 1000), velocity: between(200, 1000) * direction() }
  }

  const move = (velocity: number, dt: number): boolean => {
    const wanted = top + (velocity * dt) / 1000
    const clamped = Math.min(maxTop, Math.max(0, wanted))
    travelled += Math.abs(clamped - top)
    top = clamped
    // Hit an end of the list.
    return clamped !== wanted
  }

  return {
    step(dt) {
      segment ??= next()
      const current = segment
      time[current.kind] += dt
      let done = false
      if (current.kind === 'reading') {
        // The part of this step that falls into the small scroll, if there is one.
        const from = current.elapsed
        current.elapsed += dt
        if (current.nudgeAt >= 0) {
          const overlap =
            Math.min(current.elapsed, current.nudgeAt + NUDGE_MS) - Math.max(from, current.nudgeAt)
          if (overlap > 0) move(current.nudgeVelocity, overlap)
        }
        done = current.elapsed >= current.left
      } else if (!current.decelerating) {
        const hit = move(current.velocity, dt)
        current.left -= dt
        if (hit) done = true
        else if (current.left <= 0) {
          if (current.kind === 'flinging') current.decelerating = true
          else done = true
        }
      } else {
        current.velocity *= Math.exp(-dt / FLING_TAU_MS)
        const hit = move(current.velocity, dt)
        done = hit || Math.abs(current.velocity) < FLING_STOP
      }
      if (done) segment = null
      return top
    },
    get top() {
      return top
    },
    get kind() {
      return segment?.kind ?? 'reading'
    },
    time,
    segments,
    get travelled() {
      return travelled
    },
  }
}

/** The value at the nearest rank of `share` (0–1) of sorted values; NaN when empty. */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil(share * sorted.length))
  return sorted[Math.min(sorted.length, rank) - 1] as number
}

/** The most times (ms) that fall into any window [t, t + windowMs) (the server's: `at - time < perMs`). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let max = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++
    max = Math.max(max, end - start + 1)
  }
  return max
}
