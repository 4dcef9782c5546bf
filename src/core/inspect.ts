/**
 * The engine's inspection API, for tests, the playground and dev tools. Not in the main entry: it reads the engine
 * of an SDK instance without adding anything to the engine itself, so an app that never inspects pays nothing
 * (the call log, `callLog.ts`, is the one hook, null until attached).
 */

import type { Engine } from './engine'
import type { StatusError } from './errors'
import { wantsLive } from './liveSet'
import type { Peer, ServerState } from './peers'
import { isFresh } from './reconciler'
import { engineOf } from './registry'
import type { TimLike } from './sdk'
import type { StatusClient } from './statusClient'
import type { ApiFamily, NetworkState, Readiness, UserEntry } from './types'

/** The engine of a client's (or an SDK instance's) SDK instance, if one was made. */
export function engineOfTarget(target: StatusClient | TimLike): Engine | undefined {
  return engineOf('retain' in target ? (target as StatusClient).tim : (target as TimLike))
}

/** IDs of the peers whose call of `family` is in flight. */
function inFlightOf(engine: Engine, family: ApiFamily): string[] {
  const ids: string[] = []
  for (const peer of engine.peers.values()) {
    const sent =
      family === 'query'
        ? peer.querying
        : peer.server === (family === 'subscribe' ? 'subscribing' : 'unsubscribing')
    if (sent) ids.push(peer.id)
  }
  return ids
}

/** One API family's budget and work. */
export interface FamilyInspection {
  /** Calls in the current window (the client-side window: `perMs + marginMs`). */
  used: number
  limit: number
  /** The client-side window, in ms. */
  windowMs: number
  /** Calls allowed right now (0 while backing off). */
  available: number
  /** ms until the next call is allowed (0 = now). */
  nextFreeInMs: number
  /** Retryable failures in a row (the backoff grows with them). */
  failuresInARow: number
  /** Held back after a failure (2996, network) until `nextFreeInMs`. */
  backingOff: boolean
  inFlight: number
  /** IDs in the calls in flight. */
  inFlightIDs: string[]
  /** IDs waiting to be sent. */
  queued: string[]
}

/** What the engine of one SDK instance is doing now. */
export interface EngineInspection {
  readiness: Readiness
  userID: string | null
  network: NetworkState
  /** Clients started on this SDK instance. */
  clients: number
  /** Listening to the SDK (a client is started, or subscriptions are still being let go). */
  listening: boolean
  families: Record<ApiFamily, FamilyInspection>
  /** IDs per believed server state (absent ones left out). */
  server: Record<Exclude<ServerState, 'absent'>, string[]>
  maxSubscriptions: number
  /** IDs that want a subscription and rank within the cap, and those past it (kept fresh by queries). */
  live: string[]
  polled: string[]
  /** IDs whose subscription is kept only for the grace after their release. */
  inGrace: string[]
  /** IDs retained as on screen (visible rows). */
  onScreen: string[]
  /** IDs whose status is known and fresh. */
  fresh: string[]
  /** Records the engine keeps, and store entries. */
  peers: number
  entries: number
  /** Per-ID listeners woken so far. */
  wakeCount: number
}

/** Inspects the engine of a client's (or an SDK instance's) SDK instance; undefined when none was made. */
export function inspectEngine(target: StatusClient | TimLike): EngineInspection | undefined {
  const engine = engineOfTarget(target)
  if (!engine) return undefined
  const family = (name: ApiFamily): FamilyInspection => {
    const state = engine.families[name]
    const { limiter } = state
    const { calls, perMs, marginMs } = engine.options.rateLimit
    const nextFreeInMs = limiter.delay()
    return {
      used: calls - limiter.remaining(),
      limit: calls,
      windowMs: perMs + marginMs,
      available: limiter.available(),
      nextFreeInMs,
      failuresInARow: state.attempts,
      backingOff: state.attempts > 0 && nextFreeInMs > 0,
      inFlight: state.inFlight,
      inFlightIDs: inFlightOf(engine, name),
      queued: [...engine.work[name]].map((peer) => peer.id),
    }
  }
  const server: EngineInspection['server'] = { subscribing: [], present: [], unsubscribing: [], unknown: [] }
  const live: string[] = []
  const polled: string[] = []
  const fresh: string[] = []
  for (const peer of engine.peers.values()) {
    if (peer.server !== 'absent') server[peer.server].push(peer.id)
    if (peer.counted) (wantsLive(engine, peer) ? live : polled).push(peer.id)
    if (isFresh(engine, peer)) fresh.push(peer.id)
  }
  return {
    readiness: engine.session.readiness,
    userID: engine.session.userID,
    network: engine.session.network,
    clients: engine.users,
    listening: engine.attached,
    families: { query: family('query'), subscribe: family('subscribe'), unsubscribe: family('unsubscribe') },
    server,
    maxSubscriptions: engine.options.maxSubscriptions,
    live,
    polled,
    inGrace: [...engine.grace.keys()].map((peer) => peer.id),
    onScreen: [...engine.onScreen].map((peer) => peer.id),
    fresh,
    peers: engine.peers.size,
    entries: engine.store.store.getState().entries.size,
    wakeCount: engine.store.wakeCount,
  }
}

/** Why one ID is held, and where it stands. */
export interface PeerInspection {
  userID: string
  /** Retains by what they want (`live`: a subscription, `onScreen`: of those, rows on screen; `keep`: a kept list). */
  retains: { fetch: number; live: number; onScreen: number; keep: number }
  /** `fetch()` calls waiting for it. */
  waiting: number
  priority: number
  /** The subscription as the server is believed to hold it. */
  server: ServerState
  /** Wants a subscription and ranks within `maxSubscriptions`. */
  wantsLive: boolean
  /** Retained as on screen (a visible row). */
  onScreen: boolean
  inGrace: boolean
  /** A definite failure of its subscription (per-ID, 3122, 72001): not tried again until a refetch or login. */
  refused: boolean
  fresh: boolean
  /** Families whose queue it waits in. */
  queued: ApiFamily[]
  /** Its store entry (status, subscription state, errors). */
  entry: UserEntry | undefined
  /** ms since its status was last answered, pushed or set; null when never. */
  ageMs: number | null
  /** The last failure that concerns it (per-ID, query, subscribe), newest kind first. */
  lastError: StatusError | null
}

/** Inspects one ID of the engine; undefined when the engine keeps nothing about it. */
export function inspectPeer(target: StatusClient | TimLike, userID: string): PeerInspection | undefined {
  const engine = engineOfTarget(target)
  const peer: Peer | undefined = engine?.peers.get(userID)
  if (!engine || !peer) return undefined
  const entry = engine.store.store.getState().entries.get(userID)
  const updatedAt = entry?.status?.updatedAt
  const families = ['query', 'subscribe', 'unsubscribe'] as const
  return {
    userID,
    retains: { fetch: peer.fetchers, live: peer.live, onScreen: peer.liveOnScreen, keep: peer.keepers },
    waiting: peer.waiting,
    priority: peer.priority,
    server: peer.server,
    wantsLive: wantsLive(engine, peer),
    onScreen: engine.onScreen.has(peer),
    inGrace: peer.inGrace,
    refused: peer.refused,
    fresh: isFresh(engine, peer),
    queued: families.filter((family) => engine.work[family].has(peer)),
    entry,
    ageMs: updatedAt === undefined ? null : engine.options.clock.now() - updatedAt,
    lastError: entry?.failure ?? peer.subscribeError ?? peer.queryError ?? entry?.error ?? null,
  }
}
