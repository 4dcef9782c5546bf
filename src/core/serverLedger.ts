/**
 * What the server is believed to hold: the subscription of each ID, with how many are held (the cap counts them)
 * and how many are on their way out. The one writer of that picture; the counts are kept where it is written.
 */
import type { StatusError } from './errors'

/**
 * The subscription of one ID as the server is believed to hold it. `unknown`: a (un)subscribe was sent and its
 * reply was lost, so it may or may not be held; doing what is wanted settles it (a subscribe is harmless).
 */
export type ServerState = 'absent' | 'subscribing' | 'present' | 'unsubscribing' | 'unknown'

/** What is known of one ID's subscription. */
export interface Subscription {
  readonly state: ServerState
  /** A definite failure (per ID, 3122, 72001): not tried again until a refetch or a login. */
  readonly refused: boolean
  /** The shown failure of the last subscribe that carried it. */
  readonly error: StatusError | null
  /** Send sequence of the last subscribe that carried it. */
  readonly sequence: number
}

type Entry = { -readonly [K in keyof Subscription]: Subscription[K] }

const NONE: Subscription = Object.freeze({ state: 'absent', refused: false, error: null, sequence: 0 })

export class ServerLedger {
  readonly #byID = new Map<string, Entry>()
  #held = 0
  #leaving = 0

  of(id: string): Subscription {
    return this.#byID.get(id) ?? NONE
  }

  /** IDs whose state is not `absent`: held, being subscribed or unsubscribed, or unknown. The cap counts them. */
  get held(): number {
    return this.#held
  }

  /** Of those, the ones being unsubscribed (room on its way). */
  get leaving(): number {
    return this.#leaving
  }

  #entry(id: string): Entry {
    let entry = this.#byID.get(id)
    if (!entry) {
      entry = { ...NONE }
      this.#byID.set(id, entry)
    }
    return entry
  }

  set(id: string, state: ServerState): void {
    const entry = this.#entry(id)
    const was = entry.state
    if ((was === 'absent') !== (state === 'absent')) this.#held += state === 'absent' ? -1 : 1
    if ((was === 'unsubscribing') !== (state === 'unsubscribing'))
      this.#leaving += state === 'unsubscribing' ? 1 : -1
    entry.state = state
  }

  /** A subscribe carrying `id` is sent, as call number `sequence`. */
  sending(id: string, sequence: number): void {
    this.#entry(id).sequence = sequence
    this.set(id, 'subscribing')
  }

  refuse(id: string, refused: boolean): void {
    if (refused || this.#byID.has(id)) this.#entry(id).refused = refused
  }

  showError(id: string, error: StatusError | null): void {
    if (error || this.#byID.has(id)) this.#entry(id).error = error
  }

  /** The session ended: the server dropped every subscription of it, and refusals are asked again next time. */
  reset(): void {
    for (const entry of this.#byID.values()) {
      entry.state = 'absent'
      entry.refused = false
    }
    this.#held = 0
    this.#leaving = 0
  }

  /** Forgets an ID nothing is held for. */
  forget(id: string): void {
    if (this.of(id).state === 'absent') this.#byID.delete(id)
  }
}
