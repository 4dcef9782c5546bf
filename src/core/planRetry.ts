/**
 * A 3122 may come before the SDK has loaded the plan (about 1 s after login): the IDs it refused are tried again
 * after a while, `PLAN_RETRIES` times per login, and refusals that come meanwhile join the retry already set. The
 * one home of that rule, for queries and subscribes alike.
 */
import type { Engine } from './engine'
import { PLAN_RETRIES, planRetryDelay } from './failurePolicy'

export function retryPlan(engine: Engine, family: 'query' | 'subscribe', ids: readonly string[]): void {
  const attempt = engine.families[family].planRetry(ids, PLAN_RETRIES)
  if (attempt === 0) return
  engine.timers.later(
    () => {
      const waiting = engine.families[family].takePlanWaiting()
      for (const id of waiting) {
        // A query asks again; a subscribe is no longer taken as refused.
        if (family === 'query') engine.knowledge.invalidate(id)
        else engine.ledger.refuse(id, false)
      }
      engine.settleAll(waiting)
    },
    planRetryDelay(engine.options, attempt),
  )
}
