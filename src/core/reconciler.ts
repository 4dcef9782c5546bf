/**
 * The reconciler: level-triggered, like a Kubernetes controller. `settle(peer)` compares what is wanted of one ID
 * with what the server is believed to hold and puts the ID into the work of each family that has something to do
 * for it; `pass()` turns that work into calls within the budgets. Every event (retain, release, answer, failure,
 * login, logout, reconnect, timer) ends in the same two steps, so there is no special recovery path: after a lost
 * reply, a remount or a teardown under faults, the same loop converges.
 */
import type { Engine } from './engine'
import { moveWindows } from './lists'
import { chooseLiveSet, makeRoom, wantsLive } from './liveSet'
import { isIdle, NEVER, type Peer } from './peers'
import { sendFullQuery, sendQueries } from './queries'
import { detach } from './session'
import { sendSubscribes, sendUnsubscribes } from './subscriptions'
import type { ApiFamily, SubscriptionState } from './types'

function toggle(set: Set<Peer>, peer: Peer, member: boolean): void {
  if (member) set.add(peer)
  else set.delete(peer)
}

/** Known and young enough: answered within `staleTimeMs`, or answered and subscribed since. */
export function isFresh(engine: Engine, peer: Peer): boolean {
  if (peer.freshAt === NEVER) return false
  return peer.server === 'present' || engine.options.clock.now() - peer.freshAt < engine.options.staleTimeMs
}

/** Someone needs its status now: a retain that fetches, or a `fetch()`; and it is not fresh. */
function needsQuery(engine: Engine, peer: Peer): boolean {
  if (peer.id === engine.session.userID || peer.querying) return false
  return (peer.fetchers > 0 || peer.waiting > 0) && !isFresh(engine, peer)
}

/** Kept (`fetch: 'once'`) and never answered. */
function needsKeepQuery(engine: Engine, peer: Peer): boolean {
  return peer.keepers > 0 && peer.freshAt === NEVER && peer.id !== engine.session.userID && !peer.querying
}

function subscriptionOf(engine: Engine, peer: Peer, live: boolean): SubscriptionState {
  if (peer.live === 0) return 'none'
  // The API refuses one's own ID; its changes arrive anyway.
  if (peer.id === engine.session.userID) return 'subscribed'
  if (peer.server === 'present') return 'subscribed'
  if (peer.refused) return 'failed'
  if (engine.session.readiness !== 'ready') return 'none'
  return live ? 'pending' : 'polled'
}

/** Brings one peer's work and store entry level with its state. O(1). */
export function settle(engine: Engine, peer: Peer): void {
  const { work, session, options } = engine
  // Forgotten already (a timer that still held it): its ID may have a new peer by now.
  if (engine.peers.get(peer.id) !== peer) return
  const wanted = peer.live > 0 && !peer.refused && peer.id !== session.userID
  if (wanted !== peer.counted) {
    peer.counted = wanted
    engine.wantedLive += wanted ? 1 : -1
    engine.rankDirty = true
  }
  const live = wantsLive(engine, peer)
  const { server } = peer
  toggle(work.subscribe, peer, live && (server === 'absent' || server === 'unknown'))
  const keep = live || (peer.inGrace && server !== 'absent')
  toggle(work.unsubscribe, peer, !keep && (server === 'present' || server === 'unknown'))
  const query = needsQuery(engine, peer)
  toggle(work.query, peer, query)
  if (query && work.query.size >= engine.queryLimit) sendFullQuery(engine)
  toggle(engine.keepWork, peer, !query && needsKeepQuery(engine, peer))
  // Fetched but not subscribed (not wanted live, or past the cap): asked again before its status goes stale,
  // from its latest answer (or push), unless its last query failed for good (a refetch or a login asks again).
  // Only while it is fresh: a stale one is already in the query work (waiting for budget or the connection).
  // `staleTimeMs: 0` means no such polling: statuses are asked again when something asks for them.
  if (
    peer.fetchers > 0 &&
    peer.queryError === null &&
    peer.server !== 'present' &&
    !peer.querying &&
    !query &&
    peer.freshAt > NEVER &&
    options.staleTimeMs > 0 &&
    peer.id !== session.userID
  ) {
    const due = peer.freshAt + options.staleTimeMs * 0.8
    if (engine.stale.dueOf(peer) !== due) engine.stale.set(peer, due)
  } else engine.stale.delete(peer)
  // A subscribe's failure matters only while the ID is wanted live and in the live set (or refused for good).
  if (peer.live === 0 || (!live && !peer.refused)) peer.subscribeError = null
  engine.store.derive(
    peer.id,
    subscriptionOf(engine, peer, live),
    session.readiness === 'ready' && (peer.querying || work.query.has(peer) || engine.keepWork.has(peer)),
    peer.subscribeError ?? peer.queryError,
  )
  // Forgotten gcTimeMs after it became idle (insertion order is then due order).
  if (!isIdle(peer)) engine.collectable.delete(peer)
  else if (!engine.collectable.has(peer)) engine.collectable.set(peer, options.clock.now() + options.gcTimeMs)
  schedule(engine)
}

/** Runs a pass after the current task, so that every change of the task is sent together. */
export function schedule(engine: Engine): void {
  if (engine.scheduled || !engine.attached) return
  engine.scheduled = true
  engine.options.batchScheduleFn(() => pass(engine))
}

/** Forgets peers that have been idle for `gcTimeMs`, and their store entries unless someone still reads them. */
function collectGarbage(engine: Engine): void {
  const now = engine.options.clock.now()
  const forget: Peer[] = []
  for (const [peer, due] of engine.collectable) {
    if (due > now) break
    forget.push(peer)
  }
  if (forget.length === 0) return
  engine.store.write((w) => {
    for (const peer of forget) {
      engine.collectable.delete(peer)
      if (!isIdle(peer)) continue
      // Kept while someone reads it, and the own ID while logged in (pushes keep it live).
      if (engine.store.isWatched(peer.id) || peer.id === engine.session.userID) {
        engine.collectable.set(peer, now + engine.options.gcTimeMs)
        continue
      }
      engine.peers.delete(peer.id)
      engine.recheck.delete(peer)
      w.forget(peer.id)
    }
  })
}

/** Budget left (a share of the calls per window) at or below which it is low. */
const LOW_BUDGET_SHARE = 0.25
/** The longest work waits to fill a call while the budget is low. */
export const FILL_WAIT_MS = 250

/** Calls per window that prefetching (keep-once work) leaves to what is on screen: the low quarter. */
export function keepReserve(engine: Engine): number {
  // None below 4 calls per window: a prefetch must be able to go at all.
  return Math.floor(engine.options.rateLimit.calls * LOW_BUDGET_SHARE)
}

/** A budget of `calls` is low: at or below the reserve (one call at least). Work waits then, to fill calls. */
export function isLow(engine: Engine, calls: number): boolean {
  return calls <= Math.max(1, keepReserve(engine))
}

/**
 * While the budget of a family is low, work that would not fill a call (`size` < `limit`) waits up to
 * `FILL_WAIT_MS` for more (a scrolled list brings more every frame) rather than spend one of the last calls on a
 * few IDs. Returns true when nothing is to be sent now (no work, no budget, or held to fill).
 */
export function holdToFill(engine: Engine, family: ApiFamily, size: number, limit: number): boolean {
  const state = engine.families[family]
  if (size === 0) {
    state.waitingSince = null
    return true
  }
  const now = engine.options.clock.now()
  state.waitingSince ??= now
  const calls = callsAllowed(engine, family)
  if (calls === 0) return true
  const low = isLow(engine, calls)
  const due = state.waitingSince + FILL_WAIT_MS
  if (!low || size >= limit || now >= due) return false
  engine.fillDue = Math.min(engine.fillDue ?? due, due)
  return true
}

/** After a send: what is left has waited since now. */
export function sentFrom(engine: Engine, family: ApiFamily, left: number): void {
  engine.families[family].waitingSince = left > 0 ? engine.options.clock.now() : null
}

/** The budget a family has now, in calls. */
export function callsAllowed(engine: Engine, family: ApiFamily): number {
  return engine.families[family].limiter.available()
}

/**
 * Up to `calls` batches of at most `size` peers each, taken out of `set`: those of a higher priority first (what
 * is on screen), then the newest first.
 */
export function takeBatches(set: Set<Peer>, size: number, calls: number): Peer[][] {
  const batches: Peer[][] = []
  if (calls <= 0) return batches
  let all = [...set]
  if (all.length > size && all.some((peer) => peer.priority > 0)) {
    // Stable: within a priority, insertion order stays, so the newest are still taken first.
    all = all.sort((a, b) => a.priority - b.priority)
  }
  for (let end = all.length; end > 0 && batches.length < calls; end -= size) {
    const batch = all.slice(Math.max(0, end - size), end)
    for (const peer of batch) set.delete(peer)
    batches.push(batch)
  }
  return batches
}

/** When some work waits only for budget, comes back once the first family has budget again. */
function armWait(engine: Engine): void {
  const { clock } = engine.options
  if (engine.waitTimer !== null) clock.clearTimeout(engine.waitTimer)
  engine.waitTimer = null
  if (engine.session.readiness !== 'ready') return
  let wait = Number.POSITIVE_INFINITY
  for (const family of ['query', 'subscribe', 'unsubscribe'] as const) {
    // Work held back by something else than budget (the cap, readiness) is woken by what frees it.
    const delay = engine.families[family].limiter.delay()
    if (engine.work[family].size > 0 && delay > 0) wait = Math.min(wait, delay)
  }
  if (engine.keepWork.size > 0) {
    const delay = engine.families.query.limiter.delay(keepReserve(engine) + 1)
    if (delay > 0) wait = Math.min(wait, delay)
  }
  if (engine.fillDue !== null) wait = Math.min(wait, Math.max(0, engine.fillDue - clock.now()))
  if (wait === Number.POSITIVE_INFINITY) return
  engine.waitTimer = clock.setTimeout(() => {
    engine.waitTimer = null
    pass(engine)
  }, wait)
}

/** One planning pass: what every peer needs, as calls within the budgets. */
export function pass(engine: Engine): void {
  engine.scheduled = false
  collectGarbage(engine)
  if (!engine.attached) return
  engine.fillDue = null
  engine.store.write(() => {
    if (engine.session.readiness === 'ready') {
      moveWindows(engine)
      chooseLiveSet(engine)
      makeRoom(engine)
      sendUnsubscribes(engine)
      sendSubscribes(engine)
      sendQueries(engine)
    }
  })
  armWait(engine)
  const { families } = engine
  if (
    engine.users === 0 &&
    engine.held === 0 &&
    families.subscribe.inFlight === 0 &&
    families.unsubscribe.inFlight === 0
  ) {
    detach(engine)
  }
}
