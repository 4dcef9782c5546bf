/**
 * What one ID needs, from what is wanted of it and what is believed of it: level-triggered, like a Kubernetes
 * controller. Pure and O(1): the engine asks after every change of the ID and files the ID into the work of each
 * family that has something to do for it (`planner.ts` turns that work into calls).
 */
import { NEVER } from './knowledge'
import type { ServerState } from './serverLedger'
import type { SubscriptionState } from './types'

/** What is known of one ID, as `decide` reads it. */
export interface Facts {
  /** The logged-in user's own ID (the SDK answers it itself; it cannot be subscribed). */
  readonly isMe: boolean
  readonly ready: boolean
  readonly fetchers: number
  readonly live: number
  readonly keepers: number
  /** A `fetch()` waits for it. */
  readonly waiting: boolean
  readonly inGrace: boolean
  /** Wants a subscription and ranks within `maxSubscriptions`. */
  readonly inLiveSet: boolean
  readonly server: ServerState
  readonly refused: boolean
  readonly freshAt: number
  readonly querying: boolean
  /** Its last query failed for good. */
  readonly queryFailed: boolean
}

/** What one ID needs. */
export interface Decision {
  subscribe: boolean
  unsubscribe: boolean
  /** A query now: someone needs its status and it is not fresh. */
  query: boolean
  /** A query when the budget allows: kept (a prefetched list) and never answered. */
  keepQuery: boolean
  /** When to mark it stale (fetched but not live: asked again before it goes stale); null: never. */
  staleDue: number | null
  /** Its subscribe failure no longer matters. */
  forgetSubscribeError: boolean
  subscription: SubscriptionState
  fetching: boolean
}

/** Whether `facts` describe an ID that wants a subscription (whether it gets one is the cap's business). */
export function wantsSubscription(facts: Pick<Facts, 'live' | 'refused' | 'isMe'>): boolean {
  return facts.live > 0 && !facts.refused && !facts.isMe
}

/** Known and young enough: answered within `staleTimeMs`, or answered and subscribed since. */
export function isFresh(facts: Pick<Facts, 'freshAt' | 'server'>, now: number, staleTimeMs: number): boolean {
  if (facts.freshAt === NEVER) return false
  return facts.server === 'present' || now - facts.freshAt < staleTimeMs
}

function subscriptionOf(facts: Facts, live: boolean): SubscriptionState {
  if (facts.live === 0) return 'none'
  // The API refuses one's own ID; its changes arrive anyway.
  if (facts.isMe || facts.server === 'present') return 'subscribed'
  if (facts.refused) return 'failed'
  if (!facts.ready) return 'none'
  return live ? 'pending' : 'polled'
}

export function decide(facts: Facts, now: number, staleTimeMs: number): Decision {
  const { server, isMe, querying } = facts
  const live = facts.inLiveSet
  const keep = live || (facts.inGrace && server !== 'absent')
  const query =
    !isMe && !querying && (facts.fetchers > 0 || facts.waiting) && !isFresh(facts, now, staleTimeMs)
  const keepQuery = !query && facts.keepers > 0 && facts.freshAt === NEVER && !isMe && !querying
  // Fetched but not subscribed (not wanted live, or past the cap): asked again before its status goes stale, from
  // its latest answer (or push), unless its last query failed for good (a refetch or a login asks again). Only
  // while it is fresh: a stale one is already in the query work. `staleTimeMs: 0`: no such polling.
  const polled =
    facts.fetchers > 0 &&
    !facts.queryFailed &&
    server !== 'present' &&
    !querying &&
    !query &&
    facts.freshAt > NEVER &&
    staleTimeMs > 0 &&
    !isMe
  return {
    subscribe: live && (server === 'absent' || server === 'unknown'),
    unsubscribe: !keep && (server === 'present' || server === 'unknown'),
    query,
    keepQuery,
    staleDue: polled ? facts.freshAt + staleTimeMs * 0.8 : null,
    // A subscribe's failure matters only while the ID is wanted live and in the live set (or refused for good).
    forgetSubscribeError: facts.live === 0 || (!live && !facts.refused),
    subscription: subscriptionOf(facts, live),
    fetching: facts.ready && (querying || query || keepQuery),
  }
}
