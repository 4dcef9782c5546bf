import { type Engine, holdStore, noteSend } from './engine'
import type { StatusError } from './errors'
import type { Peer } from './peers'
import { createRateLimiter, type RateLimiter } from './rateLimiter'
import { callSdk } from './sdkCall'
import type { ApiFamily, ResolvedOptions } from './types'

/**
 * What a failed call means. This is the one failure policy: every SDK call of the engine goes through `runCall`.
 * - `not-ready`: the SDK refused before sending (2024 not logged in, 3000 logging in, 2999, 3005 logged out, 3003
 *   kicked out). Nothing was done; the engine looks at readiness again and waits. No attempt is counted.
 * - `refused`: the server refused it (2996 over frequency). Nothing was done; the family backs off and retries.
 * - `lost`: a transport failure (2800-2805), or a code this library does not know. It may have been applied (the
 *   reply was lost): a (un)subscribe's outcome becomes unknown. The family backs off and retries.
 * - `definite`: the feature is unavailable (3122 plan, 72001 console switch). Nothing was done; shown at once, not
 *   retried (a 3122 a few times, see `PLAN_RETRIES`).
 */
export type FailureKind = 'not-ready' | 'refused' | 'lost' | 'definite'

// The codes as plain numbers (`TIM_ERROR` names them): lookups in its object would stay in production bundles.
/** 2024 not logged in, 3000 logging in, 2999 not ready, 3005 logged out, 3003 kicked out. */
const NOT_READY: readonly number[] = [2024, 3000, 2999, 3005, 3003]
/** 3122: the plan lacks user status, or the SDK has not loaded the plan yet. */
export const PLAN_REFUSED = 3122

/** Sorts a failure into one of the four kinds (see `FailureKind`). */
export function classify(error: StatusError): FailureKind {
  const { code } = error
  if (NOT_READY.includes(code)) return 'not-ready'
  if (code === 2996) return 'refused'
  if (code === PLAN_REFUSED || code === 72001) return 'definite'
  return 'lost'
}

/**
 * How often a 3122 is asked again before it is taken as final. The SDK answers 3122 until it knows the plan, which
 * it may learn only on its first 1 s tick after login: a 3122 right after SDK_READY is not yet the plan's answer.
 * The SDK checks the plan locally, so these retries cost no server call.
 */
export const PLAN_RETRIES = 2

/** One API family the server limits separately: its budget, its backoff and its failures in a row. */
export interface Family {
  readonly limiter: RateLimiter
  /** Retryable failures in a row (reset by a success). */
  attempts: number
  /** 3122 answers asked again since the last login. */
  planRetries: number
  /** Peers refused with 3122 that wait for the retry already set (null: none is set). */
  planWaiting: Set<Peer> | null
  /** Calls sent and not answered yet. */
  inFlight: number
  /** Since when its work has waited to fill a call (see `holdToFill`); null while it does not. */
  waitingSince: number | null
  /** Sees each call and its answer; unset unless the inspection API's call log is attached (`callLog.ts`). */
  watch?: CallWatch | null
}

/** Sees one SDK call as it is sent, and its answer. */
export type CallWatch = (api: string, ids: readonly string[] | undefined, answer: Promise<unknown>) => void

export function createFamily(options: ResolvedOptions): Family {
  const limiter = createRateLimiter(options.rateLimit, () => options.clock.now())
  return { limiter, attempts: 0, planRetries: 0, planWaiting: null, inFlight: 0, waitingSince: null }
}

/** Delay before retry number `attempt`: `retryDelayMs` doubled per failure, at most `retryMaxDelayMs`. */
export function retryDelay(options: ResolvedOptions, attempt: number): number {
  return Math.min(options.retryMaxDelayMs, options.retryDelayMs * 2 ** (attempt - 1))
}

/** The SDK fetches the plan about 1 s after login: the first retry of a 3122 waits longer than that. */
export function planRetryDelay(options: ResolvedOptions, attempt: number): number {
  return Math.max(1500 * attempt, retryDelay(options, attempt))
}

/** What a call came to. A failure carries its kind and, for retryable ones, the failures in a row so far. */
export type CallOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: StatusError; kind: FailureKind; attempt: number }

/**
 * Sends one call of a family: counts it against the budget at once, and on a retryable failure holds the whole
 * family back for the retry delay. Never throws.
 */
export async function runCall<T>(
  family: Family,
  options: ResolvedOptions,
  api: string,
  send: () => Promise<T>,
  ids?: readonly string[],
): Promise<CallOutcome<T>> {
  family.limiter.record()
  family.inFlight++
  try {
    const answer = callSdk(api, send)
    family.watch?.(api, ids, answer)
    const value = await answer
    family.attempts = 0
    return { ok: true, value }
  } catch (caught) {
    const error = caught as StatusError
    const kind = classify(error)
    let attempt = 0
    // Not ready: the engine looks at readiness again; a short pause keeps an SDK that still says it is ready
    // from being asked in a tight loop.
    if (kind === 'not-ready') family.limiter.pause(options.retryDelayMs)
    if (kind === 'refused' || kind === 'lost') {
      attempt = ++family.attempts
      family.limiter.pause(retryDelay(options, attempt))
    }
    return { ok: false, error, kind, attempt }
  } finally {
    family.inFlight--
  }
}

/** Whether a failure is shown now: definite ones at once, retryable ones after `retriesBeforeError` in a row. */
export function isShown(outcome: { kind: FailureKind; attempt: number }, options: ResolvedOptions): boolean {
  return outcome.kind === 'definite' || outcome.attempt >= options.retriesBeforeError
}

/** The SDK method of each API family. */
const API = {
  query: 'getUserStatus',
  subscribe: 'subscribeUserStatus',
  unsubscribe: 'unsubscribeUserStatus',
} as const

/**
 * Sends one call of `family` for these IDs (none: the unsubscribe of everything) through `runCall`; once it is
 * answered, the store holds its writes for the answers landing with it (`holdStore`).
 */
export async function callFamily(
  engine: Engine,
  family: ApiFamily,
  userIDList?: string[],
): Promise<CallOutcome<unknown>> {
  const api = API[family]
  const sentAt = noteSend(engine)
  const outcome = await runCall(
    engine.families[family],
    engine.options,
    api,
    () => (engine.tim[api] as (options: { userIDList?: string[] }) => Promise<unknown>)({ userIDList }),
    userIDList,
  )
  holdStore(engine, sentAt)
  return outcome
}
