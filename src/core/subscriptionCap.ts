/**
 * The subscription cap. The server drops its oldest subscriptions silently once it holds more than its cap, so the
 * engine never holds more than `maxSubscriptions`. Past it, the IDs that want a subscription are ranked (higher
 * priority first, then the most recently retained) and the top ones form the live set; the rest are kept fresh by
 * queries. The one writer of which IDs want a subscription and which of them are live.
 */
import type { PlanInput } from './planner'

export class SubscriptionCap {
  readonly #wanted = new Set<string>()
  #chosen: Set<string> | null = null
  #dirty = false

  /** IDs that want a subscription (live retains, not the own ID, not refused). */
  get wanted(): number {
    return this.#wanted.size
  }

  /** Whether `id` wants a subscription. */
  wants(id: string): boolean {
    return this.#wanted.has(id)
  }

  /** In the live set: it wants a subscription and ranks within the cap. */
  has(id: string): boolean {
    return this.#wanted.has(id) && (this.#chosen === null || this.#chosen.has(id))
  }

  /** Whether `id` wants a subscription now; a change ranks again on the next pass. */
  note(id: string, wants: boolean): void {
    if (wants === this.#wanted.has(id)) return
    if (wants) this.#wanted.add(id)
    else this.#wanted.delete(id)
    this.#dirty = true
  }

  /** Something that ranks them changed (a priority, a newer retain): rank again on the next pass. */
  touch(): void {
    this.#dirty = true
  }

  /**
   * Ranks again if anything changed; returns the IDs that moved in or out of the live set, the highest ranked last
   * (filed last, they are subscribed first when room is short: the planner takes the newest work first).
   */
  rank(cap: number, compare: (a: string, b: string) => number): string[] {
    if (!this.#dirty) return []
    this.#dirty = false
    const before = this.#chosen
    const wanted = this.#wanted
    // They all fit: the live set is every ID that wants one, and those that were past the cap move in.
    if (wanted.size <= cap) {
      this.#chosen = null
      return before === null ? [] : [...wanted].filter((id) => !before.has(id))
    }
    const ranked = [...wanted].sort(compare)
    const next = new Set(ranked.slice(0, cap))
    this.#chosen = next
    const moved: string[] = []
    for (let index = ranked.length - 1; index >= 0; index--) {
      const id = ranked[index] as string
      if ((before === null || before.has(id)) !== next.has(id)) moved.push(id)
    }
    return moved
  }
}

/**
 * Room made past what is needed, as a share of the cap: the rows that come next (a list read down) find room, and
 * one unsubscribe serves many passes instead of one call of an ID or two each.
 */
const ROOM_AHEAD_SHARE = 0.1

/**
 * At the cap, IDs wanted live wait for room. Subscriptions kept only for their grace give it first, the oldest
 * released first; what is already being let go (ranked out, or an unsubscribe in flight) frees room too. When
 * room is needed, a tenth of the cap more is made (`ROOM_AHEAD_SHARE`). Returns the IDs whose grace ends now.
 */
export function graceToEnd(input: PlanInput, leaving: number, graceOrder: Iterable<string>): string[] {
  const { work, serverOf } = input
  let needed = input.held - input.cap - work.unsubscribe.size - leaving
  for (const id of work.subscribe) if (serverOf(id) === 'absent') needed++
  const ending: string[] = []
  if (needed <= 0) return ending
  needed += Math.ceil(input.cap * ROOM_AHEAD_SHARE)
  for (const id of graceOrder) {
    if (needed <= 0) break
    const server = serverOf(id)
    if (server !== 'present' && server !== 'unknown') continue
    ending.push(id)
    needed--
  }
  return ending
}
