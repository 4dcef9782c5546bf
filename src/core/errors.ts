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

const GUIDANCE: Record<number, string> = {
  [TIM_ERROR.CANNOT_USE_COMMERCIAL_ABILITY]:
    "user status of others needs Tencent IM's Ultimate edition (or a plan with the user-status feature): upgrade the plan of this SDKAppID; own status still works",
  [TIM_ERROR.STATUS_FEATURE_OFF]:
    'user status is switched off in the IM console: enable "Set user status query and status change notification" under Feature Configuration of this SDKAppID; own status still works',
  [TIM_ERROR.USER_NOT_LOGGED_IN]: 'the SDK is not logged in: call tim.login() and wait for SDK_READY',
  [TIM_ERROR.LOGGING_IN]: 'the SDK is still logging in: wait for SDK_READY',
  [TIM_ERROR.SDK_IS_NOT_READY]: 'the SDK is not ready: wait for SDK_READY',
  [TIM_ERROR.LOGGED_OUT]: 'the SDK has logged out: log in again',
  [TIM_ERROR.KICKED_OUT]: 'this session was kicked out by another login: log in again',
  [TIM_ERROR.OVER_FREQUENCY_LIMIT]: 'over the frequency limit of 20 calls per 5 s for this API',
  [TIM_ERROR.NETWORK_ERROR]: 'network error',
  [TIM_ERROR.NETWORK_TIMEOUT]: 'network timeout',
  [TIM_ERROR.NO_NETWORK]: 'no network',
}

function readCode(value: unknown): number | undefined {
  if (typeof value === 'object' && value !== null && 'code' in value) {
    const code = (value as { code: unknown }).code
    if (typeof code === 'number' && Number.isFinite(code)) return code
    if (typeof code === 'string' && /^-?\d+$/.test(code)) return Number(code)
  }
  return undefined
}

function readMessage(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'message' in value) {
    const message = (value as { message: unknown }).message
    if (typeof message === 'string') return message
  }
  return typeof value === 'string' ? value : ''
}

/** Makes a `StatusError` of what the SDK rejected or threw with; the SDK's code is kept and guidance added. */
export function toStatusError(value: unknown, api?: string): StatusError {
  if (value instanceof StatusError) return value
  const code = readCode(value) ?? 0
  const original = readMessage(value)
  const guidance = GUIDANCE[code]
  const parts = [api ? `${api} failed` : 'request failed', `(${code})`]
  let message = `${parts.join(' ')}: ${guidance ?? (original || 'unknown error')}`
  if (guidance && original) message += ` [SDK: ${original}]`
  return new StatusError(code, message, value)
}

/** A per-ID failure (`failureUserList` item) as a `StatusError`. */
export function failureToError(failure: {
  userID?: unknown
  code?: unknown
  message?: unknown
}): StatusError {
  const code = readCode(failure) ?? 0
  const message = readMessage(failure)
  return new StatusError(code, `user ${String(failure.userID)}: ${message || 'failed'} (${code})`)
}

const RETRYABLE = new Set<number>([
  TIM_ERROR.OVER_FREQUENCY_LIMIT,
  TIM_ERROR.NETWORK_ERROR,
  TIM_ERROR.NETWORK_TIMEOUT,
  TIM_ERROR.NO_NETWORK,
])

const NOT_READY = new Set<number>([
  TIM_ERROR.USER_NOT_LOGGED_IN,
  TIM_ERROR.LOGGING_IN,
  TIM_ERROR.SDK_IS_NOT_READY,
])

/** 2996 and network failures: retried with backoff, nothing dropped. */
export function isRetryable(error: StatusError): boolean {
  return RETRYABLE.has(error.code)
}

/** The SDK said it is not (or no longer) logged in and ready. */
export function isNotReady(error: StatusError): boolean {
  return NOT_READY.has(error.code)
}

/**
 * How often a 3122 is asked again before it is taken as final. The SDK answers 3122 until it knows the plan, which
 * it may learn only on its first 1 s tick after login (when the login reply lacks it): a 3122 right after
 * SDK_READY is not yet the plan's answer. The SDK checks the plan locally, so these retries cost no server call.
 */
export const PLAN_RETRIES = 2

/** The SDK fetches the plan about 1 s after login: the first retry of a 3122 waits longer than that. */
export function planRetryDelay(attempt: number, retryDelay: (attempt: number) => number): number {
  return Math.max(1500 * attempt, retryDelay(attempt))
}

/** 3122: the plan lacks user status (or the SDK has not loaded the plan yet). */
export function isPlanError(error: StatusError): boolean {
  return error.code === TIM_ERROR.CANNOT_USE_COMMERCIAL_ABILITY
}

/** The feature is unavailable (plan 3122 or console switch 72001): statuses of others cannot be had. */
export function isFeatureUnavailable(error: StatusError | null | undefined): boolean {
  return (
    !!error &&
    (error.code === TIM_ERROR.CANNOT_USE_COMMERCIAL_ABILITY || error.code === TIM_ERROR.STATUS_FEATURE_OFF)
  )
}
