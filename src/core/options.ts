import type { Clock, ResolvedOptions, StatusClientOptions } from './types'
import { describe, invalid, validateUserID } from './validate'

/** The SDK's own per-call maxima; it silently drops IDs beyond them. */
export const SDK_LIMITS = { query: 500, subscribe: 100, unsubscribe: 100 } as const

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
  ['', 'offlineDelayMs', 0, Number.POSITIVE_INFINITY, 0],
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
    offlineDelayMs: o.offlineDelayMs ?? 5000,
    retryDelayMs,
    retryMaxDelayMs: o.retryMaxDelayMs ?? Math.max(30_000, retryDelayMs),
    retriesBeforeError: o.retriesBeforeError ?? 3,
    userID: o.userID === undefined ? undefined : validateUserID(o.userID, 'options.userID'),
    clock: o.clock ?? defaultClock,
    batchScheduleFn: o.batchScheduleFn ?? defaultSchedule,
  }
}
