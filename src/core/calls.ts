/**
 * How every SDK call of the engine is sent: through the failure policy, counted against its family's budget, and
 * with its answer held until the answers sent with it have landed, so that they are one store update.
 */

import { type StatusError, toStatusError } from './errors'
import { classify, type FailureKind } from './failurePolicy'
import type { Family } from './family'
import type { TimLike } from './sdk'
import type { StatusStore } from './statusStore'
import type { ApiFamily, Clock } from './types'

/**
 * Runs an SDK call and turns both ways it can fail (a rejection, or a synchronous throw such as
 * `Params validate failed.`) into a rejected `StatusError` that keeps the SDK's code.
 */
export async function callSdk<T>(api: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toStatusError(error, api)
  }
}

/** What a call came to. A failure carries its kind and, for retryable ones, the failures in a row so far. */
export type CallOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: StatusError; kind: FailureKind; attempt: number }

/** Sends one call of `family`: it counts against the budget at once, and a failure backs the family off. Never throws. */
async function runCall<T>(
  family: Family,
  api: string,
  send: () => Promise<T>,
  ids?: readonly string[],
): Promise<CallOutcome<T>> {
  family.begin()
  try {
    const answer = callSdk(api, send)
    family.watch?.(api, ids, answer)
    const value = await answer
    family.end()
    return { ok: true, value }
  } catch (caught) {
    const error = caught as StatusError
    const kind = classify(error)
    return { ok: false, error, kind, attempt: family.end(kind) }
  }
}

/** The SDK method of each API family. */
const API = {
  query: 'getUserStatus',
  subscribe: 'subscribeUserStatus',
  unsubscribe: 'unsubscribeUserStatus',
} as const

/** What a family call needs: the SDK, the families and the hold (the engine). */
interface CallHost {
  readonly tim: TimLike
  readonly families: Readonly<Record<ApiFamily, Family>>
  readonly hold: AnswerHold
}

/**
 * Sends one call of `family` for these IDs (none: the unsubscribe of everything) through the failure policy; its
 * answer waits for the answers sent with it (`AnswerHold`).
 */
export async function callFamily(
  host: CallHost,
  family: ApiFamily,
  userIDList?: string[],
): Promise<CallOutcome<unknown>> {
  const api = API[family]
  const { tim, hold } = host
  const sentAt = hold.noteSend()
  const method = tim[api] as (options: { userIDList?: string[] }) => Promise<unknown>
  const outcome = await runCall(
    host.families[family],
    api,
    () => method.call(tim, { userIDList }),
    userIDList,
  )
  hold.landed(sentAt)
  return outcome
}

/** How long answers may wait for the calls sent with them: about a frame. */
const TOGETHER_MS = 16
/** The longest stretch of sends whose answers wait for each other (a long task's worth). */
const BURST_MAX_MS = 100

/**
 * Holds the store's writes until the other answers due now have landed, so that the answers of several calls are
 * one update (one React commit).
 */
export class AnswerHold {
  readonly #clock: Clock
  readonly #store: StatusStore
  readonly #inFlight: () => number
  #sentAt = Number.NEGATIVE_INFINITY
  #burstFrom = Number.NEGATIVE_INFINITY
  /** While the store holds answers: told when another answer lands. */
  #landed: (() => void) | null = null

  /** `inFlight`: calls sent and not answered yet, of every family. */
  constructor(clock: Clock, store: StatusStore, inFlight: () => number) {
    this.#clock = clock
    this.#store = store
    this.#inFlight = inFlight
  }

  /**
   * Notes a call sent now; returns the time. Calls sent less than `TOGETHER_MS` apart are one burst: a long task
   * (a list mounting thousands of rows) sends its full queries as it goes, and their answers land as far apart.
   */
  noteSend(): number {
    const now = this.#clock.now()
    if (now - this.#sentAt > TOGETHER_MS) this.#burstFrom = now
    this.#sentAt = now
    return now
  }

  /**
   * An answer landed, of a call sent at `sentAt`: the store holds its writes for a 0 ms timer, or, while calls sent
   * with it are still in flight, until the last of those lands, never longer than `TOGETHER_MS` plus how much later
   * than this answer's call the rest of its burst was sent (`BURST_MAX_MS` at most). The timer always runs, so
   * the store always publishes.
   */
  landed(sentAt: number): void {
    const clock = this.#clock
    // A hold is open: this answer may be the last one it waits for.
    this.#landed?.()
    const sentLater = sentAt >= this.#burstFrom ? this.#sentAt - sentAt : 0
    const wait = TOGETHER_MS + Math.min(BURST_MAX_MS, sentLater)
    this.#store.hold((release) => {
      const end = () => {
        this.#landed = null
        release()
      }
      let timer = clock.setTimeout(end, this.#inFlight() > 0 ? wait : 0)
      this.#landed = () => {
        if (this.#inFlight() > 0) return
        clock.clearTimeout(timer)
        timer = clock.setTimeout(end, 0)
      }
    })
  }
}
