/**
 * What clients ask of the engine: retains (reference-counted, live or not, with a priority) and one-shot fetches.
 * Each lands in the demand or the waiters, then the IDs are settled; the pass after the task sends the calls.
 */
import type { Want } from './demand'
import type { Engine } from './engine'
import { planInput, send } from './pass'
import { planFullQuery } from './planner'
import type { UserStatus } from './types'
import { setOwn } from './validate'
import type { Waiter } from './waiters'

/**
 * Retains and releases come many per task (a list mounting or unmounting: one per row); the store publishes them
 * once, after the task, not once each.
 */
function holdForTask(engine: Engine): void {
  engine.store.hold(queueMicrotask)
}

/**
 * Sends full queries at once, in the middle of the task that filled them (see `planFullQuery`); the pass after the
 * task sends the rest.
 */
function sendFullQueries(engine: Engine): void {
  const full = engine.work.sets.query.size >= engine.families.query.limit
  if (!full || !engine.attached || !engine.session.ready) return
  for (let ids = planFullQuery(planInput(engine)); ids; ids = planFullQuery(planInput(engine))) {
    send(engine, 'query', ids)
  }
}

/** Registers interest in IDs; returns the release (idempotent). O(1) per ID either way. */
export function retain(engine: Engine, ids: readonly string[], want: Want): () => void {
  const { demand, cap } = engine
  // With `staleTimeMs: 0` nothing polls: each retain that fetches asks again (unless the ID is live or asked now).
  const askAgain = want.fetch && engine.options.staleTimeMs <= 0
  holdForTask(engine)
  engine.store.write(() => {
    for (const id of ids) {
      if (askAgain && engine.ledger.of(id).state !== 'present' && !engine.knowledge.of(id).querying) {
        engine.knowledge.invalidate(id)
      }
      // A live retain is the newest of its ID; a priority may move it in the ranks.
      if (want.subscribe || (want.priority !== 0 && cap.wants(id))) cap.touch()
      demand.add(id, want)
      engine.settle(id)
    }
  })
  sendFullQueries(engine)
  const me = engine.session.userID
  if (want.fetch && me !== null && ids.includes(me) && !engine.self.isFresh()) engine.self.fetch()
  // A list kept in its order: a look-ahead may follow it.
  const list = want.keep && ids.length > 1
  if (list) demand.keepList(ids)
  let released = false
  return () => {
    if (released) return
    released = true
    if (list) demand.dropList(ids)
    release(engine, ids, want)
  }
}

function release(engine: Engine, ids: readonly string[], want: Want): void {
  const { demand, cap, ledger } = engine
  const graceDue = engine.options.clock.now() + engine.options.unsubscribeDelayMs
  holdForTask(engine)
  engine.store.write(() => {
    for (const id of ids) {
      if (want.subscribe || (want.priority !== 0 && cap.wants(id))) cap.touch()
      demand.drop(id, want, ledger.of(id).state !== 'absent', graceDue)
      engine.settle(id)
    }
  })
}

/**
 * Resolves once every ID not known and fresh (every ID with `force`) is answered; rejects when a call for them
 * fails for good. `owner` collects the waiter so that its client can let go of it when it stops.
 */
export function fetchStatuses(
  engine: Engine,
  ids: readonly string[],
  force: boolean,
  owner: Set<Waiter>,
): Promise<Record<string, UserStatus | undefined>> {
  const me = engine.session.userID
  const waiting = ids.filter((id) => force || (id === me ? !engine.self.isFresh() : !engine.isFresh(id)))
  const done = waiting.length === 0 ? Promise.resolve() : engine.waiters.add(waiting, owner)
  if (force) for (const id of waiting) engine.knowledge.invalidate(id)
  engine.settleAll(waiting)
  sendFullQueries(engine)
  if (me !== null && waiting.includes(me)) engine.self.fetch()
  return done.then(() => {
    const out: Record<string, UserStatus | undefined> = {}
    for (const id of ids) setOwn(out, id, engine.store.getEntry(id).status)
    return out
  })
}

/** Lets go of a waiter (its client stopped): its IDs no longer wait for it. */
export function dropWaiter(engine: Engine, waiter: Waiter): void {
  engine.settleAll(engine.waiters.drop(waiter))
}

/** Asks again for these IDs, and tries again subscriptions refused for them. */
export function refetch(engine: Engine, ids: readonly string[], owner: Set<Waiter>) {
  engine.store.write((writer) => {
    for (const id of ids) {
      if (!engine.ledger.of(id).refused) continue
      engine.ledger.refuse(id, false)
      writer.entry(id, { failure: null })
    }
  })
  return fetchStatuses(engine, ids, true, owner)
}
