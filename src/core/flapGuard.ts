/**
 * The flap guard (`offlineDelayMs`). A web user goes online → unlogined when the page closes, so a page reload looks
 * like a second or two of "logged out" to everyone watching. A user shown online who turns offline or unlogined
 * keeps being shown online for `offlineDelayMs`; back online within it, nothing ever shows them away. The one writer
 * of which drops are held back.
 */
import { createDueQueue, type DueQueue } from './dueQueue'
import type { ReadStatus } from './responses'
import type { Clock, UserStatus } from './types'

/** A drop from online held back: the status to show when the delay ends, and when it was seen. */
export interface HeldDrop {
  readonly userID: string
  readonly status: ReadStatus
  readonly seenAt: number
}

const ONLINE = 1
const isAway = (status: ReadStatus) => status.statusType === 2 || status.statusType === 3

export class FlapGuard {
  readonly #delayMs: number
  readonly #held = new Map<string, { status: ReadStatus; seenAt: number }>()
  readonly #due: DueQueue<string>

  /** `show`: the drops whose delay ended, to be shown now. */
  constructor(clock: Clock, delayMs: number, show: (drops: HeldDrop[]) => void) {
    this.#delayMs = delayMs
    this.#due = createDueQueue(clock, 0, (ids) => {
      const drops: HeldDrop[] = []
      for (const userID of ids) {
        const held = this.#held.get(userID)
        this.#held.delete(userID)
        if (held) drops.push({ userID, ...held })
      }
      show(drops)
    })
  }

  /**
   * Whether `next`, seen `at`, is shown now (true) or held back (false), given what is `shown`. A drop from online
   * is held; while one is held, a later drop replaces the status it will show (its time stays that of the first),
   * and anything else (back online) ends it.
   */
  admit(userID: string, shown: UserStatus | undefined, next: ReadStatus, at: number): boolean {
    if (this.#delayMs <= 0) return true
    const held = this.#held.get(userID)
    if (isAway(next) && (held || shown?.statusType === ONLINE)) {
      if (held) held.status = next
      else {
        this.#held.set(userID, { status: next, seenAt: at })
        this.#due.set(userID, at + this.#delayMs)
      }
      return false
    }
    this.forget(userID)
    return true
  }

  /** Drops what is held for `userID` (back online, or forgotten). */
  forget(userID: string): void {
    if (this.#held.delete(userID)) this.#due.delete(userID)
  }
}
