/** Queries of others' statuses, and what their answers mean. */
import { type CallOutcome, callFamily } from './calls'
import type { Engine } from './engine'
import { failureToError, StatusError } from './errors'
import { isShown, PLAN_REFUSED } from './failurePolicy'
import { retryPlan } from './planRetry'
import { readQueryResponse } from './responses'
import { onNotReadyError } from './sdkEvents'

/** Sends one query for `ids` and records what it came to. */
export async function query(engine: Engine, ids: string[]): Promise<void> {
  const { session, knowledge } = engine
  const generation = session.generation
  const sentAfterPush = engine.pushes
  knowledge.sending(ids, engine.nextSequence())
  const outcome = await callFamily(engine, 'query', ids)
  // Sent before a logout, or before the engine stopped: the answer is of no use now (a pass still looks whether
  // the engine can stop listening, now that the call is done).
  if (generation !== session.generation) return engine.schedule()
  knowledge.sent(ids)
  engine.store.write(() => {
    if (outcome.ok) answer(engine, ids, outcome.value, sentAfterPush)
    else failQuery(engine, ids, outcome)
    engine.settleAll(ids)
  })
}

/** `id` is answered (`error` undefined) or failed for good: the `fetch()` callers waiting for it are told. */
export function tellWaiters(engine: Engine, id: string, error?: StatusError): void {
  engine.settleAll(engine.waiters.settle(id, error))
}

function answer(engine: Engine, ids: string[], response: unknown, sentAfterPush: number): void {
  const { knowledge } = engine
  const { success, failures } = readQueryResponse(response)
  const asked = new Set(ids)
  const answered = new Set<string>()
  const now = engine.options.clock.now()
  engine.store.write((writer) => {
    for (const item of [...success, ...failures]) {
      const id = item.userID
      if (!asked.has(id)) continue
      answered.add(id)
      // A push that arrived after this call was sent is newer than its answer.
      const pushedSince = knowledge.of(id).pushSeq > sentAfterPush
      knowledge.answered(id, now)
      if ('code' in item) writer.entry(id, { failure: failureToError(item) })
      else engine.guard.show(writer, id, pushedSince ? undefined : item, now, { failure: null })
    }
  })
  for (const id of answered) tellWaiters(engine, id)
  engine.error.clear('getUserStatus')
  if (answered.size === ids.length) return
  if (answered.size > 0) {
    // The rest are still not fresh, so they are asked again. When the SDK answered exactly the first IDs, its
    // limit was lowered by its cloud config and it dropped the rest: keep to what it took (until the next login).
    if (ids.slice(0, answered.size).every((id) => answered.has(id)))
      engine.families.query.lowerLimit(answered.size)
    return
  }
  const error = new StatusError(
    0,
    process.env.NODE_ENV !== 'production' ? 'getUserStatus answered none of the IDs asked for' : 'no answer',
  )
  for (const id of ids) {
    knowledge.failed(id, error, now)
    tellWaiters(engine, id, error)
  }
}

function failQuery(engine: Engine, ids: string[], outcome: CallOutcome<unknown> & { ok: false }): void {
  const { error, kind } = outcome
  if (kind === 'not-ready') {
    onNotReadyError(engine, error)
    return
  }
  const shown = isShown(outcome, engine.options)
  // The feature is unavailable: a definite answer, fresh for staleTimeMs, so remounts do not ask again.
  const definiteAt = kind === 'definite' ? engine.options.clock.now() : undefined
  for (const id of ids) engine.knowledge.failed(id, shown ? error : null, definiteAt)
  if (shown) {
    for (const id of ids) tellWaiters(engine, id, error)
    engine.error.show('getUserStatus', error)
  }
  if (error.code === PLAN_REFUSED) retryPlan(engine, 'query', ids)
}
