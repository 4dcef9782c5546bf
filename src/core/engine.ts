import { createDueQueue, type DueQueue } from './dueQueue'
import type { StatusError } from './errors'
import { type CallWatch, createFamily, type Family, PLAN_RETRIES, planRetryDelay } from './failurePolicy'
import type { KeptList } from './lists'
import { createPeer, NEVER, type Peer } from './peers'
import { settle } from './reconciler'
import type { TimLike } from './sdk'
import { createSession, type Session } from './session'
import { createStatusStore, type StatusStore } from './statusStore'
import type { ApiFamily, ResolvedOptions } from './types'

/** A `fetch()` call: settled once every one of its IDs is answered (one promise per call, not per ID). */
export interface Waiter {
  readonly ids: readonly string[]
  remaining: number
  resolve(): void
  reject(error: StatusError): void
}

/**
 * The presence engine of ONE SDK instance, shared by every provider and `createStatusClient` on it (see
 * `registry.ts`): the budgets, what the server is believed to hold, what is wanted, and the store. It outlives any
 * one client, because the server counts calls and subscriptions per SDK instance.
 */
export interface Engine {
  readonly tim: TimLike
  options: ResolvedOptions
  readonly store: StatusStore
  readonly session: Session
  readonly peers: Map<string, Peer>
  readonly families: Record<ApiFamily, Family>
  /** Peers that need a call of each family; the reconciler keeps these sets level with the peers' state. */
  readonly work: Record<ApiFamily, Set<Peer>>
  /** Peers whose server state is not `absent` (held, being subscribed or unsubscribed, or unknown). */
  held: number
  /** Of those, the ones being unsubscribed (room on its way). */
  leaving: number
  /** Peers that want a subscription (live retains, not the own ID, not refused). */
  wantedLive: number
  /** The top `maxSubscriptions` of them by rank while there are more than that; null: all of them. */
  liveSet: Set<Peer> | null
  rankDirty: boolean
  /** Peers in the grace after their last live release, oldest first. */
  readonly grace: DueQueue<Peer>
  /**
   * Peers wanted live but not subscribed (past the cap), due at 80 % of `staleTimeMs` and handed over by 100 %:
   * asked again before their status goes stale, together with the others of that stretch.
   */
  readonly stale: DueQueue<Peer>
  /** Peers subscribed after their last query was sent, to be asked again (a change may have come in between). */
  readonly recheck: DueQueue<Peer>
  /** Idle peers, by when they may be forgotten (`gcTimeMs`); swept on each pass, no timer. */
  readonly collectable: Map<Peer, number>
  readonly waiters: Map<string, Waiter[]>
  /** Timers of 3122 retries; cancelled on logout and detach. */
  readonly timers: Set<unknown>
  /** The timer that waits for budget (or for a query to fill, see `fillDue`). */
  waitTimer: unknown
  /** Lists of keep-once retains (prefetched lists), with the window kept live around what is on screen. */
  readonly lists: Set<KeptList>
  /** Peers retained at `ON_SCREEN` priority or above. */
  readonly onScreen: Set<Peer>
  /** What is on screen (or the lists) changed: windows may move on the next pass. */
  listsDirty: boolean
  /** When a call held back to fill (the budget is low) is sent anyway; null while none is. */
  fillDue: number | null
  /**
   * Peers asked for only by keep-once retains (a prefetched list) that were never answered: queried in list order
   * with the budget left above `KEEP_RESERVE`, so that what is on screen never waits for a prefetch.
   */
  readonly keepWork: Set<Peer>
  /** IDs per query; lowered when the SDK's cloud config lowered its own limit. */
  queryLimit: number
  /** Sequence of calls sent, of live retains, and of pushes. */
  sendSeq: number
  retainSeq: number
  pushSeq: number
  /** Started clients. While none is and nothing is held on the server, the engine listens to nothing. */
  users: number
  attached: boolean
  scheduled: boolean
  /** The API whose failure is shown as the store's `error` (its next success clears it). */
  errorApi: string | null
  /** A query of the own status is scheduled. */
  selfScheduled: boolean
  /** Sees the own status's calls (as `Family.watch` does a family's); unset unless a call log is attached. */
  watchSelf?: CallWatch | null
  /** While the store holds answers (see `holdStore`): told when another answer lands. */
  landed: (() => void) | null
  /** When the latest call was sent, and when the burst of calls it is part of began (see `noteSend`). */
  sentAt: number
  burstFrom: number
}

/** How long after its subscribe a peer queried before it is asked again, and how much later others may join. */
export const RECHECK_MS = 250
const RECHECK_SLACK_MS = 250

/** Makes the engine of one SDK instance. It listens to nothing until a client starts. */
export function createEngine(tim: TimLike, options: ResolvedOptions): Engine {
  const { clock, unsubscribeDelayMs } = options
  const engine: Engine = {
    tim,
    options,
    store: createStatusStore(),
    session: createSession(),
    peers: new Map(),
    families: {
      query: createFamily(options),
      subscribe: createFamily(options),
      unsubscribe: createFamily(options),
    },
    work: { query: new Set(), subscribe: new Set(), unsubscribe: new Set() },
    held: 0,
    leaving: 0,
    wantedLive: 0,
    liveSet: null,
    rankDirty: false,
    // Released IDs come due one by one (a scrolled list): waiting a moment past the first lets one unsubscribe
    // carry all that came due meanwhile. Later than the grace is allowed; earlier is not.
    grace: createDueQueue(clock, Math.min(1000, unsubscribeDelayMs / 5), (peers) => endGrace(engine, peers)),
    stale: createDueQueue(clock, options.staleTimeMs / 5, (peers) => {
      const stale = clock.now() - options.staleTimeMs
      for (const peer of peers) peer.freshAt = Math.min(peer.freshAt, stale)
      settleEach(engine, peers)
    }),
    // Subscribe replies of one window arrive over a few ms: asking again a moment later fills whole queries.
    recheck: createDueQueue(clock, RECHECK_SLACK_MS, (peers) => {
      for (const peer of peers) if (peer.querySeq < peer.subscribeSeq) peer.freshAt = NEVER
      settleEach(engine, peers)
    }),
    collectable: new Map(),
    waiters: new Map(),
    timers: new Set(),
    waitTimer: null,
    fillDue: null,
    keepWork: new Set(),
    lists: new Set(),
    onScreen: new Set(),
    listsDirty: false,
    queryLimit: options.limits.query,
    landed: null,
    sentAt: Number.NEGATIVE_INFINITY,
    burstFrom: Number.NEGATIVE_INFINITY,
    sendSeq: 0,
    retainSeq: 0,
    pushSeq: 0,
    users: 0,
    attached: false,
    scheduled: false,
    errorApi: null,
    selfScheduled: false,
  }
  return engine
}

/** The peer of an ID, made on first use. */
export function peerOf(engine: Engine, userID: string): Peer {
  let peer = engine.peers.get(userID)
  if (!peer) {
    peer = createPeer(userID)
    engine.peers.set(userID, peer)
  }
  return peer
}

/** Settles peers in one store write. */
export function settleEach(engine: Engine, peers: Iterable<Peer>): void {
  engine.store.write(() => {
    for (const peer of peers) settle(engine, peer)
  })
}

/** Settles every peer (after a login, logout or reconnect: the rare events that change every ID). */
export function settleAll(engine: Engine): void {
  settleEach(engine, engine.peers.values())
}

function endGrace(engine: Engine, peers: Peer[]): void {
  for (const peer of peers) peer.inGrace = false
  settleEach(engine, peers)
}

/** Cancels every timer of the engine (logout, detach). */
export function cancelTimers(engine: Engine): void {
  const { clock } = engine.options
  for (const timer of engine.timers) clock.clearTimeout(timer)
  engine.timers.clear()
  engine.recheck.clear()
  for (const family of Object.values(engine.families)) family.planWaiting = null
  if (engine.waitTimer !== null) clock.clearTimeout(engine.waitTimer)
  engine.waitTimer = null
  engine.fillDue = null
  for (const family of Object.values(engine.families)) family.waitingSince = null
  engine.stale.clear()
}

/** Shows a whole-call failure as the store's `error`. */
export function showError(engine: Engine, api: string, error: StatusError): void {
  engine.errorApi = api
  engine.store.write((w) => w.global({ error }))
}

/** A success of `api` clears the error it caused. */
export function clearError(engine: Engine, api: string): void {
  if (engine.errorApi !== api) return
  engine.errorApi = null
  engine.store.write((w) => w.global({ error: null }))
}

/**
 * A 3122 may come before the SDK has loaded the plan (about 1 s after login): the peers it refused are tried again
 * after a while, `PLAN_RETRIES` times per login. Refusals that come meanwhile join the retry already set.
 */
export function retryPlan(
  engine: Engine,
  family: ApiFamily,
  peers: readonly Peer[],
  reset: (peer: Peer) => void,
) {
  const state = engine.families[family]
  const joining = state.planWaiting
  if (joining) {
    for (const peer of peers) joining.add(peer)
    return
  }
  if (state.planRetries >= PLAN_RETRIES) return
  const waiting = new Set(peers)
  state.planWaiting = waiting
  const { clock } = engine.options
  const timer = clock.setTimeout(
    () => {
      engine.timers.delete(timer)
      state.planWaiting = null
      for (const peer of waiting) reset(peer)
      settleEach(engine, waiting)
    },
    planRetryDelay(engine.options, ++state.planRetries),
  )
  engine.timers.add(timer)
}

/** How long answers may wait for the calls sent with them: about a frame. */
const TOGETHER_MS = 16
/** The longest stretch of sends whose answers wait for each other (a long task's worth). */
const BURST_MAX_MS = 100

const callsInFlight = ({ families }: Engine) =>
  families.query.inFlight + families.subscribe.inFlight + families.unsubscribe.inFlight

/**
 * Notes a call sent now; returns the time. Calls sent less than `TOGETHER_MS` apart are one burst: a long task (a
 * list mounting thousands of rows) sends its full queries as it goes, and their answers land as far apart.
 */
export function noteSend(engine: Engine): number {
  const now = engine.options.clock.now()
  if (now - engine.sentAt > TOGETHER_MS) engine.burstFrom = now
  engine.sentAt = now
  return now
}

/**
 * Holds the store's writes until the other answers due now have landed, so that answers of several calls are one
 * update (one React commit): a 0 ms timer, or, while calls sent with them are still in flight, until the last of
 * those lands. A slow call never holds the others back longer than `TOGETHER_MS` plus how much later than this
 * answer's call the rest of its burst was sent (`BURST_MAX_MS` at most). `sentAt`: when this answer's call was sent.
 * Its timer is not one of `engine.timers`: it always runs, so the store always publishes.
 */
export function holdStore(engine: Engine, sentAt: number): void {
  const { clock } = engine.options
  // A hold is open: this answer may be the last one it waits for.
  engine.landed?.()
  const sentLater = sentAt >= engine.burstFrom ? engine.sentAt - sentAt : 0
  const wait = TOGETHER_MS + Math.min(BURST_MAX_MS, sentLater)
  engine.store.hold((release) => {
    const end = () => {
      engine.landed = null
      release()
    }
    let timer = clock.setTimeout(end, callsInFlight(engine) > 0 ? wait : 0)
    engine.landed = () => {
      if (callsInFlight(engine) > 0) return
      clock.clearTimeout(timer)
      timer = clock.setTimeout(end, 0)
    }
  })
}
