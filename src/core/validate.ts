import { RTS_ERROR, StatusError } from './errors'
import type { Clock, ResolvedOptions, StatusClientOptions } from './types'

/** The most a custom status may hold, in UTF-8 bytes (Tencent IM's limit). */
export const MAX_CUSTOM_STATUS_BYTES = 100

/** The SDK's own per-call maxima; it silently drops IDs beyond them. */
export const SDK_LIMITS = { query: 500, subscribe: 100, unsubscribe: 100 } as const

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'function') return 'a function'
  return `${typeof value} ${String(value)}`
}

/**
 * Errors name the bad value in development; production builds (where bundlers replace `process.env.NODE_ENV`) keep
 * the code and a short text, and check options not at all (see `resolveOptions`).
 */
function invalid(message: string): StatusError {
  return new StatusError(RTS_ERROR.INVALID_ARGUMENT, message)
}

/**
 * Checks a list of user IDs and returns it without duplicates, in first-seen order.
 * Throws a `StatusError` (code `RTS_ERROR.INVALID_ARGUMENT`) naming the first bad value.
 */
export function validateUserIDs(userIDs: unknown, where: string): string[] {
  if (!Array.isArray(userIDs)) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `${where}: userIDs must be an array of user ID strings, got ${describe(userIDs)}`
        : `${where}: bad userIDs`,
    )
  }
  // One ID (a badge, a row): no set to build.
  if (userIDs.length === 1 && typeof userIDs[0] === 'string' && userIDs[0].trim() !== '') return [userIDs[0]]
  const seen = new Set<string>()
  for (let i = 0; i < userIDs.length; i++) {
    const id: unknown = userIDs[i]
    if (typeof id !== 'string' || id.trim() === '') {
      throw invalid(
        process.env.NODE_ENV !== 'production'
          ? typeof id !== 'string'
            ? `${where}: userIDs[${i}] must be a string, got ${describe(id)}`
            : `${where}: userIDs[${i}] is ${describe(id)}; a user ID cannot be empty or blank`
          : `${where}: bad userIDs[${i}]`,
      )
    }
    seen.add(id)
  }
  return [...seen]
}

/** Checks one user ID (for `<PresenceBadge userID>` and friends). */
export function validateUserID(userID: unknown, where: string): string {
  if (typeof userID !== 'string' || userID.trim() === '') {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? typeof userID !== 'string'
          ? `${where}: userID must be a string, got ${describe(userID)}`
          : `${where}: userID is ${describe(userID)}; it cannot be empty or blank`
        : `${where}: bad userID`,
    )
  }
  return userID
}

/** Length of a string in UTF-8 bytes (a lone surrogate counts 3, as the replacement character it is sent as). */
export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

/** Checks a custom status: a string of at most 100 UTF-8 bytes. */
export function validateCustomStatus(text: unknown, where: string): string {
  if (typeof text !== 'string') {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `${where}: customStatus must be a string, got ${describe(text)}`
        : `${where}: bad customStatus`,
    )
  }
  const bytes = utf8ByteLength(text)
  if (bytes > MAX_CUSTOM_STATUS_BYTES) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `${where}: customStatus is ${bytes} bytes in UTF-8; the limit is ${MAX_CUSTOM_STATUS_BYTES} (nothing was sent)`
        : `${where}: customStatus over ${MAX_CUSTOM_STATUS_BYTES} bytes`,
    )
  }
  return text
}

const INTEGER = 1
const INFINITE = 2

/** Throws naming the option and the value unless `value` is a number from `min` to `max` as `flags` allow. */
function checkNumber(name: string, value: unknown, min: number, max: number, flags: number): void {
  const infinite = value === Number.POSITIVE_INFINITY
  const ok =
    typeof value === 'number' &&
    value >= min &&
    value <= max &&
    (infinite ? flags & INFINITE : flags & INTEGER ? Number.isInteger(value) : Number.isFinite(value))
  if (ok) return
  const range = `${max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`}${flags & INFINITE ? ' or Infinity' : ''}`
  throw invalid(
    `options.${name} must be ${flags & INTEGER ? 'an integer' : 'a number'} ${range}, got ${describe(value)}`,
  )
}

/** The number options: group ('' for the top level), key, least value, greatest value, flags. */
type NumberCheck = [group: '' | 'limits' | 'rateLimit', key: string, min: number, max: number, flags: number]
/** A function, so that production builds drop the table with `checkOptions`. */
const numberChecks = (): NumberCheck[] => [
  ['limits', 'query', 1, SDK_LIMITS.query, INTEGER],
  ['limits', 'subscribe', 1, SDK_LIMITS.subscribe, INTEGER],
  ['limits', 'unsubscribe', 1, SDK_LIMITS.unsubscribe, INTEGER],
  ['rateLimit', 'calls', 1, Number.POSITIVE_INFINITY, INTEGER],
  ['rateLimit', 'perMs', 0, Number.POSITIVE_INFINITY, 0],
  ['rateLimit', 'marginMs', 0, Number.POSITIVE_INFINITY, 0],
  ['', 'unsubscribeDelayMs', 0, Number.POSITIVE_INFINITY, 0],
  ['', 'staleTimeMs', 0, Number.POSITIVE_INFINITY, INFINITE],
  ['', 'maxSubscriptions', 1, Number.POSITIVE_INFINITY, INTEGER | INFINITE],
  ['', 'gcTimeMs', 0, Number.POSITIVE_INFINITY, INFINITE],
  ['', 'retryDelayMs', 0, Number.POSITIVE_INFINITY, 0],
  ['', 'retryMaxDelayMs', 0, Number.POSITIVE_INFINITY, 0],
  ['', 'retriesBeforeError', 1, Number.POSITIVE_INFINITY, INTEGER],
]

/** Checks every option (development builds only); throws naming the first bad one. */
function checkOptions(options: unknown): void {
  if (options === undefined) return
  if (typeof options !== 'object' || options === null) {
    throw invalid(`options must be an object, got ${describe(options)}`)
  }
  const o = options as Record<string, unknown>
  for (const key of ['limits', 'rateLimit']) {
    if (o[key] != null && typeof o[key] !== 'object') throw invalid(`options.${key} must be an object`)
  }
  for (const [group, key, min, max, flags] of numberChecks()) {
    const value = group ? (o[group] as Record<string, unknown> | null | undefined)?.[key] : o[key]
    if (value !== undefined) checkNumber(group ? `${group}.${key}` : key, value, min, max, flags)
  }
  const retryDelayMs = (o.retryDelayMs as number | undefined) ?? 1000
  if (o.retryMaxDelayMs !== undefined) {
    checkNumber('retryMaxDelayMs', o.retryMaxDelayMs, retryDelayMs, Number.POSITIVE_INFINITY, 0)
  }
  const clock = o.clock as Partial<Clock> | undefined
  if (
    clock !== undefined &&
    [clock.now, clock.setTimeout, clock.clearTimeout].some((fn) => typeof fn !== 'function')
  ) {
    throw invalid('options.clock must have now(), setTimeout() and clearTimeout() functions')
  }
  if (o.batchScheduleFn !== undefined && typeof o.batchScheduleFn !== 'function') {
    throw invalid(`options.batchScheduleFn must be a function, got ${describe(o.batchScheduleFn)}`)
  }
}

const defaultClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

const defaultSchedule = (flush: () => void) => queueMicrotask(flush)

/**
 * Applies defaults to the options. Development builds check every value first and throw naming the first bad one;
 * production builds check none (as React and TanStack Query do).
 */
export function resolveOptions(options: StatusClientOptions | undefined): ResolvedOptions {
  if (process.env.NODE_ENV !== 'production') checkOptions(options)
  const o = options ?? {}
  const limits = o.limits ?? {}
  const rate = o.rateLimit ?? {}
  const retryDelayMs = o.retryDelayMs ?? 1000
  return {
    // Never above the SDK's own maxima, in production too: it would drop the rest silently.
    limits: {
      query: Math.min(limits.query ?? SDK_LIMITS.query, SDK_LIMITS.query),
      subscribe: Math.min(limits.subscribe ?? SDK_LIMITS.subscribe, SDK_LIMITS.subscribe),
      unsubscribe: Math.min(limits.unsubscribe ?? SDK_LIMITS.unsubscribe, SDK_LIMITS.unsubscribe),
    },
    rateLimit: { calls: rate.calls ?? 20, perMs: rate.perMs ?? 5000, marginMs: rate.marginMs ?? 250 },
    unsubscribeDelayMs: o.unsubscribeDelayMs ?? 5000,
    staleTimeMs: o.staleTimeMs ?? 30_000,
    maxSubscriptions: o.maxSubscriptions ?? 200,
    gcTimeMs: o.gcTimeMs ?? 300_000,
    retryDelayMs,
    retryMaxDelayMs: o.retryMaxDelayMs ?? Math.max(30_000, retryDelayMs),
    retriesBeforeError: o.retriesBeforeError ?? 3,
    userID: o.userID === undefined ? undefined : validateUserID(o.userID, 'options.userID'),
    clock: o.clock ?? defaultClock,
    batchScheduleFn: o.batchScheduleFn ?? defaultSchedule,
  }
}

/** Sets `record[key]` as an own, enumerable key, even for `__proto__` (which plain assignment would not create). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
  } else record[key] = value
}
