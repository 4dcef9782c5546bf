/**
 * How fresh what is known of each ID's status is: when it was last answered or pushed, whether a query for it is
 * in flight, and the failure of its last query. The one writer of these facts.
 */
import type { StatusError } from './errors'

/** `freshAt` of a status never answered, or one that must be asked again. */
export const NEVER = Number.NEGATIVE_INFINITY

/** What is known of one ID's status. */
export interface Known {
  /** When its status was last answered, pushed, or definitely failed; `NEVER`: it must be asked. */
  readonly freshAt: number
  /** A query carrying it is in flight. */
  readonly querying: boolean
  /** Send sequence of the last query that carried it. */
  readonly querySeq: number
  /** Sequence of the last push for it: a query sent before that push must not overwrite it. */
  readonly pushSeq: number
  /** The shown failure of the last query that carried it. */
  readonly error: StatusError | null
}

type Entry = { -readonly [K in keyof Known]: Known[K] }

const UNKNOWN: Known = Object.freeze({
  freshAt: NEVER,
  querying: false,
  querySeq: 0,
  pushSeq: 0,
  error: null,
})

export class Knowledge {
  readonly #byID = new Map<string, Entry>()

  of(id: string): Known {
    return this.#byID.get(id) ?? UNKNOWN
  }

  #entry(id: string): Entry {
    let entry = this.#byID.get(id)
    if (!entry) {
      entry = { ...UNKNOWN }
      this.#byID.set(id, entry)
    }
    return entry
  }

  /** A query carrying these IDs is sent, as call number `sequence`. */
  sending(ids: readonly string[], sequence: number): void {
    for (const id of ids) {
      const entry = this.#entry(id)
      entry.querying = true
      entry.querySeq = sequence
    }
  }

  /** The query carrying these IDs came back (or will never be heard of). */
  sent(ids: readonly string[]): void {
    for (const id of ids) this.#entry(id).querying = false
  }

  /** Answered (or pushed) at `at`: fresh, and a failed query for it no longer matters. */
  answered(id: string, at: number): void {
    const entry = this.#entry(id)
    entry.freshAt = at
    entry.error = null
  }

  /** Pushed at `at`, as push number `sequence`. */
  pushed(id: string, sequence: number, at: number): void {
    this.answered(id, at)
    this.#entry(id).pushSeq = sequence
  }

  /** Its query failed for good (shown as its error); `definiteAt`: a definite answer, fresh from then. */
  failed(id: string, error: StatusError | null, definiteAt?: number): void {
    const entry = this.#entry(id)
    if (error) entry.error = error
    if (definiteAt !== undefined) entry.freshAt = definiteAt
  }

  /** Must be asked again. */
  invalidate(id: string): void {
    const entry = this.#byID.get(id)
    if (entry) entry.freshAt = NEVER
  }

  /** Stale from `at` on, if it was fresher. */
  staleFrom(id: string, at: number): void {
    const entry = this.#byID.get(id)
    if (entry && entry.freshAt > at) entry.freshAt = at
  }

  /** Its subscription ended now: its status was live until now. */
  liveUntil(id: string, at: number): void {
    const entry = this.#byID.get(id)
    if (entry && entry.freshAt > NEVER) entry.freshAt = at
  }

  /** The session ended: nothing is in flight any more, and everything is asked again after the next login. */
  reset(): void {
    for (const entry of this.#byID.values()) {
      entry.querying = false
      entry.freshAt = NEVER
    }
  }

  forget(id: string): void {
    this.#byID.delete(id)
  }
}
