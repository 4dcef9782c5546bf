/** What callers want: retains (reference-counted, live or not, with a priority) and one-shot fetches. */
import { type Engine, peerOf, settleEach, type Waiter } from './engine'
import { noteFocus, trackList } from './lists'
import { countPriority, NEVER, ON_SCREEN } from './peers'
import { isFresh, settle } from './reconciler'
import { fetchSelf, isSelfFresh } from './selfStatus'
import type { UserStatus } from './types'
import { setOwn } from './validate'

/** What one retain asks for. */
export interface Demand {
  /** Wants a known, fresh status. */
  fetch: boolean
  /** Wants the status asked once if never answered, and kept (not forgotten, not refreshed). */
  keep: boolean
  /** Wants live changes (a subscription). */
  subscribe: boolean
  /** Rank among IDs wanted live when they are more than `maxSubscriptions`, and in the query queue (higher first). */
  priority: number
}

/**
 * Retains and releases come many per task (a list mounting or unmounting: one per row); the store publishes them
 * once, after the task, not once each.
 */
function holdForTask(engine: Engine): void {
  engine.store.hold(queueMicrotask)
}

/** Registers interest in IDs; returns the release (idempotent). O(1) per ID either way. */
export function retain(engine: Engine, ids: readonly string[], demand: Demand): () => void {
  const { subscribe, priority } = demand
  holdForTask(engine)
  engine.store.write(() => {
    for (const id of ids) {
      const peer = peerOf(engine, id)
      if (demand.fetch) peer.fetchers++
      if (demand.keep) peer.keepers++
      countPriority(peer, priority, 1)
      if (priority !== 0 && peer.counted) engine.rankDirty = true
      if (subscribe) {
        peer.live++
        if (priority >= ON_SCREEN) peer.liveOnScreen++
        peer.order = ++engine.retainSeq
        engine.rankDirty = true
        if (peer.inGrace) engine.grace.delete(peer)
        peer.inGrace = false
      }
      noteFocus(engine, peer)
      settle(engine, peer)
    }
  })
  if (demand.fetch && ids.includes(engine.session.userID as string) && !isSelfFresh(engine)) fetchSelf(engine)
  // A list kept in order: the engine looks ahead of what is on screen in it.
  const dropList =
    demand.keep && ids.length > 1
      ? trackList(
          engine,
          ids.map((id) => peerOf(engine, id)),
        )
      : null
  let released = false
  return () => {
    if (released) return
    released = true
    dropList?.()
    release(engine, ids, demand)
  }
}

function release(engine: Engine, ids: readonly string[], demand: Demand): void {
  const due = engine.options.clock.now() + engine.options.unsubscribeDelayMs
  holdForTask(engine)
  engine.store.write(() => {
    for (const id of ids) {
      const peer = engine.peers.get(id)
      if (!peer) continue
      if (demand.fetch) peer.fetchers--
      if (demand.keep) peer.keepers--
      countPriority(peer, demand.priority, -1)
      // Its rank may have dropped with that retain's priority.
      if (demand.priority !== 0 && peer.counted) engine.rankDirty = true
      if (demand.subscribe) {
        peer.live--
        if (demand.priority >= ON_SCREEN) peer.liveOnScreen--
        engine.rankDirty = true
        // A subscription held (or maybe held) is kept for the grace: taken back by then, it costs no call.
        if (peer.live === 0 && peer.server !== 'absent') {
          peer.inGrace = true
          engine.grace.set(peer, due)
        }
      }
      noteFocus(engine, peer)
      settle(engine, peer)
    }
  })
}

/**
 * Resolves once every ID not known and fresh (every ID with `force`) is answered; rejects when a call for them
 * fails for good. `owned` collects the waiter so that its client can let go of it when it stops.
 */
export function fetchStatuses(
  engine: Engine,
  ids: readonly string[],
  force: boolean,
  owned: Set<Waiter>,
): Promise<Record<string, UserStatus | undefined>> {
  const me = engine.session.userID
  const peers = ids.map((id) => peerOf(engine, id))
  const waiting = peers.filter((peer) =>
    force ? true : peer.id === me ? !isSelfFresh(engine) : !isFresh(engine, peer),
  )
  const done =
    waiting.length === 0
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const waiter: Waiter = {
            ids: waiting.map((peer) => peer.id),
            remaining: waiting.length,
            resolve() {
              owned.delete(waiter)
              resolve()
            },
            reject(error) {
              owned.delete(waiter)
              reject(error)
            },
          }
          owned.add(waiter)
          for (const peer of waiting) {
            const list = engine.waiters.get(peer.id)
            if (list) list.push(waiter)
            else engine.waiters.set(peer.id, [waiter])
            peer.waiting++
            if (force) peer.freshAt = NEVER
          }
        })
  settleEach(engine, waiting)
  if (waiting.some((peer) => peer.id === me)) fetchSelf(engine)
  return done.then(() => {
    const out: Record<string, UserStatus | undefined> = {}
    for (const id of ids) setOwn(out, id, engine.store.getEntry(id).status)
    return out
  })
}

/** Lets go of a waiter: its IDs no longer wait for it. */
export function dropWaiter(engine: Engine, waiter: Waiter): void {
  for (const id of waiter.ids) {
    const list = engine.waiters.get(id)
    const index = list?.indexOf(waiter) ?? -1
    if (!list || index < 0) continue
    list.splice(index, 1)
    if (list.length === 0) engine.waiters.delete(id)
    const peer = engine.peers.get(id)
    if (peer) {
      peer.waiting--
      settle(engine, peer)
    }
  }
}

/** Asks again for these IDs, and tries again subscriptions refused for them. */
export function refetch(engine: Engine, ids: readonly string[], owned: Set<Waiter>) {
  engine.store.write((w) => {
    for (const id of ids) {
      const peer = peerOf(engine, id)
      if (!peer.refused) continue
      peer.refused = false
      w.entry(id, { failure: null })
    }
  })
  return fetchStatuses(engine, ids, true, owned)
}
