/**
 * The presence engine of ONE SDK instance, shared by every provider and `createStatusClient` on it (see
 * `registry.ts`): the imperative shell around the pure decisions. It holds the state owners (demand, what the
 * server holds, what is known, budgets, the session), files each changed ID into the work (`decide`), runs one
 * pass per task that sends what the planner plans, and sets a timer for the next time something can go.
 */
import { AnswerHold } from './calls'
import { Collector } from './collector'
import { decide, isFresh, isIdle, wantsSubscription } from './decide'
import { Demand } from './demand'
import { Family } from './family'
import { FlapGuard } from './flapGuard'
import { Knowledge } from './knowledge'
import type { PerFamily } from './planner'
import type { OwnStatusPort, Shell } from './ports'
import type { SdkHandlers, TimLike } from './sdk'
import { ServerLedger } from './serverLedger'
import { Session } from './session'
import { SessionTimers } from './sessionTimers'
import { ShownError } from './shownError'
import { createStatusStore } from './statusStore'
import { SubscriptionCap } from './subscriptionCap'
import { FAMILIES, type ResolvedOptions } from './types'
import { Waiters } from './waiters'
import { WorkBook } from './workBook'

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
  readonly cap = new SubscriptionCap()
  /** The whole-call failure shown as the store's `error`. */
  readonly error = new ShownError(this.store)
  readonly demand: Demand
  readonly work: WorkBook
  readonly families: PerFamily<Family>
  readonly hold: AnswerHold
  /** The own status: its query and `setSelfStatus`. */
  readonly self: OwnStatusPort
  /** Run before each pass (the look-ahead of prefetched lists moves its windows). */
  readonly beforePass = new Set<() => void>()
  /** Timers of the session, cancelled when it ends (3122 retries, readiness probes, the wait for budget). */
  readonly timers: SessionTimers
  readonly #collector: Collector
  /** The flap guard: answers and pushes of other users are shown through it. */
  readonly guard: FlapGuard
  /** Every ID the engine keeps something about, until it is forgotten. */
  readonly #ids = new Set<string>()
  #scheduled = false
  /** The handlers given to the SDK while listening to it (`off` needs the functions `on` got). */
  #handlers: SdkHandlers | null = null
  readonly #pass: () => void
  #users = 0
  #sequence = 0
  #pushes = 0

  constructor(
    readonly tim: TimLike,
    readonly options: ResolvedOptions,
    shell: (engine: Engine) => Shell,
  ) {
    const { clock, staleTimeMs } = options
    const { pass, ownStatus } = shell(this)
    this.#pass = pass
    this.self = ownStatus
    this.families = {
      query: new Family(options, 'query'),
      subscribe: new Family(options, 'subscribe'),
      unsubscribe: new Family(options, 'unsubscribe'),
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
    this.timers = new SessionTimers(clock)
    this.guard = new FlapGuard(clock, options.offlineDelayMs, this.store, (id) => id === this.session.userID)
    this.#collector = new Collector(clock, options.gcTimeMs, (ids) => this.#forget(ids))
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
    if (handlers === null) this.#collector.clear()
    else if (had === null) for (const id of this.#ids) this.#collector.note(id, this.isIdle(id))
    return had
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
    this.cap.note(id, wantsSubscription(want, subscription, isMe))
    const situation = {
      isMe,
      ready: session.ready,
      waiting: this.waiters.has(id),
      inGrace: demand.inGrace(id),
      inLiveSet: this.cap.has(id),
    }
    const decision = decide(want, subscription, known, situation, options.clock.now(), options.staleTimeMs)
    this.work.file(id, decision)
    if (decision.forgetSubscribeError) ledger.showError(id, null)
    this.store.derive(id, decision.subscription, decision.fetching, ledger.of(id).error ?? known.error)
    this.#collector.note(id, this.attached && decision.idle)
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
    const situation = { waiting: this.waiters.has(id), inGrace: this.demand.inGrace(id) }
    return isIdle(this.demand.of(id), this.ledger.of(id), this.knowledge.of(id), situation)
  }

  /** Whether the status of `id` is known and fresh. */
  isFresh(id: string): boolean {
    const { clock, staleTimeMs } = this.options
    return isFresh(this.knowledge.of(id).freshAt, this.ledger.of(id).state, clock.now(), staleTimeMs)
  }

  /** Asks again soon for an ID subscribed after its last query was sent (a change may have come in between). */
  recheckSoon(id: string): void {
    this.work.recheck(id, this.options.clock.now() + RECHECK_MS)
  }

  /** Forgets idle IDs, and their store entries, unless someone still reads them. */
  #forget(ids: string[]): void {
    this.store.write((writer) => {
      for (const id of ids) {
        // Kept while someone reads it (its last reader going settles it again), and the own ID while logged in
        // (pushes keep it live; the logout settles it again).
        if (!this.isIdle(id) || this.store.isWatched(id) || id === this.session.userID) continue
        this.#ids.delete(id)
        this.guard.forget(id)
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
    this.options.batchScheduleFn(() => this.runPass())
  }

  /** Runs a pass now (see `pass.ts`), unless the engine stopped listening. */
  runPass(): void {
    this.#scheduled = false
    if (this.attached) this.#pass()
  }

  /** Comes back for work waiting for budget or to fill a call in `ms` (null: nothing waits for time). */
  wakeIn(ms: number | null): void {
    this.timers.wake(ms, () => this.runPass())
  }

  /** The session began or ended: the timers of the old one go, and budgets' retries start again. */
  newSession(): void {
    this.timers.cancel()
    this.work.clearTimers()
    for (const family of FAMILIES) this.families[family].newSession()
  }
}
