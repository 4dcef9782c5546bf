/** Queries of others' statuses (batched, within the query budget), pushes, and the `fetch()` callers waiting. */

import { dropWaiter } from './demand'
import { clearError, type Engine, peerOf, retryPlan, settleEach, showError } from './engine'
import { failureToError, StatusError } from './errors'
import { type CallOutcome, callFamily, isShown, PLAN_REFUSED } from './failurePolicy'
import { NEVER, type Peer } from './peers'
import {
  callsAllowed,
  holdToFill,
  isLow,
  keepReserve,
  schedule,
  sentFrom,
  settle,
  takeBatches,
} from './reconciler'
import { readQueryResponse, readStatus } from './sdkCall'
import { applySelf } from './selfStatus'
import { onNotReadyError } from './session'

/** Settles the `fetch()` callers waiting for `userID`: answered, or failed with `error`. */
export function settleWaiters(engine: Engine, userID: string, error?: StatusError): void {
  const list = engine.waiters.get(userID)
  if (!list) return
  engine.waiters.delete(userID)
  const peer = engine.peers.get(userID)
  if (peer) peer.waiting = 0
  for (const waiter of list) {
    if (!error) {
      if (--waiter.remaining === 0) waiter.resolve()
      continue
    }
    // Settled for good: its other IDs no longer wait for it.
    dropWaiter(engine, waiter)
    waiter.reject(error)
  }
}

/**
 * Sends as many queries as the budget allows, each as full as can be: what someone needs now first (what is on
 * screen before the rest, then the newest), then what is only kept (a prefetched list, in its order) with the budget
 * above the reserve. While the budget runs low a query that is not full waits a moment to fill (`holdToFill`).
 */
export function sendQueries(engine: Engine): void {
  const { work, keepWork, queryLimit } = engine
  // Kept IDs can fill the last call: no waiting to fill while there are some.
  if (!holdToFill(engine, 'query', work.query.size + (work.query.size > 0 ? keepWork.size : 0), queryLimit)) {
    const batches = takeBatches(work.query, queryLimit, callsAllowed(engine, 'query'))
    // A call costs the same for 1 ID or 500: the last one takes kept IDs too (those near the screen first).
    const last = batches[batches.length - 1]
    if (last && last.length < queryLimit && keepWork.size > 0) topUp(keepWork, last, queryLimit)
    for (const batch of batches) void query(engine, batch)
    sentFrom(engine, 'query', work.query.size)
  }
  const calls = callsAllowed(engine, 'query') - keepReserve(engine)
  if (keepWork.size === 0 || calls <= 0 || work.query.size > 0) return
  // Oldest first: a list is kept in its order, so its top is answered first.
  const kept = [...keepWork]
  for (let start = 0, sent = 0; start < kept.length && sent < calls; start += queryLimit, sent++) {
    const batch = kept.slice(start, start + queryLimit)
    for (const peer of batch) keepWork.delete(peer)
    void query(engine, batch)
  }
}

/**
 * Sends a full query at once, in the middle of the task that filled it, while the budget is not low: a list mounting
 * thousands of rows has its first answers on the way while the rest of its rows still mount. The pass after the
 * task sends the rest as usual (what is on screen first); with a low budget everything waits for it. Not while
 * some IDs wait to be subscribed: their query must follow their subscribe, or it is asked again (`recheck`).
 */
export function sendFullQuery(engine: Engine): void {
  const { work } = engine
  if (!engine.attached || engine.session.readiness !== 'ready' || work.subscribe.size > 0) return
  // Low as `holdToFill` counts it: the last call of a small budget waits for the pass too.
  if (isLow(engine, callsAllowed(engine, 'query'))) return
  const [batch] = takeBatches(work.query, engine.queryLimit, 1)
  if (batch) void query(engine, batch)
}

/** Fills `batch` up to `size` with peers taken out of `kept`: those of a higher priority first, then in order. */
function topUp(kept: Set<Peer>, batch: Peer[], size: number): void {
  const ranked = [...kept].filter((peer) => peer.priority > 0).sort((a, b) => b.priority - a.priority)
  for (const peer of [...ranked, ...kept]) {
    if (batch.length >= size) return
    if (!kept.delete(peer)) continue
    batch.push(peer)
  }
}

async function query(engine: Engine, batch: Peer[]): Promise<void> {
  const { session } = engine
  const generation = session.generation
  const sentAfterPush = engine.pushSeq
  const sequence = ++engine.sendSeq
  for (const peer of batch) {
    peer.querying = true
    peer.querySeq = sequence
  }
  const userIDList = batch.map((peer) => peer.id)
  const outcome = await callFamily(engine, 'query', userIDList)
  // Sent before a logout, or before the engine stopped: the answer is of no use now (a pass still looks whether
  // the engine can stop listening, now that the call is done).
  if (generation !== session.generation) return schedule(engine)
  for (const peer of batch) peer.querying = false
  engine.store.write(() => {
    if (outcome.ok) answer(engine, batch, outcome.value, sentAfterPush)
    else failQuery(engine, batch, outcome)
    settleEach(engine, batch)
  })
}

function answer(engine: Engine, batch: Peer[], response: unknown, sentAfterPush: number): void {
  const { success, failures } = readQueryResponse(response)
  const asked = new Map(batch.map((peer) => [peer.id, peer]))
  const answered = new Set<string>()
  const now = engine.options.clock.now()
  engine.store.write((w) => {
    for (const item of [...success, ...failures]) {
      const peer = asked.get(item.userID)
      if (!peer) continue
      answered.add(peer.id)
      peer.freshAt = now
      peer.queryError = null
      if ('code' in item) {
        w.entry(peer.id, { failure: failureToError(item) })
        continue
      }
      // A push that arrived after this call was sent is newer than its answer.
      if (peer.pushSeq <= sentAfterPush) w.status(peer.id, item, now)
      w.entry(peer.id, { failure: null })
    }
  })
  for (const id of answered) settleWaiters(engine, id)
  clearError(engine, 'getUserStatus')
  const missing = batch.filter((peer) => !answered.has(peer.id))
  if (missing.length === 0) return
  if (answered.size > 0) {
    // The rest are still not fresh, so the reconciler asks for them again. When the SDK answered exactly the first
    // IDs, its limit was lowered by its cloud config and it dropped the rest: keep to what it took (until the next
    // login).
    if (batch.slice(0, answered.size).every((peer) => answered.has(peer.id))) {
      engine.queryLimit = Math.min(engine.queryLimit, answered.size)
    }
    return
  }
  const error = new StatusError(
    0,
    process.env.NODE_ENV !== 'production' ? 'getUserStatus answered none of the IDs asked for' : 'no answer',
  )
  for (const peer of missing) {
    peer.freshAt = now
    peer.queryError = error
    settleWaiters(engine, peer.id, error)
  }
}

function failQuery(engine: Engine, batch: Peer[], outcome: CallOutcome<unknown> & { ok: false }): void {
  const { error, kind } = outcome
  if (kind === 'not-ready') {
    onNotReadyError(engine, error)
    return
  }
  if (isShown(outcome, engine.options)) {
    for (const peer of batch) {
      peer.queryError = error
      settleWaiters(engine, peer.id, error)
    }
    showError(engine, 'getUserStatus', error)
  }
  if (kind !== 'definite') return
  // The feature is unavailable: a definite answer, fresh for staleTimeMs, so remounts do not ask again.
  const now = engine.options.clock.now()
  for (const peer of batch) peer.freshAt = now
  if (error.code === PLAN_REFUSED) {
    retryPlan(engine, 'query', batch, (peer) => {
      peer.freshAt = NEVER
    })
  }
}

/**
 * `USER_STATUS_UPDATED`: one store write for the whole event, at once (it joins answers the store holds, if any);
 * only the listeners of the changed IDs wake.
 */
export function applyPush(engine: Engine, data: unknown): void {
  const list = Array.isArray(data) ? data : []
  const now = engine.options.clock.now()
  const sequence = ++engine.pushSeq
  engine.store.write((w) => {
    for (const item of list) {
      const status = readStatus(item)
      if (!status) continue
      const peer = peerOf(engine, status.userID)
      peer.pushSeq = sequence
      peer.freshAt = now
      // A pushed status is current: a failed query for it no longer matters.
      peer.queryError = null
      if (status.userID === engine.session.userID) applySelf(engine, status, now)
      else w.status(status.userID, status, now)
      settle(engine, peer)
    }
  })
}
