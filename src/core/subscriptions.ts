/** Subscribe and unsubscribe calls: within their budgets and the cap, and what their outcomes mean for the server. */
import { clearError, type Engine, RECHECK_MS, retryPlan, settleEach, showError } from './engine'
import { failureToError } from './errors'
import { type CallOutcome, callFamily, isShown, PLAN_REFUSED } from './failurePolicy'
import { NEVER, type Peer, type ServerState } from './peers'
import { callsAllowed, holdToFill, schedule, sentFrom, takeBatches } from './reconciler'
import { readFailureResponse } from './sdkCall'
import { onNotReadyError } from './session'

/** Changes what the server is believed to hold for a peer, keeping `engine.held` in step. */
export function setServer(engine: Engine, peer: Peer, state: ServerState): void {
  if ((peer.server === 'absent') !== (state === 'absent')) engine.held += state === 'absent' ? -1 : 1
  if ((peer.server === 'unsubscribing') !== (state === 'unsubscribing')) {
    engine.leaving += state === 'unsubscribing' ? 1 : -1
  }
  peer.server = state
}

/**
 * Subscribes what the live set lacks, never past `maxSubscriptions`: an ID whose subscription is unknown is already
 * counted as held, so only the absent ones need room.
 */
export function sendSubscribes(engine: Engine): void {
  const { options, work } = engine
  if (holdToFill(engine, 'subscribe', work.subscribe.size, options.limits.subscribe)) return
  let room = options.maxSubscriptions - engine.held
  let calls = callsAllowed(engine, 'subscribe')
  let batch: Peer[] = []
  // Newest first: what was asked for last is what is on screen now.
  for (const peer of [...work.subscribe].reverse()) {
    if (calls === 0) break
    if (peer.server === 'absent') {
      if (room === 0) continue
      room--
    }
    work.subscribe.delete(peer)
    batch.push(peer)
    if (batch.length === options.limits.subscribe) {
      void subscribe(engine, batch)
      batch = []
      calls--
    }
  }
  if (batch.length > 0) void subscribe(engine, batch)
  sentFrom(engine, 'subscribe', work.subscribe.size)
}

/**
 * Unsubscribes what is held but no longer wanted. When nothing is wanted live and everything held is due, and it
 * would take more than one call, one unsubscribe-all does it.
 */
export function sendUnsubscribes(engine: Engine): void {
  const { options, work, families } = engine
  const calls = callsAllowed(engine, 'unsubscribe')
  if (
    calls > 0 &&
    engine.wantedLive === 0 &&
    families.subscribe.inFlight === 0 &&
    work.unsubscribe.size === engine.held &&
    engine.held > options.limits.unsubscribe
  ) {
    const all = [...work.unsubscribe]
    work.unsubscribe.clear()
    void unsubscribe(engine, all, true)
    return
  }
  for (const batch of takeBatches(work.unsubscribe, options.limits.unsubscribe, calls)) {
    void unsubscribe(engine, batch, false)
  }
}

/**
 * A failed (un)subscribe: not applied → as it was before (`before`, per peer); maybe applied (reply lost) →
 * unknown; definite → `definite`; not ready → look at readiness again.
 */
function afterFailure(
  engine: Engine,
  batch: readonly Peer[],
  before: readonly ServerState[],
  outcome: CallOutcome<unknown> & { ok: false },
  api: string,
  definite: (before: ServerState) => ServerState,
): void {
  const { kind, error } = outcome
  batch.forEach((peer, index) => {
    const was = before[index] as ServerState
    setServer(engine, peer, kind === 'lost' ? 'unknown' : kind === 'definite' ? definite(was) : was)
  })
  if (kind === 'not-ready') onNotReadyError(engine, error)
  else if (isShown(outcome, engine.options)) showError(engine, api, error)
}

async function subscribe(engine: Engine, batch: Peer[]): Promise<void> {
  const { session, options } = engine
  const generation = session.generation
  const sequence = ++engine.sendSeq
  const before = batch.map((peer) => peer.server)
  for (const peer of batch) {
    peer.subscribeSeq = sequence
    setServer(engine, peer, 'subscribing')
  }
  const userIDList = batch.map((peer) => peer.id)
  const outcome = await callFamily(engine, 'subscribe', userIDList)
  if (generation !== session.generation) return schedule(engine)
  engine.store.write((w) => {
    if (outcome.ok) {
      const failures = new Map(readFailureResponse(outcome.value).map((failure) => [failure.userID, failure]))
      batch.forEach((peer, index) => {
        const failure = failures.get(peer.id)
        // Refused now, though an earlier subscribe whose reply was lost may have been applied.
        setServer(engine, peer, failure ? (before[index] === 'unknown' ? 'unknown' : 'absent') : 'present')
        peer.refused = !!failure
        peer.subscribeError = null
        w.entry(peer.id, { failure: failure ? failureToError(failure) : null })
        // A change between its last query and this subscribe would be missed: ask again, soon.
        if (!failure && peer.querySeq < sequence) engine.recheck.set(peer, options.clock.now() + RECHECK_MS)
      })
      clearError(engine, 'subscribeUserStatus')
    } else {
      // Definite (3122, 72001): the server took nothing, though an earlier lost call may have been applied.
      for (const peer of batch) if (outcome.kind === 'definite') peer.refused = true
      afterFailure(engine, batch, before, outcome, 'subscribeUserStatus', (was) =>
        was === 'unknown' ? 'unknown' : 'absent',
      )
      if (isShown(outcome, options)) for (const peer of batch) peer.subscribeError = outcome.error
      if (outcome.error.code === PLAN_REFUSED) {
        retryPlan(engine, 'subscribe', batch, (peer) => {
          peer.refused = false
        })
      }
    }
    settleEach(engine, batch)
  })
}

async function unsubscribe(engine: Engine, batch: Peer[], all: boolean): Promise<void> {
  const { session, options } = engine
  const generation = session.generation
  const before = batch.map((peer) => peer.server)
  for (const peer of batch) setServer(engine, peer, 'unsubscribing')
  const userIDList = all ? undefined : batch.map((peer) => peer.id)
  const outcome = await callFamily(engine, 'unsubscribe', userIDList)
  if (generation !== session.generation) return schedule(engine)
  engine.store.write(() => {
    if (outcome.ok) {
      const now = options.clock.now()
      batch.forEach((peer, index) => {
        // Its status was live until now.
        if (before[index] === 'present' && peer.freshAt > NEVER) peer.freshAt = now
        setServer(engine, peer, 'absent')
      })
      clearError(engine, 'unsubscribeUserStatus')
    } else {
      // Definite (3122, 72001): the server holds nothing this engine could undo.
      afterFailure(engine, batch, before, outcome, 'unsubscribeUserStatus', () => 'absent')
    }
    settleEach(engine, batch)
  })
}
