import type { RateLimit } from './types'

/** A client-side limit for one API family: never more than `calls` sends in any closed window of `perMs` ms. */
export interface RateLimiter {
  /** ms to wait until `free` sends (default 1) are allowed (0 = now). */
  delay(free?: number): number
  /** Records a send at the current time. */
  record(): void
  /** Holds every send back until `ms` from now (after the server said 2996). */
  pause(ms: number): void
  /** Sends still allowed in the current window. */
  remaining(): number
  /** Sends allowed right now: `remaining()`, or 0 while paused. */
  available(): number
  /** When the latest send of the current window was made (null: none in it). */
  lastSend(): number | null
}

/**
 * A sliding-window log of send times. Unlike a token bucket it never lets `2 x calls - 1` through across a
 * window edge, and unlike a fixed spacing it sends a whole burst at once when the budget allows.
 */
export function createRateLimiter(
  { calls, perMs: window, marginMs = 0 }: Pick<RateLimit, 'calls' | 'perMs'> & { marginMs?: number },
  now: () => number,
): RateLimiter {
  const perMs = window + marginMs
  const sent: number[] = []
  let pausedUntil = 0

  // A send at t shares a window with every send at or after t - perMs.
  const prune = (t: number) => {
    let drop = 0
    while (drop < sent.length && (sent[drop] as number) < t - perMs) drop++
    if (drop > 0) sent.splice(0, drop)
  }

  return {
    delay(wanted = 1) {
      const free = Math.min(Math.max(1, wanted), calls)
      const t = now()
      prune(t)
      const pause = Math.max(0, pausedUntil - t)
      if (sent.length <= calls - free) return pause
      // A send leaves the window 1 ms after its window closes; this one is the last that has to leave.
      const leaving = sent[Math.max(0, sent.length - calls + free - 1)] as number
      return Math.max(pause, leaving + perMs + 1 - t)
    },
    record() {
      sent.push(now())
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms)
    },
    remaining() {
      prune(now())
      return Math.max(0, calls - sent.length)
    },
    available() {
      return pausedUntil > now() ? 0 : this.remaining()
    },
    lastSend() {
      prune(now())
      return sent[sent.length - 1] ?? null
    },
  }
}
