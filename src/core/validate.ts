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

/** Length of a string in UTF-8 bytes. */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
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

/**
 * Reads the number option `group[key]`: `fallback` when absent, else a number from `min` to `max` (an integer with
 * `INTEGER`; `Infinity` allowed with `INFINITE`). Throws naming the option and the value.
 */
function readNumber(
  group: object,
  prefix: string,
  key: string,
  fallback: number,
  min: number,
  max?: number,
  flags = 0,
): number {
  const value: unknown = (group as Record<string, unknown>)[key]
  if (value === undefined) return fallback
  if (process.env.NODE_ENV !== 'production') {
    const infinite = value === Number.POSITIVE_INFINITY
    const ok =
      typeof value === 'number' &&
      value >= min &&
      (max === undefined || value <= max) &&
      (infinite ? flags & INFINITE : flags & INTEGER ? Number.isInteger(value) : Number.isFinite(value))
    if (!ok) {
      const range = `${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}${flags & INFINITE ? ' or Infinity' : ''}`
      throw invalid(
        `options.${prefix}${key} must be ${flags & INTEGER ? 'an integer' : 'a number'} ${range}, got ${describe(value)}`,
      )
    }
  }
  return value as number
}

function readGroup(options: object, key: string): object {
  const group: unknown = (options as Record<string, unknown>)[key] ?? {}
  if (process.env.NODE_ENV !== 'production' && (typeof group !== 'object' || group === null)) {
    throw invalid(`options.${key} must be an object`)
  }
  return group as object
}

const defaultClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

const defaultSchedule = (flush: () => void) => queueMicrotask(flush)

/** Applies defaults to the options and checks every value; throws naming the first bad one. */
export function resolveOptions(options: StatusClientOptions | undefined): ResolvedOptions {
  if (
    process.env.NODE_ENV !== 'production' &&
    options !== undefined &&
    (typeof options !== 'object' || options === null)
  ) {
    throw invalid(`options must be an object, got ${describe(options)}`)
  }
  const o = options ?? {}
  const limits = readGroup(o, 'limits')
  const rate = readGroup(o, 'rateLimit')
  const limit = (key: keyof typeof SDK_LIMITS) =>
    readNumber(limits, 'limits.', key, SDK_LIMITS[key], 1, SDK_LIMITS[key], INTEGER)
  const number = (key: string, fallback: number, min = 0, flags = 0) =>
    readNumber(o, '', key, fallback, min, undefined, flags)
  const retryDelayMs = number('retryDelayMs', 1000)
  const { clock, batchScheduleFn } = o
  if (process.env.NODE_ENV !== 'production') {
    if (
      clock !== undefined &&
      [clock.now, clock.setTimeout, clock.clearTimeout].some((fn) => typeof fn !== 'function')
    ) {
      throw invalid('options.clock must have now(), setTimeout() and clearTimeout() functions')
    }
    if (batchScheduleFn !== undefined && typeof batchScheduleFn !== 'function') {
      throw invalid(`options.batchScheduleFn must be a function, got ${describe(batchScheduleFn)}`)
    }
  }
  return {
    limits: { query: limit('query'), subscribe: limit('subscribe'), unsubscribe: limit('unsubscribe') },
    rateLimit: {
      calls: readNumber(rate, 'rateLimit.', 'calls', 20, 1, undefined, INTEGER),
      perMs: readNumber(rate, 'rateLimit.', 'perMs', 5000, 0),
      marginMs: readNumber(rate, 'rateLimit.', 'marginMs', 250, 0),
    },
    unsubscribeDelayMs: number('unsubscribeDelayMs', 5000),
    staleTimeMs: number('staleTimeMs', 30_000, 0, INFINITE),
    maxSubscriptions: number('maxSubscriptions', 200, 1, INTEGER | INFINITE),
    gcTimeMs: number('gcTimeMs', 300_000, 0, INFINITE),
    retryDelayMs,
    retryMaxDelayMs: number('retryMaxDelayMs', Math.max(30_000, retryDelayMs), retryDelayMs),
    retriesBeforeError: number('retriesBeforeError', 3, 1, INTEGER),
    userID: o.userID === undefined ? undefined : validateUserID(o.userID, 'options.userID'),
    clock: clock ?? defaultClock,
    batchScheduleFn: batchScheduleFn ?? defaultSchedule,
  }
}

/** Sets `record[key]` as an own, enumerable key, even for `__proto__` (which plain assignment would not create). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
  } else record[key] = value
}
