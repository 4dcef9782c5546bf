/**
 * What one ID needs, from what is wanted of it and what is believed of it: level-triggered, like a Kubernetes
 * controller. Pure and O(1): the engine asks after every change of the ID and files the ID into the work of each
 * family that has something to do for it (`planner.ts` turns that work into calls).
 */
import type { Wanted } from './demand'
import { type Known, NEVER } from './knowledge'
import type { ServerState, Subscription } from './serverLedger'
import type { SubscriptionState } from './types'

/** Where one ID stands beyond its own records. */
export interface Situation {
  /** The logged-in user's own ID (the SDK answers it itself; it cannot be subscribed). */
  readonly isMe: boolean
  readonly ready: boolean
  /** A `fetch()` waits for it. */
  readonly waiting: boolean
  /** In the grace after its last live release. */
  readonly inGrace: boolean
  /** Wants a subscription and ranks within `maxSubscriptions`. */
  readonly inLiveSet: boolean
}

/** What one ID needs. */
export interface Decision {
  subscribe: boolean
  unsubscribe: boolean
  /** A query now: someone needs its status and it is not fresh. */
  query: boolean
  /** A query when the budget allows: kept (a prefetched list) and never answered. */
  keepQuery: boolean
  /** A place in a query sent anyway: wanted spare (a mounted row) and not fresh. */
  spareQuery: boolean
  /** When to mark it stale (fetched but not live: asked again before it goes stale); null: never. */
  staleDue: number | null
  /** Its subscribe failure no longer matters. */
  forgetSubscribeError: boolean
  subscription: SubscriptionState
  fetching: boolean
  /** Nothing about it matters any more: it may be forgotten (`gcTimeMs` later). */
  idle: boolean
}

/** Whether an ID wants a subscription (whether it gets one is the cap's business). */
export function wantsSubscription(want: Wanted, subscription: Subscription, isMe: boolean): boolean {
  return want.live > 0 && !subscription.refused && !isMe
}

/** Nothing about an ID matters any more: no retain, no grace, nobody waiting, nothing held or in flight. */
export function isIdle(
  want: Wanted,
  subscription: Subscription,
  known: Known,
  situation: Pick<Situation, 'waiting' | 'inGrace'>,
): boolean {
  return (
    want.fetchers + want.live + want.keepers + want.spares === 0 &&
    !situation.inGrace &&
    !situation.waiting &&
    subscription.state === 'absent' &&
    !known.querying
  )
}

/** Known and young enough: answered within `staleTimeMs`, or answered and subscribed since. */
/** `staleTimeMs: 0`: an answer stays fresh until something asks again (a retain, a refetch); nothing polls. */
export function isFresh(freshAt: number, server: ServerState, now: number, staleTimeMs: number): boolean {
  if (freshAt === NEVER) return false
  return server === 'present' || staleTimeMs <= 0 || now - freshAt < staleTimeMs
}

function subscriptionOf(want: Wanted, subscription: Subscription, situation: Situation): SubscriptionState {
  if (want.live === 0) return 'none'
  // The API refuses one's own ID; its changes arrive anyway.
  if (situation.isMe || subscription.state === 'present') return 'subscribed'
  if (subscription.refused) return 'failed'
  if (!situation.ready) return 'none'
  return situation.inLiveSet ? 'pending' : 'polled'
}

/** What one ID needs, at `now`. */
export function decide(
  want: Wanted,
  subscription: Subscription,
  known: Known,
  situation: Situation,
  now: number,
  staleTimeMs: number,
): Decision {
  const { state: server } = subscription
  const { isMe, inLiveSet: live } = situation
  const { querying, freshAt } = known
  const keep = live || (situation.inGrace && server !== 'absent')
  // Asked for, or not: the own ID (the SDK answers it itself) and an ID being asked now never are.
  const askable = !isMe && !querying && !isFresh(freshAt, server, now, staleTimeMs)
  const query = askable && (want.fetchers > 0 || situation.waiting)
  const keepQuery = !query && want.keepers > 0 && freshAt === NEVER && !isMe && !querying
  const spareQuery = askable && !query && !keepQuery && want.spares > 0
  // Fetched but not subscribed (not wanted live, or past the cap): asked again before its status goes stale, from
  // its latest answer (or push), unless its last query failed for good (a refetch or a login asks again). Only
  // while it is fresh: a stale one is already in the query work. `staleTimeMs: 0`: no such polling.
  const polled =
    want.fetchers > 0 &&
    known.error === null &&
    server !== 'present' &&
    !querying &&
    !query &&
    freshAt > NEVER &&
    staleTimeMs > 0 &&
    !isMe
  return {
    subscribe: live && (server === 'absent' || server === 'unknown'),
    unsubscribe: !keep && (server === 'present' || server === 'unknown'),
    query,
    keepQuery,
    spareQuery,
    staleDue: polled ? freshAt + staleTimeMs * 0.8 : null,
    // A subscribe's failure matters only while the ID is wanted live and in the live set (or refused for good).
    forgetSubscribeError: want.live === 0 || (!live && !subscription.refused),
    subscription: subscriptionOf(want, subscription, situation),
    fetching: situation.ready && (querying || query || keepQuery),
    idle: isIdle(want, subscription, known, situation),
  }
}
