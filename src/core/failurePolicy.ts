/**
 * The one failure policy: what a failed SDK call means, and when it is tried again. Pure; `calls.ts` applies it to
 * every call the engine sends.
 * - `not-ready`: the SDK refused before sending (2024 not logged in, 3000 logging in, 2999, 3005 logged out, 3003
 *   kicked out). Nothing was done; the engine looks at readiness again and waits. No attempt is counted.
 * - `refused`: the server refused it (2996 over frequency). Nothing was done; the family backs off and retries.
 * - `lost`: a transport failure (2800-2805), or a code this library does not know. It may have been applied (the
 *   reply was lost): a (un)subscribe's outcome becomes unknown. The family backs off and retries.
 * - `definite`: the feature is unavailable (3122 plan, 72001 console switch). Nothing was done; shown at once, not
 *   retried (a 3122 a few times, see `PLAN_RETRIES`).
 */
import type { StatusError } from './errors'
import type { ResolvedOptions } from './types'

export type FailureKind = 'not-ready' | 'refused' | 'lost' | 'definite'

// The codes as plain numbers (`TIM_ERROR` names them): lookups in its object would stay in production bundles.
/** 2024 not logged in, 3000 logging in, 2999 not ready, 3005 logged out, 3003 kicked out. */
const NOT_READY: readonly number[] = [2024, 3000, 2999, 3005, 3003]
/** 3122: the plan lacks user status, or the SDK has not loaded the plan yet. */
export const PLAN_REFUSED = 3122

/** Sorts a failure into one of the four kinds. */
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

/** Delay before retry number `attempt`: `retryDelayMs` doubled per failure, at most `retryMaxDelayMs`. */
export function retryDelay(options: ResolvedOptions, attempt: number): number {
  return Math.min(options.retryMaxDelayMs, options.retryDelayMs * 2 ** (attempt - 1))
}

/** The SDK fetches the plan about 1 s after login: the first retry of a 3122 waits longer than that. */
export function planRetryDelay(options: ResolvedOptions, attempt: number): number {
  return Math.max(1500 * attempt, retryDelay(options, attempt))
}

/** How long a family holds back after a failure of `kind`, its `attempt`th in a row (0: not at all). */
export function backoffAfter(options: ResolvedOptions, kind: FailureKind, attempt: number): number {
  // Not ready: the engine looks at readiness again; a short pause keeps an SDK that still says it is ready from
  // being asked in a tight loop.
  if (kind === 'not-ready') return options.retryDelayMs
  return kind === 'definite' ? 0 : retryDelay(options, attempt)
}

/** Whether a failure is shown now: definite ones at once, retryable ones after `retriesBeforeError` in a row. */
export function isShown(outcome: { kind: FailureKind; attempt: number }, options: ResolvedOptions): boolean {
  return outcome.kind === 'definite' || outcome.attempt >= options.retriesBeforeError
}
