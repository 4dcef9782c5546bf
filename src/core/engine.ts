/**
 * The presence engine of ONE SDK instance, shared by every provider and `createStatusClient` on it (see
 * `registry.ts`): the imperative shell around the pure decisions. It holds the state owners (demand, what the
 * server holds, what is known, budgets, the session), files each changed ID into the work (`decide`), runs one
 * pass per task that sends what the planner plans, and sets a timer for the next time something can go.
 */
import { AnswerHold, type CallOutcome, runCall } from './calls'
import { decide, isFresh, wantsSubscription } from './decide'
import { compareRank, Demand } from './demand'
import { createDueQueue, type DueQueue } from './dueQueue'
import { Family } from './family'
import { Knowledge } from './knowledge'
import { LiveSet } from './liveSet'
import { graceToEnd, nextWake, type PerFamily, type PlanInput, plan } from './planner'
import { query } from './queries'
import type { TimLike } from './sdk'
import { detach, type SdkHandlers } from './sdkEvents'
import { OwnStatus } from './selfStatus'
import { ServerLedger } from './serverLedger'
import { Session } from './session'
import { ShownError } from './shownError'
import { createStatusStore } from './statusStore'
import { subscribe, unsubscribe } from './subscriptions'
import type { ApiFamily, ResolvedOptions } from './types'
import { Waiters } from './waiters'
import { WorkBook } from './workBook'

/** The SDK method of each API family. */
const API = {
  query: 'getUserStatus',
  subscribe: 'subscribeUserStatus',
  unsubscribe: 'unsubscribeUserStatus',
} as const
export const FAMILIES = ['query', 'subscribe', 'unsubscribe'] as const

/** How long after its subscribe an ID queried before it is asked again. */
const RECHECK_MS = 250

export class Engine {
  readonly store = createStatusStore((id) => {
    if (this.#ids.has(id)) this.settle(id)
  })
  readonly session = new Session()
  readonly ledger = new ServerLedger()
  readonly knowledge = new Knowledge()
  readonly waiters = new Waiters()
  readonly live = new LiveSet()
  /** The whole-call failure shown as the store's `error`. */
  readonly error = new ShownError(this.store)
  readonly demand: Demand
  readonly work: WorkBook
  readonly families: PerFamily<Family>
  readonly hold: AnswerHold
  /** The own status: its query and `setSelfStatus`. */
  readonly self: OwnStatus
  /** Run before each pass (the look-ahead of prefetched lists moves its windows). */
  readonly beforePass = new Set<() => void>()
  /** Idle IDs, forgotten `gcTimeMs` after they became idle: one timer, armed only while one is waiting. */
  readonly #collectable: DueQueue<string>
  /** Timers of the session, cancelled when it ends (3122 retries, readiness probes). */
  readonly #timers = new Set<unknown>()
  /** Every ID the engine keeps something about, until it is forgotten. */
  readonly #ids = new Set<string>()
  #waitTimer: unknown = null
  #scheduled = false
  /** The handlers given to the SDK while listening to it (`off` needs the functions `on` got). */
  #handlers: SdkHandlers | null = null
  #users = 0
  #queryLimit: number
  #sequence = 0
  #pushes = 0

  constructor(
    readonly tim: TimLike,
    readonly options: ResolvedOptions,
  ) {
    const { clock, staleTimeMs } = options
    this.#queryLimit = options.limits.query
    this.self = new OwnStatus(this)
    this.families = {
      query: new Family(options),
      subscribe: new Family(options),
      unsubscribe: new Family(options),
    }
    this.hold = new AnswerHold(clock, this.store, () =>
      FAMILIES.reduce((n, f) => n + this.families[f].inFlight, 0),
    )
    // Released IDs come due one by one (a scrolled list): waiting a moment past the first lets one unsubscribe
    // carry all that came due meanwhile. Later than the grace is allowed; earlier is not.
    this.demand = new Demand(clock, Math.min(1000, options.unsubscribeDelayMs / 5), (ids) =>
      this.settleAll(ids),
    )
    const stale = (ids: string[]) => {
      const from = clock.now() - staleTimeMs
      for (const id of ids) this.knowledge.staleFrom(id, from)
      this.settleAll(ids)
    }
    const recheck = (ids: string[]) => {
      for (const id of ids) {
        if (this.knowledge.of(id).querySeq < this.ledger.of(id).sequence) this.knowledge.invalidate(id)
      }
      this.settleAll(ids)
    }
    this.work = new WorkBook(clock, staleTimeMs, stale, recheck)
    this.#collectable = createDueQueue(clock, 0, (ids) => this.#collect(ids))
  }

  /** Started clients. While none is and nothing is held on the server, the engine listens to nothing. */
  get users(): number {
    return this.#users
  }

  /** A client started (`+1`) or stopped (`-1`). */
  addUser(delta: 1 | -1): void {
    this.#users += delta
  }

  /** Listening to the SDK: passes run. */
  get attached(): boolean {
    return this.#handlers !== null
  }

  /**
   * Notes the handlers given to the SDK (null: it stops listening); returns those it had. Idle IDs are collected
   * only while it listens: a stopped engine sets no timer.
   */
  listen(handlers: SdkHandlers | null): SdkHandlers | null {
    const had = this.#handlers
    this.#handlers = handlers
    if (handlers === null) this.#collectable.clear()
    else if (had === null) this.settleAll(this.ids())
    return had
  }

  /** IDs per query; lowered when the SDK's cloud config lowered its own limit (until the session ends). */
  get queryLimit(): number {
    return this.#queryLimit
  }

  lowerQueryLimit(limit: number): void {
    this.#queryLimit = Math.min(this.#queryLimit, limit)
  }

  /** Sequence numbers of the calls sent, and of the pushes heard. */
  nextSequence(): number {
    return ++this.#sequence
  }

  nextPush(): number {
    return ++this.#pushes
  }

  get pushes(): number {
    return this.#pushes
  }

  /** Brings one ID's work and store entry level with what is wanted and believed of it. O(1); sends nothing. */
  settle(id: string): void {
    const { demand, ledger, knowledge, session, options } = this
    const want = demand.of(id)
    const subscription = ledger.of(id)
    const known = knowledge.of(id)
    const isMe = id === session.userID
    this.#ids.add(id)
    this.live.note(id, wantsSubscription({ live: want.live, refused: subscription.refused, isMe }))
    const decision = decide(
      {
        isMe,
        ready: session.ready,
        fetchers: want.fetchers,
        live: want.live,
        keepers: want.keepers,
        waiting: this.waiters.has(id),
        inGrace: demand.inGrace(id),
        inLiveSet: this.live.has(id),
        server: subscription.state,
        refused: subscription.refused,
        freshAt: known.freshAt,
        querying: known.querying,
        queryFailed: known.error !== null,
      },
      options.clock.now(),
      options.staleTimeMs,
    )
    this.work.file(id, decision)
    if (decision.forgetSubscribeError) ledger.showError(id, null)
    this.store.derive(id, decision.subscription, decision.fetching, ledger.of(id).error ?? known.error)
    if (!this.isIdle(id)) this.#collectable.delete(id)
    else if (this.attached && !this.#collectable.has(id)) {
      this.#collectable.set(id, options.clock.now() + options.gcTimeMs)
    }
    this.schedule()
  }

  /** Every ID the engine keeps something about (a copy: settling may add some). */
  ids(): string[] {
    return [...this.#ids]
  }

  knows(id: string): boolean {
    return this.#ids.has(id)
  }

  /** Settles IDs in one store write. */
  settleAll(ids: Iterable<string>): void {
    this.store.write(() => {
      for (const id of ids) this.settle(id)
    })
  }

  /** Nothing about the ID matters any more: no demand, nothing held or in flight, nobody waiting. */
  isIdle(id: string): boolean {
    return (
      this.demand.isIdle(id) &&
      !this.waiters.has(id) &&
      this.ledger.of(id).state === 'absent' &&
      !this.knowledge.of(id).querying
    )
  }

  /** Whether the status of `id` is known and fresh. */
  isFresh(id: string): boolean {
    const { freshAt } = this.knowledge.of(id)
    const { clock, staleTimeMs } = this.options
    return isFresh({ freshAt, server: this.ledger.of(id).state }, clock.now(), staleTimeMs)
  }

  /** Asks again soon for an ID subscribed after its last query was sent (a change may have come in between). */
  recheckSoon(id: string): void {
    this.work.recheck(id, this.options.clock.now() + RECHECK_MS)
  }

  /** Forgets idle IDs, and their store entries, unless someone still reads them. */
  #collect(ids: string[]): void {
    this.store.write((writer) => {
      for (const id of ids) {
        // Kept while someone reads it (its last reader going settles it again), and the own ID while logged in
        // (pushes keep it live; the logout settles it again).
        if (!this.isIdle(id) || this.store.isWatched(id) || id === this.session.userID) continue
        this.#ids.delete(id)
        this.demand.forget(id)
        this.knowledge.forget(id)
        this.ledger.forget(id)
        this.work.forget(id)
        writer.forget(id)
      }
    })
  }

  /** Runs a pass after the current task, so that every change of the task is sent together. */
  schedule(): void {
    if (this.#scheduled || !this.attached) return
    this.#scheduled = true
    this.options.batchScheduleFn(() => this.pass())
  }

  /** What the planner reads, as things stand. */
  planInput(): PlanInput {
    const { options, families, ledger, demand } = this
    const budget = (family: ApiFamily) => families[family].available()
    const since = (family: ApiFamily) => families[family].waitingSince
    return {
      now: options.clock.now(),
      limits: { ...options.limits, query: this.#queryLimit },
      budget: { query: budget('query'), subscribe: budget('subscribe'), unsubscribe: budget('unsubscribe') },
      callsPerWindow: options.rateLimit.calls,
      cap: options.maxSubscriptions,
      held: ledger.held,
      wantedLive: this.live.wanted,
      subscribing: families.subscribe.inFlight,
      work: this.work.sets,
      waitingSince: {
        query: since('query'),
        subscribe: since('subscribe'),
        unsubscribe: since('unsubscribe'),
      },
      serverOf: (id) => ledger.of(id).state,
      priorityOf: (id) => demand.of(id).priority,
    }
  }

  /** One pass: ranks, makes room at the cap, and sends what the planner plans within the budgets. */
  pass(): void {
    this.#scheduled = false
    if (!this.attached) return
    let fillDue: number | null = null
    this.store.write(() => {
      if (!this.session.ready) return
      for (const hook of this.beforePass) hook()
      const byRank = (a: string, b: string) => compareRank(this.demand.of(a), this.demand.of(b))
      for (const id of this.live.rank(this.options.maxSubscriptions, byRank)) this.settle(id)
      for (const id of graceToEnd(this.planInput(), this.ledger.leaving, this.demand.graceOrder())) {
        this.demand.endGrace(id)
        this.settle(id)
      }
      const calls = plan(this.planInput())
      fillDue = calls.fillDue
      for (const family of FAMILIES) this.families[family].waitingSince = calls.waitingSince[family]
      for (const ids of calls.unsubscribe) this.send('unsubscribe', ids, calls.unsubscribeAll)
      for (const ids of calls.subscribe) this.send('subscribe', ids)
      for (const ids of calls.query) this.send('query', ids)
    })
    this.#armWait(fillDue)
    const { families } = this
    const busy = families.subscribe.inFlight + families.unsubscribe.inFlight
    if (this.#users === 0 && this.ledger.held === 0 && busy === 0) detach(this)
  }

  /** Takes planned IDs out of the work and sends their call (`all`: an unsubscribe of everything). */
  send(family: ApiFamily, ids: string[], all = false): void {
    this.work.take(family, ids)
    if (family === 'query') void query(this, ids)
    else if (family === 'subscribe') void subscribe(this, ids)
    else void unsubscribe(this, ids, all)
  }

  /** When some work waits only for budget or to fill a call, comes back once it can go. */
  #armWait(fillDue: number | null): void {
    const { clock } = this.options
    if (this.#waitTimer !== null) clock.clearTimeout(this.#waitTimer)
    this.#waitTimer = null
    if (!this.session.ready) return
    const families = this.families
    const wait = nextWake(this.planInput(), fillDue, (family, free) => families[family].delay(free))
    if (wait === null) return
    this.#waitTimer = clock.setTimeout(() => {
      this.#waitTimer = null
      this.pass()
    }, wait)
  }

  /** Sends one call of `family` for these IDs (none: the unsubscribe of everything) through the failure policy. */
  async call(family: ApiFamily, userIDList?: string[]): Promise<CallOutcome<unknown>> {
    const api = API[family]
    const sentAt = this.hold.noteSend()
    const method = this.tim[api] as (options: { userIDList?: string[] }) => Promise<unknown>
    const outcome = await runCall(
      this.families[family],
      api,
      () => method.call(this.tim, { userIDList }),
      userIDList,
    )
    this.hold.landed(sentAt)
    return outcome
  }

  /** Runs `fn` after `ms`, unless the session ends first. */
  later(fn: () => void, ms: number): void {
    const { clock } = this.options
    const timer = clock.setTimeout(() => {
      this.#timers.delete(timer)
      fn()
    }, ms)
    this.#timers.add(timer)
  }

  /** The session began or ended: the timers of the old one go, and budgets' retries start again. */
  newSession(): void {
    const { clock } = this.options
    for (const timer of this.#timers) clock.clearTimeout(timer)
    this.#timers.clear()
    if (this.#waitTimer !== null) clock.clearTimeout(this.#waitTimer)
    this.#waitTimer = null
    this.work.clearTimers()
    this.#queryLimit = this.options.limits.query
    for (const family of FAMILIES) this.families[family].newSession()
  }
}
