import { TIM_ERROR } from './sdk'

/** Codes of the library's own errors (the SDK's codes are positive; these are negative so they never clash). */
export const RTS_ERROR = {
  /** A bad argument or option: nothing was sent. */
  INVALID_ARGUMENT: -1,
  /** The client was destroyed (provider unmounted) before the request finished. */
  DESTROYED: -2,
} as const

/**
 * An error with the SDK's or backend's code kept as is (2024, 2996, 3122, 72001, ...) or one of `RTS_ERROR`.
 * It is an `Error` (stack, `instanceof`) and satisfies `{ code, message }`.
 */
export class StatusError extends Error {
  readonly code: number
  /** The value the SDK rejected with, when there was one. */
  override readonly cause?: unknown

  constructor(code: number, message: string, cause?: unknown) {
    super(message)
    this.name = 'StatusError'
    this.code = code
    if (cause !== undefined) this.cause = cause
  }
}

/** What to do, by code (`TIM_ERROR`). Plain number keys, so that production builds drop the table. */
const GUIDANCE: Record<number, string> = {
  3122: "others' status needs a plan with user status (Ultimate edition); own status still works",
  72001:
    'user status is off in the IM console: enable it under Feature Configuration; own status still works',
  2024: 'not logged in: call tim.login() and wait for SDK_READY',
  3000: 'still logging in: wait for SDK_READY',
  2999: 'not ready: wait for SDK_READY',
  3005: 'logged out: log in again',
  3003: 'kicked out by another login: log in again',
  2996: 'over the limit of 20 calls per 5 s',
  2800: 'network error',
  2801: 'network timeout',
  2805: 'no network',
}

/** The code of what the SDK rejected with (a number, or digits), else 0. */
function readCode(value: unknown): number {
  const code = Number((value as { code?: unknown } | null | undefined)?.code)
  return Number.isFinite(code) ? code : 0
}

function readMessage(value: unknown): string {
  const message =
    typeof value === 'string' ? value : (value as { message?: unknown } | null | undefined)?.message
  return typeof message === 'string' ? message : ''
}

/** Makes a `StatusError` of what the SDK rejected or threw with; the SDK's code is kept and guidance added. */
export function toStatusError(value: unknown, api?: string): StatusError {
  if (value instanceof StatusError) return value
  const code = readCode(value)
  const original = readMessage(value)
  const head = `${api ?? 'request'} failed (${code}): `
  // What to do, in development; production builds keep the code and the SDK's own text.
  if (process.env.NODE_ENV !== 'production' && GUIDANCE[code]) {
    const guidance = GUIDANCE[code]
    return new StatusError(code, head + (original ? `${guidance} [SDK: ${original}]` : guidance), value)
  }
  return new StatusError(code, head + (original || 'unknown error'), value)
}

/** A per-ID failure (`failureUserList` item) as a `StatusError`. */
export function failureToError(failure: {
  userID?: unknown
  code?: unknown
  message?: unknown
}): StatusError {
  const code = readCode(failure)
  const message = readMessage(failure)
  return new StatusError(code, `user ${String(failure.userID)}: ${message || 'failed'} (${code})`)
}

/** The feature is unavailable (plan 3122 or console switch 72001): statuses of others cannot be had. */
export function isFeatureUnavailable(error: StatusError | null | undefined): boolean {
  return (
    !!error &&
    (error.code === TIM_ERROR.CANNOT_USE_COMMERCIAL_ABILITY || error.code === TIM_ERROR.STATUS_FEATURE_OFF)
  )
}
