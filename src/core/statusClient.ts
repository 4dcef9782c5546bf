import type { StoreApi } from 'zustand/vanilla'
import { RTS_ERROR, StatusError } from './errors'
import { Holdings } from './holdings'
import { resolveOptions } from './options'
import { engineFor } from './registry'
import { fetchStatuses, refetch } from './requests'
import type { TimLike } from './sdk'
import type { ResolvedOptions, StatusClientOptions, StatusState, UserEntry, UserStatus } from './types'
import { validateUserIDs } from './validate'

/** What `retain` registers. */
export interface RetainOptions {
  /** Also subscribe to live changes (reference-counted across every client of the SDK instance). Default false. */
  subscribe?: boolean
  /**
   * `true` (default): keep the statuses known and fresh: fetched when not, and asked again before they go stale
   * (`staleTimeMs`) while not subscribed. `'once'`: fetched if never fetched, then kept as they are (pushes still
   * apply) and not forgotten while retained; for prefetching a list. `'spare'`: asked only in the spare room of
   * queries sent anyway, while not fresh, never in a call of its own (a row mounted but not yet on screen).
   * `false`: nothing fetched (`useSubscription`).
   */
  fetch?: boolean | 'once' | 'spare'
  /**
   * Rank among the IDs wanted live when they are more than `maxSubscriptions`, and in the queue of queries: higher
   * first, then the most recently retained. A number >= 0; default 0.
   */
  priority?: number
}

/** What `fetch` does. */
export interface FetchOptions {
  /** Ask the SDK even when the status is known and fresh. Default false. */
  force?: boolean
}

/**
 * A client of the presence engine of one SDK instance. Every client on the same instance (every provider, and
 * every `createStatusClient(tim)`) shares one engine: one store, one budget per API family, one set of
 * subscriptions. Framework-agnostic.
 */
export interface StatusClient {
  readonly tim: TimLike
  /** The options of the engine (those of the first client made on this SDK instance). */
  readonly options: ResolvedOptions
  /** The zustand vanilla store of the engine. */
  readonly store: StoreApi<StatusState>
  /**
   * Starts listening to the SDK (through the engine) and finds out whether it is ready. Returns the stop, which
   * lets go of everything this client retained; start/stop pairs may nest (React StrictMode).
   */
  start(): () => void
  getState(): StatusState
  /** The entry of one ID (a shared empty entry when nothing is known). */
  getEntry(userID: string): UserEntry
  /** Listens to changes of one ID's entry only. */
  subscribeEntry(userID: string, listener: () => void): () => void
  /** Listens to changes of one ID's status only (not of its `fetching`, `subscription` or errors): a badge. */
  subscribeStatus(userID: string, listener: () => void): () => void
  getStatus(userID: string): UserStatus | undefined
  /**
   * Registers interest in IDs: statuses not known and fresh are fetched (batched), and with `subscribe` the IDs
   * are subscribed. Returns the release. Throws a `StatusError` for bad IDs, before anything is sent.
   */
  retain(userIDs: readonly string[], options?: RetainOptions): () => void
  /** Fetches statuses (batched with every other request of this task); resolves with them by ID. */
  fetch(userIDs: readonly string[], options?: FetchOptions): Promise<Record<string, UserStatus | undefined>>
  /** Fetches again and tries again refused subscriptions of these IDs. */
  refetch(userIDs: readonly string[]): Promise<Record<string, UserStatus | undefined>>
  /** Sets the own custom status (at most 100 UTF-8 bytes; `''` clears). Not rate limited, no plan needed. */
  setSelfStatus(customStatus: string): Promise<UserStatus>
  clearSelfStatus(): Promise<UserStatus>
  /** Stops for good: what it retained is let go, its waiting promises reject with `RTS_ERROR.DESTROYED`. */
  destroy(): void
}

function isTimLike(tim: unknown): tim is TimLike {
  if (typeof tim !== 'object' || tim === null) return false
  const methods = [
    'on',
    'off',
    'getUserStatus',
    'subscribeUserStatus',
    'unsubscribeUserStatus',
    'setSelfStatus',
  ]
  return methods.every((name) => typeof (tim as Record<string, unknown>)[name] === 'function')
}

const FETCH_VALUES: readonly unknown[] = [undefined, true, false, 'once', 'spare']

/** `retain`'s `fetch` and `subscribe`, checked (a typo such as `fetch: 'spares'` is not silently a fetch). */
function checkRetainOptions(options: RetainOptions | undefined): void {
  const fetch = options?.fetch
  const subscribe = options?.subscribe
  const goodFetch = FETCH_VALUES.includes(fetch)
  if (goodFetch && (subscribe === undefined || typeof subscribe === 'boolean')) return
  throw new StatusError(
    RTS_ERROR.INVALID_ARGUMENT,
    process.env.NODE_ENV !== 'production'
      ? goodFetch
        ? `retain: subscribe must be a boolean, got ${String(subscribe)}`
        : `retain: fetch must be true, false, 'once' or 'spare', got ${String(fetch)}`
      : 'retain: bad options',
  )
}

function checkPriority(priority: unknown): number {
  if (priority === undefined) return 0
  if (typeof priority === 'number' && Number.isFinite(priority) && priority >= 0) return priority
  throw new StatusError(
    RTS_ERROR.INVALID_ARGUMENT,
    process.env.NODE_ENV !== 'production'
      ? `retain: priority must be a number >= 0, got ${String(priority)}`
      : 'retain: bad priority',
  )
}

/**
 * A client of the engine of `tim` (`tim-js-sdk` >= 2.21 or `@tencentcloud/chat` 3.x), made on first use and shared
 * by every client of that instance. Nothing is listened to or sent until a client starts.
 */
export function createStatusClient(tim: TimLike, options?: StatusClientOptions): StatusClient {
  if (!isTimLike(tim)) {
    throw new StatusError(
      RTS_ERROR.INVALID_ARGUMENT,
      process.env.NODE_ENV !== 'production'
        ? 'createStatusClient: tim must be an SDK instance from TIM.create() or TencentCloudChat.create() (it lacks on/off/getUserStatus/subscribeUserStatus/unsubscribeUserStatus/setSelfStatus)'
        : 'createStatusClient: bad tim',
    )
  }
  const engine = engineFor(tim, resolveOptions(options))
  const { store } = engine
  const holdings = new Holdings(engine)
  const client: StatusClient = {
    tim,
    options: engine.options,
    store: store.store,
    start: () => holdings.start(),
    getState: () => store.store.getState(),
    getEntry: (id) => store.getEntry(id),
    subscribeEntry: (id, listener) => store.subscribeEntry(id, listener),
    subscribeStatus: (id, listener) => store.subscribeStatus(id, listener),
    getStatus: (id) => store.getEntry(id).status,
    retain(userIDs, retainOptions) {
      const ids = validateUserIDs(userIDs, 'retain')
      checkRetainOptions(retainOptions)
      const priority = checkPriority(retainOptions?.priority)
      const subscribe = retainOptions?.subscribe === true
      const keep = retainOptions?.fetch === 'once'
      const spare = retainOptions?.fetch === 'spare'
      const fetch = retainOptions?.fetch !== false && !keep && !spare
      return holdings.retain(ids, { fetch, keep, spare, subscribe, priority })
    },
    async fetch(userIDs, fetchOptions) {
      const ids = validateUserIDs(userIDs, 'fetch')
      holdings.alive()
      return fetchStatuses(engine, ids, fetchOptions?.force === true, holdings.waiters)
    },
    async refetch(userIDs) {
      const ids = validateUserIDs(userIDs, 'refetch')
      holdings.alive()
      return refetch(engine, ids, holdings.waiters)
    },
    async setSelfStatus(customStatus) {
      holdings.alive()
      return engine.self.set(customStatus)
    },
    clearSelfStatus: () => client.setSelfStatus(''),
    destroy: () => holdings.destroy(),
  }
  return client
}
