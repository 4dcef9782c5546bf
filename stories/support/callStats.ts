import type { ApiFamily } from '../../src'
import type { SdkCall } from '../../src/testing'

/** Tencent IM's frequency limit per user and API family, which the server enforces (2996 beyond it). */
export const SERVER_LIMIT = { calls: 20, perMs: 5000 } as const

/** The SDK API of each family that the server limits separately. */
export const FAMILY_API = {
  query: 'getUserStatus',
  subscribe: 'subscribeUserStatus',
  unsubscribe: 'unsubscribeUserStatus',
} as const satisfies Record<ApiFamily, SdkCall['api']>

export const FAMILIES = Object.keys(FAMILY_API) as ApiFamily[]

/** What the panel shows about one family. */
export interface FamilyStats {
  api: string
  calls: number
  /** IDs per call, in order. */
  sizes: number[]
  /** The most calls in any window of `perMs` ms (the server refuses the 21st with 2996). */
  maxInWindow: number
  /** Calls the server refused with 2996. */
  refused: number
}

/** A `getUserStatus` of the own ID only: the SDK answers it from its cache, no request, no rate limit. */
export function isOwnQuery(call: SdkCall, ownUserID: string | null): boolean {
  return (
    call.api === 'getUserStatus' &&
    ownUserID !== null &&
    (call.userIDList ?? []).length > 0 &&
    (call.userIDList ?? []).every((id) => id === ownUserID)
  )
}

/**
 * The largest number of `times` (sorted, in ms) that fall into one window `[t, t + perMs)`: a window of exactly
 * `perMs` ms, as the server's frequency limit counts (the fake backend: a call at `t + perMs` is outside).
 */
export function maxInWindow(times: readonly number[], perMs: number): number {
  let max = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= perMs) first++
    max = Math.max(max, last - first + 1)
  }
  return max
}

function outcomeCode(call: SdkCall): number | null {
  return typeof call.outcome === 'object' ? call.outcome.code : null
}

/** Counts, sizes and the worst window of each family, from a fake SDK's call log. */
export function familyStats(
  calls: readonly SdkCall[],
  ownUserID: string | null,
  perMs: number,
): Record<ApiFamily, FamilyStats> {
  const out = {} as Record<ApiFamily, FamilyStats>
  for (const family of FAMILIES) {
    const api = FAMILY_API[family]
    const mine = calls.filter((call) => call.api === api && !isOwnQuery(call, ownUserID))
    out[family] = {
      api,
      calls: mine.length,
      sizes: mine.map((call) => call.userIDList?.length ?? 0),
      maxInWindow: maxInWindow(
        mine.map((call) => call.at),
        perMs,
      ),
      refused: mine.filter((call) => outcomeCode(call) === 2996).length,
    }
  }
  return out
}

/**
 * Calls of a family left in the window that ends now: the server's limit less the calls made in the last `perMs`
 * ms (the own-ID queries, answered by the SDK, do not count).
 */
export function callsLeftNow(
  calls: readonly SdkCall[],
  family: ApiFamily,
  ownUserID: string | null,
  now: number,
  limit: { calls: number; perMs: number },
): number {
  const api = FAMILY_API[family]
  let made = 0
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i] as SdkCall
    if (now - call.at >= limit.perMs) break
    if (call.api === api && !isOwnQuery(call, ownUserID)) made++
  }
  return limit.calls - made
}

/** One line of the call log: `12:00:01.234 subscribeUserStatus 100 IDs ok`. */
export function describeCall(call: SdkCall): string {
  const time = new Date(call.at).toISOString().slice(11, 23)
  const ids = call.unsubscribeAll
    ? 'all'
    : `${call.userIDList?.length ?? 0} ID${call.userIDList?.length === 1 ? '' : 's'}`
  const size = call.api === 'setSelfStatus' ? JSON.stringify(call.customStatus ?? '') : ids
  const outcome =
    typeof call.outcome === 'object' ? `failed ${call.outcome.code} (${call.outcome.message})` : call.outcome
  return `${time} ${call.api} ${size} ${outcome}`
}
