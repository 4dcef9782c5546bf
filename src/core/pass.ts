/**
 * One pass of the engine: rank what wants a subscription, make room at the cap, and send what the planner plans
 * within the budgets; then set the timer for what waits. Every event (retain, release, answer, failure, login,
 * logout, reconnect, timer) ends in a pass, so there is no special recovery path: after a lost reply, a remount or
 * a teardown under faults, the same loop converges.
 */
import { compareRank } from './demand'
import type { Engine } from './engine'
import { nextWake, type PlanInput, plan } from './planner'
import { query } from './queries'
import { detach } from './sdkEvents'
import { graceToEnd } from './subscriptionCap'
import { subscribe, unsubscribe } from './subscriptions'
import { type ApiFamily, FAMILIES } from './types'

/** What the planner reads, as things stand. */
export function planInput(engine: Engine): PlanInput {
  const { options, families, ledger, demand } = engine
  const budget = (family: ApiFamily) => families[family].available()
  const since = (family: ApiFamily) => families[family].waitingSince
  return {
    now: options.clock.now(),
    limits: {
      query: families.query.limit,
      subscribe: families.subscribe.limit,
      unsubscribe: families.unsubscribe.limit,
    },
    budget: { query: budget('query'), subscribe: budget('subscribe'), unsubscribe: budget('unsubscribe') },
    callsPerWindow: options.rateLimit.calls,
    windowMs: options.rateLimit.perMs + options.rateLimit.marginMs,
    lastSent: {
      query: families.query.lastSend(),
      subscribe: families.subscribe.lastSend(),
      unsubscribe: families.unsubscribe.lastSend(),
    },
    cap: options.maxSubscriptions,
    held: ledger.held,
    wantedLive: engine.cap.wanted,
    subscribing: families.subscribe.inFlight,
    work: engine.work.sets,
    waitingSince: { query: since('query'), subscribe: since('subscribe'), unsubscribe: since('unsubscribe') },
    serverOf: (id) => ledger.of(id).state,
    priorityOf: (id) => demand.of(id).priority,
  }
}

/** Takes planned IDs out of the work and sends their call (`all`: an unsubscribe of everything). */
export function send(engine: Engine, family: ApiFamily, ids: string[], all = false): void {
  engine.work.take(family, ids)
  if (family === 'query') void query(engine, ids)
  else if (family === 'subscribe') void subscribe(engine, ids)
  else void unsubscribe(engine, ids, all)
}

export function pass(engine: Engine): void {
  const { demand, families } = engine
  let fillDue: number | null = null
  engine.store.write(() => {
    if (!engine.session.ready) return
    for (const hook of engine.beforePass) hook()
    const byRank = (a: string, b: string) => compareRank(demand.of(a), demand.of(b))
    for (const id of engine.cap.rank(engine.options.maxSubscriptions, byRank)) engine.settle(id)
    // One input serves the whole pass: the work sets in it are live, and ending a grace moves no count it holds.
    const input = planInput(engine)
    for (const id of graceToEnd(input, engine.ledger.leaving, demand.graceOrder())) {
      demand.endGrace(id)
      engine.settle(id)
    }
    const calls = plan(input)
    fillDue = calls.fillDue
    for (const family of FAMILIES) families[family].waitingSince = calls.waitingSince[family]
    for (const ids of calls.unsubscribe) send(engine, 'unsubscribe', ids, calls.unsubscribeAll)
    for (const ids of calls.subscribe) send(engine, 'subscribe', ids)
    for (const ids of calls.query) send(engine, 'query', ids)
  })
  // Work held back by budget or a fill wait comes back when it can go; work held back by something else (the cap,
  // readiness) is woken by what frees it.
  const delayOf = (family: ApiFamily, free?: number) => families[family].delay(free)
  engine.wakeIn(engine.session.ready ? nextWake(planInput(engine), fillDue, delayOf) : null)
  const busy = families.subscribe.inFlight + families.unsubscribe.inFlight
  if (engine.users === 0 && engine.ledger.held === 0 && busy === 0) detach(engine)
}
