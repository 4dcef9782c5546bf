/**
 * The flap guard (`offlineDelayMs`). A web user goes online → unlogined when the page closes, so a page reload looks
 * like a second or two of "logged out" to everyone watching. A user shown online who turns offline or unlogined
 * keeps being shown online for `offlineDelayMs`; back online within it, nothing ever shows them away. The one writer
 * of which drops are held back.
 */
import { createDueQueue, type DueQueue } from './dueQueue'
import type { ReadStatus } from './responses'
import type { StatusStore } from './statusStore'
import type { StoreWriter } from './storeWriter'
import type { Clock, UserEntry, UserStatus } from './types'

const ONLINE = 1
const isAway = (status: ReadStatus) => status.statusType === 2 || status.statusType === 3

export class FlapGuard {
  readonly #delayMs: number
  readonly #store: StatusStore
  readonly #isMe: (userID: string) => boolean
  readonly #held = new Map<string, { status: ReadStatus; seenAt: number }>()
  readonly #due: DueQueue<string>

  /** Shows in `store`; `isMe`: the own ID, never held back. */
  constructor(clock: Clock, delayMs: number, store: StatusStore, isMe: (userID: string) => boolean) {
    this.#delayMs = delayMs
    this.#store = store
    this.#isMe = isMe
    // The drops whose delay ended show now.
    this.#due = createDueQueue(clock, 0, (ids) => store.write((writer) => this.#showHeld(writer, ids)))
  }

  /** Shows the drops held for `ids`, with the time each was first seen. */
  #showHeld(writer: StoreWriter, ids: Iterable<string>): void {
    for (const userID of ids) {
      const held = this.#held.get(userID)
      this.#held.delete(userID)
      this.#due.delete(userID)
      if (held) writer.status(userID, held.status, held.seenAt)
    }
  }

  /**
   * The session ended: no push can take a held drop back any more, so each shows now (as it would when its delay
   * ends), and no timer outlives the session.
   */
  flush(writer: StoreWriter): void {
    this.#showHeld(writer, [...this.#held.keys()])
  }

  /**
   * Shows a status of another user (an answer or a push; undefined: none, only `patch`) as the guard allows: a
   * drop from online waits for the delay. The own status is never held back.
   */
  show(
    writer: StoreWriter,
    userID: string,
    status: ReadStatus | undefined,
    at: number,
    patch?: Partial<Omit<UserEntry, 'status'>>,
  ): void {
    const held =
      status !== undefined &&
      !this.#isMe(userID) &&
      !this.#admit(userID, this.#store.getEntry(userID).status, status, at)
    writer.status(userID, held ? undefined : status, at, patch)
  }

  /**
   * Whether `next`, seen `at`, is shown now (true) or held back (false), given what is `shown`. A drop from online
   * is held; while one is held, a later drop replaces the status it will show (its time stays that of the first),
   * and anything else (back online) ends it.
   */
  #admit(userID: string, shown: UserStatus | undefined, next: ReadStatus, at: number): boolean {
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
