/**
 * The engine's inspection API, for tests, the playground and dev tools. Not in the main entry: it reads the engine
 * of an SDK instance without adding anything to the engine itself, so an app that never inspects pays nothing.
 */

import { wantsLive } from './liveSet'
import type { ServerState } from './peers'
import { isFresh } from './reconciler'
import { engineOf } from './registry'
import type { TimLike } from './sdk'
import type { StatusClient } from './statusClient'
import type { ApiFamily, Readiness } from './types'

/** One API family's budget and work. */
export interface FamilyInspection {
  /** Calls in the current window (the client-side window: `perMs + marginMs`). */
  used: number
  limit: number
  /** Calls allowed right now (0 while backing off). */
  available: number
  /** ms until the next call is allowed (0 = now). */
  nextFreeInMs: number
  /** Retryable failures in a row (the backoff grows with them). */
  failuresInARow: number
  inFlight: number
  /** IDs waiting to be sent. */
  queued: string[]
}

/** What the engine of one SDK instance is doing now. */
export interface EngineInspection {
  readiness: Readiness
  userID: string | null
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
  const tim = 'retain' in target ? (target as StatusClient).tim : (target as TimLike)
  const engine = engineOf(tim)
  if (!engine) return undefined
  const family = (name: ApiFamily): FamilyInspection => {
    const state = engine.families[name]
    const { limiter } = state
    return {
      used: engine.options.rateLimit.calls - limiter.remaining(),
      limit: engine.options.rateLimit.calls,
      available: limiter.available(),
      nextFreeInMs: limiter.delay(),
      failuresInARow: state.attempts,
      inFlight: state.inFlight,
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
    clients: engine.users,
    listening: engine.attached,
    families: { query: family('query'), subscribe: family('subscribe'), unsubscribe: family('unsubscribe') },
    server,
    maxSubscriptions: engine.options.maxSubscriptions,
    live,
    polled,
    inGrace: [...engine.grace.keys()].map((peer) => peer.id),
    fresh,
    peers: engine.peers.size,
    entries: engine.store.store.getState().entries.size,
    wakeCount: engine.store.wakeCount,
  }
}
