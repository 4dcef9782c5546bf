/** Queries of others' statuses (batched, within the query budget), pushes, and the `fetch()` callers waiting. */

import { dropWaiter } from './demand'
import { clearError, type Engine, peerOf, retryPlan, settleEach, showError } from './engine'
import { failureToError, StatusError } from './errors'
import { type CallOutcome, isShown, PLAN_REFUSED, runCall } from './failurePolicy'
import { NEVER, type Peer } from './peers'
import { callsAllowed, schedule, settle, takeBatches } from './reconciler'
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

/** Budget left (a share of the calls per window) below which a query that is not full waits to fill. */
const LOW_BUDGET_SHARE = 0.25
/** The longest a query waits to fill while the budget is low. */
export const FILL_WAIT_MS = 250

/**
 * Sends as many queries as the budget allows, each as full as can be, what is on screen first, then the newest.
 * While the budget of the window runs low, a query that is not full waits up to `FILL_WAIT_MS` for more IDs
 * (a scrolled list brings more each frame) rather than spend one of the last calls on a few.
 */
export function sendQueries(engine: Engine): void {
  const { work, options } = engine
  const calls = callsAllowed(engine, 'query')
  engine.fillDue = null
  if (work.query.size === 0 || calls === 0) {
    if (work.query.size === 0) engine.queryWaitingSince = null
    return
  }
  const now = options.clock.now()
  engine.queryWaitingSince ??= now
  const low = calls <= Math.max(1, options.rateLimit.calls * LOW_BUDGET_SHARE)
  if (low && work.query.size < engine.queryLimit && now < engine.queryWaitingSince + FILL_WAIT_MS) {
    engine.fillDue = engine.queryWaitingSince + FILL_WAIT_MS
    return
  }
  for (const batch of takeBatches(work.query, engine.queryLimit, calls)) void query(engine, batch)
  engine.queryWaitingSince = work.query.size > 0 ? now : null
}

async function query(engine: Engine, batch: Peer[]): Promise<void> {
  const { session, options } = engine
  const generation = session.generation
  const sentAfterPush = engine.pushSeq
  const sequence = ++engine.sendSeq
  for (const peer of batch) {
    peer.querying = true
    peer.querySeq = sequence
  }
  const userIDList = batch.map((peer) => peer.id)
  const outcome = await runCall(engine.families.query, options, 'getUserStatus', () =>
    engine.tim.getUserStatus({ userIDList }),
  )
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

/** `USER_STATUS_UPDATED`: one store write for the whole event; only the listeners of the changed IDs wake. */
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
