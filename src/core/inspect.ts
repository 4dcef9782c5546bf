/**
 * The engine's inspection API, for tests, the playground and dev tools. Not in the main entry: it reads the engine
 * of an SDK instance without adding anything to the engine itself, so an app that never inspects pays nothing
 * (the call log, `callLog.ts`, is the one hook, null until attached).
 */
import type { StatusError } from './errors'
import { engineOf, timOf } from './registry'
import type { TimLike } from './sdk'
import type { ServerState } from './serverLedger'
import type { StatusClient } from './statusClient'
import { type ApiFamily, FAMILIES, type NetworkState, type Readiness, type UserEntry } from './types'

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
  /** Work waits to fill a call while the budget is low (up to 250 ms). */
  fillingSince: number | null
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
  const engine = engineOf(timOf(target))
  if (!engine) return undefined
  const family = (name: ApiFamily): FamilyInspection => {
    const state = engine.families[name]
    const { calls, perMs, marginMs } = engine.options.rateLimit
    const nextFreeInMs = state.delay()
    return {
      used: state.used(),
      limit: calls,
      windowMs: perMs + marginMs,
      available: state.available(),
      nextFreeInMs,
      failuresInARow: state.attempts,
      backingOff: state.attempts > 0 && nextFreeInMs > 0,
      inFlight: state.inFlight,
      inFlightIDs: inFlight[name],
      queued: [...engine.work.sets[name]],
      fillingSince: state.waitingSince,
    }
  }
  const server: EngineInspection['server'] = { subscribing: [], present: [], unsubscribing: [], unknown: [] }
  const live: string[] = []
  const polled: string[] = []
  const querying: string[] = []
  const fresh: string[] = []
  const ids = engine.ids()
  for (const id of ids) {
    const { state } = engine.ledger.of(id)
    if (state !== 'absent') server[state].push(id)
    if (engine.cap.wants(id)) (engine.cap.has(id) ? live : polled).push(id)
    if (engine.knowledge.of(id).querying) querying.push(id)
    if (engine.isFresh(id)) fresh.push(id)
  }
  // The IDs of each family's calls in flight: being asked, subscribed or unsubscribed.
  const inFlight = { query: querying, subscribe: server.subscribing, unsubscribe: server.unsubscribing }
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
    inGrace: [...engine.demand.graceOrder()],
    onScreen: [...engine.demand.onScreen],
    fresh,
    peers: ids.length,
    entries: engine.store.store.getState().entries.size,
    wakeCount: engine.store.wakeCount,
  }
}

/** Why one ID is held, and where it stands. */
export interface PeerInspection {
  userID: string
  /**
   * Retains by what they want (`live`: a subscription, `onScreen`: of those, rows on screen; `keep`: a kept list;
   * `spare`: a place in queries sent anyway).
   */
  retains: { fetch: number; live: number; onScreen: number; keep: number; spare: number }
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
  const engine = engineOf(timOf(target))
  if (!engine?.knows(userID)) return undefined
  const entry = engine.store.store.getState().entries.get(userID)
  const updatedAt = entry?.status?.updatedAt
  const want = engine.demand.of(userID)
  const subscription = engine.ledger.of(userID)
  return {
    userID,
    retains: {
      fetch: want.fetchers,
      live: want.live,
      onScreen: want.liveOnScreen,
      keep: want.keepers,
      spare: want.spares,
    },
    waiting: engine.waiters.count(userID),
    priority: want.priority,
    server: subscription.state,
    wantsLive: engine.cap.has(userID),
    onScreen: engine.demand.onScreen.has(userID),
    inGrace: engine.demand.inGrace(userID),
    refused: subscription.refused,
    fresh: engine.isFresh(userID),
    queued: FAMILIES.filter((family) => engine.work.sets[family].has(userID)),
    entry,
    ageMs: updatedAt === undefined ? null : engine.options.clock.now() - updatedAt,
    lastError:
      entry?.failure ?? subscription.error ?? engine.knowledge.of(userID).error ?? entry?.error ?? null,
  }
}
