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

function invalid(message: string): StatusError {
  return new StatusError(RTS_ERROR.INVALID_ARGUMENT, message)
}

/**
 * Checks a list of user IDs and returns it without duplicates, in first-seen order.
 * Throws a `StatusError` (code `RTS_ERROR.INVALID_ARGUMENT`) naming the first bad value.
 */
export function validateUserIDs(userIDs: unknown, where: string): string[] {
  if (!Array.isArray(userIDs)) {
    throw invalid(`${where}: userIDs must be an array of user ID strings, got ${describe(userIDs)}`)
  }
  const seen = new Set<string>()
  for (let i = 0; i < userIDs.length; i++) {
    const id: unknown = userIDs[i]
    if (typeof id !== 'string') {
      throw invalid(`${where}: userIDs[${i}] must be a string, got ${describe(id)}`)
    }
    if (id.trim() === '') {
      throw invalid(`${where}: userIDs[${i}] is ${describe(id)}; a user ID cannot be empty or blank`)
    }
    seen.add(id)
  }
  return [...seen]
}

/** Checks one user ID (for `<PresenceBadge userID>` and friends). */
export function validateUserID(userID: unknown, where: string): string {
  if (typeof userID !== 'string') throw invalid(`${where}: userID must be a string, got ${describe(userID)}`)
  if (userID.trim() === '')
    throw invalid(`${where}: userID is ${describe(userID)}; it cannot be empty or blank`)
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
    throw invalid(`${where}: customStatus must be a string, got ${describe(text)}`)
  }
  const bytes = utf8ByteLength(text)
  if (bytes > MAX_CUSTOM_STATUS_BYTES) {
    throw invalid(
      `${where}: customStatus is ${bytes} bytes in UTF-8; the limit is ${MAX_CUSTOM_STATUS_BYTES} (nothing was sent)`,
    )
  }
  return text
}

function checkNumber(
  name: string,
  value: unknown,
  {
    min,
    max,
    integer,
    allowInfinity,
  }: { min: number; max?: number; integer?: boolean; allowInfinity?: boolean },
): number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (allowInfinity ? value !== Number.NEGATIVE_INFINITY : Number.isFinite(value)) &&
    (!integer || Number.isInteger(value)) &&
    value >= min &&
    (max === undefined || value <= max)
  if (!ok) {
    const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`
    throw invalid(
      `options.${name} must be ${integer ? 'an integer' : 'a number'} ${range}, got ${describe(value)}`,
    )
  }
  return value as number
}

const defaultClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

const defaultSchedule = (flush: () => void) => queueMicrotask(flush)

/** Applies defaults to the options and checks every value; throws naming the first bad one. */
export function resolveOptions(options: StatusClientOptions | undefined): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw invalid(`options must be an object, got ${describe(options)}`)
  }
  const o = options ?? {}
  const limits = o.limits ?? {}
  const rate = o.rateLimit ?? {}
  if (typeof limits !== 'object' || limits === null) throw invalid(`options.limits must be an object`)
  if (typeof rate !== 'object' || rate === null) throw invalid(`options.rateLimit must be an object`)
  const num = (name: string, value: unknown, fallback: number, rules: Parameters<typeof checkNumber>[2]) =>
    value === undefined ? fallback : checkNumber(name, value, rules)
  const retryDelayMs = num('retryDelayMs', o.retryDelayMs, 1000, { min: 0 })
  const resolved: ResolvedOptions = {
    limits: {
      query: num('limits.query', limits.query, SDK_LIMITS.query, {
        min: 1,
        max: SDK_LIMITS.query,
        integer: true,
      }),
      subscribe: num('limits.subscribe', limits.subscribe, SDK_LIMITS.subscribe, {
        min: 1,
        max: SDK_LIMITS.subscribe,
        integer: true,
      }),
      unsubscribe: num('limits.unsubscribe', limits.unsubscribe, SDK_LIMITS.unsubscribe, {
        min: 1,
        max: SDK_LIMITS.unsubscribe,
        integer: true,
      }),
    },
    rateLimit: {
      calls: num('rateLimit.calls', rate.calls, 20, { min: 1, integer: true }),
      perMs: num('rateLimit.perMs', rate.perMs, 5000, { min: 0 }),
      marginMs: num('rateLimit.marginMs', rate.marginMs, 250, { min: 0 }),
    },
    unsubscribeDelayMs: num('unsubscribeDelayMs', o.unsubscribeDelayMs, 5000, { min: 0 }),
    staleTimeMs: num('staleTimeMs', o.staleTimeMs, 30_000, { min: 0, allowInfinity: true }),
    retryDelayMs,
    retryMaxDelayMs: num('retryMaxDelayMs', o.retryMaxDelayMs, Math.max(30_000, retryDelayMs), {
      min: retryDelayMs,
    }),
    retriesBeforeError: num('retriesBeforeError', o.retriesBeforeError, 3, { min: 1, integer: true }),
    userID: o.userID === undefined ? undefined : validateUserID(o.userID, 'options.userID'),
    clock: o.clock ?? defaultClock,
    batchScheduleFn: o.batchScheduleFn ?? defaultSchedule,
  }
  if (o.clock !== undefined) {
    const c = o.clock as Partial<Clock>
    if (
      typeof c.now !== 'function' ||
      typeof c.setTimeout !== 'function' ||
      typeof c.clearTimeout !== 'function'
    ) {
      throw invalid('options.clock must have now(), setTimeout() and clearTimeout() functions')
    }
  }
  if (o.batchScheduleFn !== undefined && typeof o.batchScheduleFn !== 'function') {
    throw invalid(`options.batchScheduleFn must be a function, got ${describe(o.batchScheduleFn)}`)
  }
  return resolved
}
