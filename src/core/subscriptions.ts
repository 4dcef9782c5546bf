/** Subscribe and unsubscribe calls, and what their outcomes mean for what the server holds. */
import { type CallOutcome, callFamily } from './calls'
import type { Engine } from './engine'
import { failureToError } from './errors'
import { isShown, PLAN_REFUSED } from './failurePolicy'
import { retryPlan } from './planRetry'
import { readFailureResponse } from './responses'
import { onNotReadyError } from './sdkEvents'
import type { ServerState } from './serverLedger'

type Failure = CallOutcome<unknown> & { ok: false }

/**
 * A failed (un)subscribe: not applied → as it was before (`before`, per ID); maybe applied (reply lost) →
 * unknown; definite → `definite(before)`; not ready → look at readiness again.
 */
function afterFailure(
  engine: Engine,
  ids: readonly string[],
  before: readonly ServerState[],
  outcome: Failure,
  api: string,
  definite: (before: ServerState) => ServerState,
): void {
  const { kind, error } = outcome
  ids.forEach((id, index) => {
    const was = before[index] as ServerState
    engine.ledger.set(id, kind === 'lost' ? 'unknown' : kind === 'definite' ? definite(was) : was)
  })
  if (kind === 'not-ready') onNotReadyError(engine, error)
  else if (isShown(outcome, engine.options)) engine.error.show(api, error)
}

/** Sends one subscribe for `ids` and records what it came to. */
export async function subscribe(engine: Engine, ids: string[]): Promise<void> {
  const { session, ledger } = engine
  const generation = session.generation
  const sequence = engine.nextSequence()
  const before = ids.map((id) => ledger.of(id).state)
  for (const id of ids) ledger.sending(id, sequence)
  const outcome = await callFamily(engine, 'subscribe', ids)
  if (generation !== session.generation) return engine.schedule()
  engine.store.write((writer) => {
    if (outcome.ok) {
      const failures = new Map(readFailureResponse(outcome.value).map((failure) => [failure.userID, failure]))
      ids.forEach((id, index) => {
        const failure = failures.get(id)
        // Refused now, though an earlier subscribe whose reply was lost may have been applied.
        ledger.set(id, failure ? (before[index] === 'unknown' ? 'unknown' : 'absent') : 'present')
        ledger.refuse(id, !!failure)
        ledger.showError(id, null)
        writer.entry(id, { failure: failure ? failureToError(failure) : null })
        // A change between its last query and this subscribe would be missed: ask again, soon.
        if (!failure && engine.knowledge.of(id).querySeq < sequence) engine.recheckSoon(id)
      })
      engine.error.clear('subscribeUserStatus')
    } else {
      // Definite (3122, 72001): the server took nothing, though an earlier lost call may have been applied.
      if (outcome.kind === 'definite') for (const id of ids) ledger.refuse(id, true)
      afterFailure(engine, ids, before, outcome, 'subscribeUserStatus', (was) =>
        was === 'unknown' ? 'unknown' : 'absent',
      )
      if (isShown(outcome, engine.options)) for (const id of ids) ledger.showError(id, outcome.error)
      if (outcome.error.code === PLAN_REFUSED) retryPlan(engine, 'subscribe', ids)
    }
    engine.settleAll(ids)
  })
}

/** Sends one unsubscribe for `ids` (`all`: of everything the session holds) and records what it came to. */
export async function unsubscribe(engine: Engine, ids: string[], all: boolean): Promise<void> {
  const { session, ledger } = engine
  const generation = session.generation
  const before = ids.map((id) => ledger.of(id).state)
  for (const id of ids) ledger.set(id, 'unsubscribing')
  const outcome = await callFamily(engine, 'unsubscribe', all ? undefined : ids)
  if (generation !== session.generation) return engine.schedule()
  engine.store.write(() => {
    if (outcome.ok) {
      const now = engine.options.clock.now()
      ids.forEach((id, index) => {
        // Its status was live until now.
        if (before[index] === 'present') engine.knowledge.liveUntil(id, now)
        ledger.set(id, 'absent')
      })
      engine.error.clear('unsubscribeUserStatus')
    } else {
      // Definite (3122, 72001): the server holds nothing this engine could undo.
      afterFailure(engine, ids, before, outcome, 'unsubscribeUserStatus', () => 'absent')
    }
    engine.settleAll(ids)
  })
}
