import type { StoreApi } from 'zustand/vanilla'
import { BatchQueue, type RetryOutcome } from './batchQueue'
import {
  failureToError,
  isFeatureUnavailable,
  isNotReady,
  isPlanError,
  isRetryable,
  PLAN_RETRIES,
  planRetryDelay,
  RTS_ERROR,
  StatusError,
  toStatusError,
} from './errors'
import { createRateLimiter, type RateLimiter } from './rateLimiter'
import { TIM_EVENT, TIM_NET_STATE, type TimLike } from './sdk'
import {
  callSdk,
  type ReadStatus,
  readProfileUserID,
  readQueryResponse,
  readSelfResponse,
  readStatus,
} from './sdkCall'
import { createStatusStore, type StatusStore } from './statusStore'
import { SubscriptionManager } from './subscriptionManager'
import type {
  ApiFamily,
  ResolvedOptions,
  StatusClientOptions,
  StatusState,
  UserEntry,
  UserStatus,
} from './types'
import { resolveOptions, validateCustomStatus, validateUserIDs } from './validate'

/** What `retain` registers. */
export interface RetainOptions {
  /** Also subscribe to live changes (reference-counted across the client). Default false. */
  subscribe?: boolean
  /** Fetch the statuses not known and fresh. Default true; `useSubscription` sets it false. */
  fetch?: boolean
}

/** What `fetch` does. */
export interface FetchOptions {
  /** Ask the SDK even when the status is known and fresh. Default false. */
  force?: boolean
}

/** The budget and the work of the client now, for dev tools and the playground. */
export interface StatusClientDebugInfo {
  ready: boolean
  userID: string | null
  /** Calls still allowed in the current rate-limit window, per API family. */
  budget: Record<ApiFamily, number>
  /** IDs waiting to be sent, per API family. */
  waiting: Record<ApiFamily, number>
  /** IDs subscribed in the backend now. */
  subscribed: readonly string[]
  /** IDs that some user of the client holds (retain). */
  inUse: readonly string[]
}

/**
 * The presence engine for one SDK instance: merges requests for user status into the fewest SDK calls, keeps
 * to the rate limits, reference-counts subscriptions, and keeps a store of statuses live through logins.
 * Framework-agnostic; `<StatusProvider>` makes one per SDK instance.
 */
export interface StatusClient {
  readonly tim: TimLike
  readonly options: ResolvedOptions
  /** The zustand vanilla store of this client. */
  readonly store: StoreApi<StatusState>
  /**
   * Starts listening to the SDK and finds out whether it is ready. Returns the function that stops it, which
   * also unsubscribes everything this client subscribed. Start/stop pairs may nest (React StrictMode).
   */
  start(): () => void
  getState(): StatusState
  /** The entry of one ID (a shared empty entry when nothing is known). */
  getEntry(userID: string): UserEntry
  /** Listens to changes of one ID's entry only. */
  subscribeEntry(userID: string, listener: () => void): () => void
  getStatus(userID: string): UserStatus | undefined
  /**
   * Registers interest in IDs: statuses not known and fresh are fetched (batched), and with `subscribe` the IDs
   * are subscribed. Returns the release. Throws a `StatusError` for bad IDs, before anything is sent.
   */
  retain(userIDs: readonly string[], options?: RetainOptions): () => void
  /** Fetches statuses (batched with every other request of this task); resolves with them by ID. */
  fetch(userIDs: readonly string[], options?: FetchOptions): Promise<Record<string, UserStatus | undefined>>
  /** Fetches again and retries failed subscriptions of these IDs. */
  refetch(userIDs: readonly string[]): Promise<Record<string, UserStatus | undefined>>
  /** Sets the own custom status (at most 100 UTF-8 bytes; `''` clears). Not rate limited, no plan needed. */
  setSelfStatus(customStatus: string): Promise<UserStatus>
  clearSelfStatus(): Promise<UserStatus>
  /** How many per-ID listeners were woken so far (for tests that count work). */
  readonly wakeCount: number
  debugInfo(): StatusClientDebugInfo
  /** Stops for good: listeners removed, subscriptions released, waiting promises rejected. */
  destroy(): void
}

/** One `fetch` call: settled when every one of its IDs is answered (one promise per call, not per ID). */
interface Waiter {
  remaining: number
  resolve: () => void
  reject: (error: StatusError) => void
}

type SdkHandler = (event: { name?: string; data?: unknown }) => void

function loginUserOf(tim: TimLike): string | undefined {
  if (typeof tim.getLoginUser !== 'function') return undefined
  try {
    const user = String(tim.getLoginUser() ?? '')
    return user === '' ? undefined : user
  } catch {
    return undefined
  }
}

function isTimLike(tim: unknown): tim is TimLike {
  if (typeof tim !== 'object' || tim === null) return false
  const t = tim as Record<string, unknown>
  return [
    'on',
    'off',
    'getUserStatus',
    'subscribeUserStatus',
    'unsubscribeUserStatus',
    'setSelfStatus',
  ].every((name) => typeof t[name] === 'function')
}

/**
 * Creates the engine for one SDK instance (`tim-js-sdk` >= 2.21 or `@tencentcloud/chat` 3.x). Nothing is
 * listened to or sent until `start()`.
 */
export function createStatusClient(tim: TimLike, options?: StatusClientOptions): StatusClient {
  if (!isTimLike(tim)) {
    throw new StatusError(
      RTS_ERROR.INVALID_ARGUMENT,
      'createStatusClient: tim must be an SDK instance from TIM.create() or TencentCloudChat.create() (it lacks on/off/getUserStatus/subscribeUserStatus/unsubscribeUserStatus/setSelfStatus)',
    )
  }
  const o = resolveOptions(options)
  const { clock } = o
  const s: StatusStore = createStatusStore()

  let ready = false
  let userID: string | null = null
  let generation = 0
  let probe = 0
  let starts = 0
  let destroyed = false
  let network: string = TIM_NET_STATE.CONNECTED
  /** Interest per ID (retain counts). */
  const interest = new Map<string, number>()
  /** Promises of `fetch` callers per ID. */
  const waiters = new Map<string, Waiter[]>()
  /** IDs in a query call now. */
  const inFlight = new Set<string>()
  /** When each ID's status was last fetched or pushed. */
  const freshAt = new Map<string, number>()
  /** Sequence number of the last push per ID, so a query answer never overwrites a newer push. */
  const pushSeq = new Map<string, number>()
  let seq = 0
  let queryAttempts = 0
  let queryPlanRetries = 0
  let selfInFlight: Promise<void> | null = null
  let queryLimit = o.limits.query

  const retryDelay = (attempt: number) => Math.min(o.retryMaxDelayMs, o.retryDelayMs * 2 ** (attempt - 1))

  let errorApi: string | null = null
  // The client's error is the last whole-call failure; a success of the API that caused it clears it.
  const reportError = (api: string, error: StatusError | null) => {
    if (error === null && errorApi !== api) return
    errorApi = error === null ? null : api
    s.write((w) => w.global({ error }))
  }

  const settle = (id: string, error?: StatusError) => {
    const list = waiters.get(id)
    if (!list) return
    waiters.delete(id)
    for (const waiter of list) {
      if (error) waiter.reject(error)
      else if (--waiter.remaining === 0) waiter.resolve()
    }
  }

  // An answer is fresh for staleTimeMs, and so is a definite failure (a per-ID failure, 3122, 72001), so that
  // remounting badges of a missing user or with the feature off does not ask again and again; refetch() forces.
  const isFresh = (id: string) => {
    const entry = s.getEntry(id)
    if (entry.status === undefined && entry.failure === null && !isFeatureUnavailable(entry.error))
      return false
    if (entry.status !== undefined && entry.subscription === 'subscribed') return true
    const at = freshAt.get(id)
    return at !== undefined && clock.now() - at < o.staleTimeMs
  }

  const queryLimiter: RateLimiter = createRateLimiter(o.rateLimit, () => clock.now())

  const onNotReadyError = () => {
    // The SDK said it is not ready after all: stop sending and look again.
    if (!ready) return
    goNotReady()
    void findOutReadiness()
  }

  const queryQueue: BatchQueue = new BatchQueue({
    chunkSize: () => queryLimit,
    limiter: queryLimiter,
    clock,
    schedule: o.batchScheduleFn,
    isOpen: () => ready,
    isWanted: (id) => id !== userID && ((interest.get(id) ?? 0) > 0 || waiters.has(id)),
    send: (ids) => sendQuery(ids),
  })

  const subs = new SubscriptionManager({
    tim,
    options: o,
    store: s,
    isReady: () => ready,
    ownUserID: () => userID,
    generation: () => generation,
    retryDelay,
    onNotReadyError,
    reportError,
  })

  async function sendQuery(ids: string[]): Promise<RetryOutcome | undefined> {
    const gen = generation
    const sentAt = seq
    for (const id of ids) inFlight.add(id)
    try {
      const response = await callSdk('getUserStatus', () => tim.getUserStatus({ userIDList: ids }))
      if (gen !== generation) return undefined
      queryAttempts = 0
      queryPlanRetries = 0
      const { success, failures } = readQueryResponse(response)
      const answered = new Set<string>()
      const now = clock.now()
      s.write((w) => {
        for (const item of success) {
          answered.add(item.userID)
          inFlight.delete(item.userID)
          freshAt.set(item.userID, now)
          // A push that arrived after this call was sent is newer than its answer.
          if ((pushSeq.get(item.userID) ?? 0) <= sentAt) w.status(item.userID, item, now)
          w.entry(item.userID, { error: null, failure: null, fetching: false })
        }
        for (const failure of failures) {
          answered.add(failure.userID)
          inFlight.delete(failure.userID)
          freshAt.set(failure.userID, now)
          w.entry(failure.userID, { failure: failureToError(failure), error: null, fetching: false })
        }
      })
      for (const id of answered) settle(id)
      const missing = ids.filter((id) => !answered.has(id))
      for (const id of missing) inFlight.delete(id)
      reportError('getUserStatus', null)
      if (missing.length > 0 && answered.size > 0) {
        // The SDK's limit was lowered by its cloud config and it dropped the rest: keep to what it took.
        queryLimit = Math.min(queryLimit, answered.size)
        return { retry: missing, retryAfterMs: 0 }
      }
      if (missing.length > 0) {
        const error = new StatusError(0, 'getUserStatus answered none of the IDs asked for')
        s.write((w) => {
          for (const id of missing) w.entry(id, { error, fetching: false })
        })
        for (const id of missing) settle(id, error)
      }
      return undefined
    } catch (caught) {
      for (const id of ids) inFlight.delete(id)
      if (gen !== generation) return undefined
      const error = toStatusError(caught, 'getUserStatus')
      if (isNotReady(error)) {
        queryQueue.add(ids)
        onNotReadyError()
        return undefined
      }
      if (isRetryable(error)) {
        const attempt = ++queryAttempts
        if (attempt >= o.retriesBeforeError) {
          s.write((w) => {
            for (const id of ids) w.entry(id, { error })
          })
          for (const id of ids) settle(id, error)
          reportError('getUserStatus', error)
        }
        return { retry: ids, retryAfterMs: retryDelay(attempt) }
      }
      const now = clock.now()
      s.write((w) => {
        for (const id of ids) {
          freshAt.set(id, now)
          w.entry(id, { error, fetching: false })
        }
      })
      for (const id of ids) settle(id, error)
      reportError('getUserStatus', error)
      if (isPlanError(error) && queryPlanRetries < PLAN_RETRIES) {
        // Shown at once, and asked again in case the SDK had not loaded the plan yet.
        queryPlanRetries++
        return { retry: ids, retryAfterMs: planRetryDelay(queryPlanRetries, retryDelay), wait: 'ids' }
      }
      return undefined
    }
  }

  function applySelf(status: ReadStatus, at: number) {
    s.write((w) => {
      const changed = w.status(status.userID, status, at)
      w.entry(status.userID, { error: null, failure: null, fetching: false, subscription: 'subscribed' })
      if (changed || s.store.getState().self === undefined)
        w.global({ self: s.getEntry(status.userID).status })
    })
    freshAt.set(status.userID, at)
  }

  let selfScheduled = false
  /**
   * Own status: answered by the SDK from its cache, never rate limited, no plan needed. Sent with the batch
   * of this task, so a start/stop/start in one task (StrictMode) asks once.
   */
  function fetchSelf(): void {
    if (selfScheduled) return
    selfScheduled = true
    o.batchScheduleFn(() => {
      selfScheduled = false
      void sendSelfQuery()
    })
  }

  function sendSelfQuery(): Promise<void> {
    if (selfInFlight) return selfInFlight
    const me = userID
    if (!ready || me === null) return Promise.resolve()
    const gen = generation
    const sentAt = seq
    selfInFlight = callSdk('getUserStatus', () => tim.getUserStatus({ userIDList: [me] })).then(
      (response) => {
        if (gen !== generation) return
        const own = readQueryResponse(response).success.find((item) => item.userID === me)
        if (own && (pushSeq.get(me) ?? 0) <= sentAt) applySelf(own, clock.now())
        settle(me)
      },
      (error: StatusError) => {
        if (gen !== generation) return
        s.write((w) => w.entry(me, { error, fetching: false }))
        settle(me, error)
      },
    )
    const mine = selfInFlight.finally(() => {
      if (selfInFlight === mine) selfInFlight = null
    })
    selfInFlight = mine
    return mine
  }

  function requestQuery(ids: readonly string[], force: boolean) {
    const toQueue: string[] = []
    let self = false
    for (const id of ids) {
      if (id === userID) {
        self = true
        continue
      }
      if (!force && (isFresh(id) || inFlight.has(id) || queryQueue.has(id))) continue
      toQueue.push(id)
    }
    if (toQueue.length > 0) {
      s.write((w) => {
        for (const id of toQueue) w.entry(id, { fetching: true })
      })
      queryQueue.add(toQueue)
    }
    if (self && (force || !isFresh(userID as string))) fetchSelf()
  }

  // ---- lifecycle ----

  function goReady(me: string | null) {
    if (destroyed || starts === 0) return
    if (ready && userID === me) return
    if (ready) goNotReady()
    generation++
    ready = true
    userID = me
    queryPlanRetries = 0
    errorApi = null
    s.write((w) => w.global({ ready: true, userID: me, error: null }))
    if (me !== null) {
      queryQueue.delete(me)
      fetchSelf()
    }
    const wanted = new Set<string>([...interest.keys(), ...waiters.keys()])
    if (me !== null) wanted.delete(me)
    requestQuery([...wanted], false)
    subs.onReady(me)
    queryQueue.schedule()
  }

  function goNotReady() {
    generation++
    probe++
    const wasReady = ready
    const me = userID
    ready = false
    userID = null
    queryQueue.cancelTimer()
    inFlight.clear()
    freshAt.clear()
    selfInFlight = null
    subs.onNotReady()
    if (wasReady) {
      // Requests wait for the next login, where what is in use is asked for again.
      queryQueue.clear()
      queryQueue.add(waiters.keys())
    }
    s.write((w) => {
      // The own status is live only while logged in as that user: after a logout it must be asked again.
      if (me !== null) w.entry(me, { subscription: 'none' })
      w.global({ ready: false, userID: null, self: undefined })
    })
  }

  /** The logged-in user per `getMyProfile`; null when the SDK says it is not logged in (or cannot say). */
  async function profileUserID(): Promise<string | undefined | null> {
    if (typeof tim.getMyProfile !== 'function') return null
    try {
      return readProfileUserID(await tim.getMyProfile())
    } catch {
      return null
    }
  }

  /** At start: the SDK may have been ready before the client, and SDK_READY will not fire again. */
  async function findOutReadiness() {
    const mine = ++probe
    if (typeof tim.isReady === 'function') {
      if (tim.isReady()) goReady(loginUserOf(tim) ?? o.userID ?? null)
      return
    }
    const id = await profileUserID()
    if (mine === probe && id !== null) goReady(id ?? o.userID ?? null)
  }

  async function onSdkReady() {
    const mine = ++probe
    const id = loginUserOf(tim) ?? o.userID ?? (await profileUserID()) ?? null
    if (mine === probe) goReady(id)
  }

  const handlers: Record<string, SdkHandler> = {
    [TIM_EVENT.SDK_READY]: () => void onSdkReady(),
    [TIM_EVENT.SDK_NOT_READY]: () => goNotReady(),
    [TIM_EVENT.KICKED_OUT]: () => goNotReady(),
    [TIM_EVENT.SDK_DESTROY]: () => goNotReady(),
    [TIM_EVENT.NET_STATE_CHANGE]: (event) => {
      const state = (event.data as { state?: unknown } | undefined)?.state
      if (state !== TIM_NET_STATE.CONNECTED && state !== TIM_NET_STATE.CONNECTING && state !== 'disconnected')
        return
      const was = network
      network = state
      s.write((w) => w.global({ network: state }))
      if (state === TIM_NET_STATE.CONNECTED && was !== TIM_NET_STATE.CONNECTED && ready) {
        // Pushes may have been missed while offline: what is in use is asked for again.
        freshAt.clear()
        requestQuery([...interest.keys()], true)
        subs.retryFailed()
      }
    },
    [TIM_EVENT.USER_STATUS_UPDATED]: (event) => {
      const list = Array.isArray(event.data) ? event.data : []
      const now = clock.now()
      const statuses: ReadStatus[] = []
      for (const item of list) {
        const status = readStatus(item)
        if (status) statuses.push(status)
      }
      if (statuses.length === 0) return
      seq++
      s.write((w) => {
        for (const status of statuses) {
          pushSeq.set(status.userID, seq)
          freshAt.set(status.userID, now)
          if (status.userID === userID) applySelf(status, now)
          else w.status(status.userID, status, now)
        }
      })
    },
  }

  function stop() {
    starts = Math.max(0, starts - 1)
    if (starts > 0) return
    for (const [name, handler] of Object.entries(handlers)) tim.off(name, handler)
    subs.releaseAll()
    goNotReady()
    // Nothing will answer them now: a pending fetch or refetch must not hang.
    const error = new StatusError(RTS_ERROR.DESTROYED, 'the status client was stopped before the answer came')
    for (const id of [...waiters.keys()]) settle(id, error)
    queryQueue.clear()
  }

  const client: StatusClient = {
    tim,
    options: o,
    store: s.store,
    start() {
      if (destroyed) throw new StatusError(RTS_ERROR.DESTROYED, 'this status client was destroyed')
      starts++
      if (starts === 1) {
        for (const [name, handler] of Object.entries(handlers)) tim.on(name, handler)
        void findOutReadiness()
      }
      let stopped = false
      return () => {
        if (stopped) return
        stopped = true
        stop()
      }
    },
    getState: () => s.store.getState(),
    getEntry: (id) => s.getEntry(id),
    subscribeEntry: (id, listener) => s.subscribeEntry(id, listener),
    getStatus: (id) => s.getEntry(id).status,
    retain(userIDs, options) {
      const ids = validateUserIDs(userIDs, 'retain')
      const subscribe = options?.subscribe === true
      const fetch = options?.fetch !== false
      if (fetch) {
        for (const id of ids) interest.set(id, (interest.get(id) ?? 0) + 1)
        requestQuery(ids, false)
      }
      if (subscribe) subs.acquire(ids)
      let released = false
      return () => {
        if (released) return
        released = true
        if (fetch)
          for (const id of ids) {
            const count = (interest.get(id) ?? 0) - 1
            if (count > 0) interest.set(id, count)
            else interest.delete(id)
          }
        if (subscribe) subs.release(ids)
      }
    },
    fetch(userIDs, options) {
      let ids: string[]
      try {
        ids = validateUserIDs(userIDs, 'fetch')
      } catch (error) {
        return Promise.reject(error)
      }
      if (destroyed)
        return Promise.reject(new StatusError(RTS_ERROR.DESTROYED, 'this status client was destroyed'))
      const force = options?.force === true
      const waiting = force ? ids : ids.filter((id) => !isFresh(id))
      const done =
        waiting.length === 0
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => {
              const waiter: Waiter = { remaining: waiting.length, resolve, reject }
              for (const id of waiting) {
                const list = waiters.get(id)
                if (list) list.push(waiter)
                else waiters.set(id, [waiter])
              }
            })
      requestQuery(ids, force)
      return done.then(() => {
        const out: Record<string, UserStatus | undefined> = {}
        for (const id of ids) out[id] = s.getEntry(id).status
        return out
      })
    },
    refetch(userIDs) {
      let ids: string[]
      try {
        ids = validateUserIDs(userIDs, 'refetch')
      } catch (error) {
        return Promise.reject(error)
      }
      subs.retryFailed(ids)
      return client.fetch(ids, { force: true })
    },
    async setSelfStatus(customStatus) {
      const text = validateCustomStatus(customStatus, 'setSelfStatus')
      if (destroyed) throw new StatusError(RTS_ERROR.DESTROYED, 'this status client was destroyed')
      const me = userID
      if (!ready || me === null) {
        throw toStatusError({ code: 2024, message: '' }, 'setSelfStatus')
      }
      const response = await callSdk('setSelfStatus', () => tim.setSelfStatus({ customStatus: text }))
      const status = readSelfResponse(response, me, text)
      if (userID === me) {
        seq++
        pushSeq.set(me, seq)
        applySelf(status, clock.now())
        return s.getEntry(me).status as UserStatus
      }
      return { ...status, statusType: 1, updatedAt: clock.now() } as UserStatus
    },
    clearSelfStatus() {
      return client.setSelfStatus('')
    },
    get wakeCount() {
      return s.wakeCount
    },
    debugInfo() {
      return {
        ready,
        userID,
        budget: {
          query: queryLimiter.remaining(),
          subscribe: subs.subscribeLimiter.remaining(),
          unsubscribe: subs.unsubscribeLimiter.remaining(),
        },
        waiting: {
          query: queryQueue.size,
          subscribe: subs.subscribeQueue.size,
          unsubscribe: subs.unsubscribeQueue.size,
        },
        subscribed: subs.subscribedIDs(),
        inUse: [...interest.keys()],
      }
    },
    destroy() {
      if (destroyed) return
      if (starts > 0) {
        starts = 1
        stop()
      }
      destroyed = true
      subs.dispose()
      queryQueue.clear()
      const error = new StatusError(
        RTS_ERROR.DESTROYED,
        'the status client was destroyed before the answer came',
      )
      for (const id of [...waiters.keys()]) settle(id, error)
    },
  }
  return client
}
