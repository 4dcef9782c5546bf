/**
 * An in-memory stand-in for Tencent Cloud IM's user-status backend, shared by any number of fake SDK clients
 * (several users, or several devices of one user). It holds what the server holds: each user's status, the
 * sessions that are logged in, who each session subscribed to, friendships, the console switch, the plan, and a
 * per-user frequency limit. It never touches the network; time comes from `options.now` and `setTimeout`, so
 * vitest's fake timers drive it.
 *
 * Choices made where the real service is not documented (each is stated where it is implemented):
 * - subscriptions are kept per session (a session's subscriptions go when it logs out or is kicked out);
 * - each session's list of subscriptions has a cap (`subscriptionCap`, default `Infinity`: none): a subscribe
 *   that takes it past the cap drops the EARLIEST subscriptions silently (no error, no event; those users are
 *   just no longer pushed), as Tencent's native SDK references describe; subscribing an ID the session already
 *   holds refreshes its place (it becomes the newest); a lowered cap applies from the next subscribe; every drop
 *   is recorded in `droppedSubscriptions`. The real cap's size is not published;
 * - the user's own ID in a subscribe request and a custom status over 100 UTF-8 bytes are refused with
 *   `FAKE_TIM_ERROR.INVALID_PARAMETER` (70402), a code not checked against the live service;
 * - a query answers each distinct ID once, in the order first asked;
 * - a request is checked for the frequency limit (2996) before the console switch (72001), so a request refused
 *   with 72001 still counts toward the limit;
 * - the last session's logout pushes UNLOGINED with the custom status still set; the clear that follows
 *   `customStatusClearDelayMs` later pushes again only when there was a custom status to clear;
 * - `setSelfStatus` is echoed to the calling session too (the guide says own changes arrive through
 *   `USER_STATUS_UPDATED`; the SDK itself emits nothing locally), switchable with `echoSelfStatus`.
 */

import type { SdkFailure, SdkUserStatus } from '../core/sdk'
import { TIM_ERROR } from '../core/sdk'
import { MAX_CUSTOM_STATUS_BYTES, utf8ByteLength } from '../core/validate'
import {
  createPresenceModel,
  type DroppedSubscription,
  type PresenceFamily,
  SUBSCRIBE_OWN_ID_CODE,
} from './presenceModel'

export type { DroppedSubscription }

/** Codes the fakes use beyond `TIM_ERROR`. The SDK codes were read from tim-js.js 2.27.6; 70402 is a choice. */
export const FAKE_TIM_ERROR = {
  /** SDK: `login()` while a login is still in progress. */
  REPEAT_LOGIN: 2025,
  /** SDK: not-ready reason after `logout()`. */
  LOGGED_OUT: 3005,
  /** SDK: not-ready reason after a multiple-account kick-out. */
  KICKED_OUT_MULT_ACCOUNT: 3003,
  /** Fake backend: own ID in a subscribe request, or a custom status over 100 UTF-8 bytes (code chosen, unverified). */
  INVALID_PARAMETER: SUBSCRIBE_OWN_ID_CODE,
} as const

/** `{code, message}` as the SDK and backend report a failure. */
export interface FakeErrorInfo {
  code: number
  message: string
}

/** The backend request types the fake records. */
export type BackendApi = 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus' | 'setSelfStatus'

/** One request as it reached the backend (after the SDK's truncation and own-ID removal). */
export interface BackendCall {
  api: BackendApi
  /** The user whose session sent it. */
  from: string
  /** The IDs the backend received (absent for `setSelfStatus` and unsubscribe-all). */
  userIDList?: string[]
  /** True when the request cancelled every subscription of the session. */
  unsubscribeAll?: boolean
  customStatus?: string
  /** `now()` when it arrived. */
  at: number
  /** Set when the backend refused the whole request. */
  error?: FakeErrorInfo
}

/** What a backend request answers: data, or an error for the whole request. */
export type BackendResult<T> = { ok: true; data: T } | { ok: false; error: FakeErrorInfo }

/** The answer to a status query. */
export interface QueryResult {
  successUserList: SdkUserStatus[]
  failureUserList: SdkFailure[]
}

/** The answer to a subscribe or unsubscribe request. */
export interface SubscribeResult {
  failureUserList: SdkFailure[]
}

/**
 * One logged-in session (a device) as the backend sees it. `createFakeTim` opens one per login; tests may open
 * one directly to stand for a device that has no SDK (it gets pushes through `onPush`).
 * Requests are answered synchronously; the SDK double adds the latency.
 */
export interface BackendSession {
  readonly id: number
  readonly userID: string
  /** False once `close()` ran; requests then fail with 2024. */
  readonly isOpen: boolean
  getUserStatus(userIDList: readonly string[]): BackendResult<QueryResult>
  subscribe(userIDList: readonly string[]): BackendResult<SubscribeResult>
  /** `'all'` cancels every subscription of this session. */
  unsubscribe(userIDList: readonly string[] | 'all'): BackendResult<SubscribeResult>
  setSelfStatus(customStatus: string): BackendResult<SdkUserStatus>
  /** Logs the session out: its subscriptions go; if it was the user's last session the user becomes UNLOGINED. */
  close(): void
}

/** Settings of the fake backend; every one can also be changed later through the backend's setters. */
export interface FakeBackendOptions {
  /** Clock for the log, the frequency limit and `at` stamps. Default `() => Date.now()` (fake timers control it). */
  now?: () => number
  /**
   * Server frequency limit per logged-in user and per API family (others' `getUserStatus`, `subscribeUserStatus`,
   * `unsubscribeUserStatus`), sliding window. Default 20 per 5000 ms. An over-limit call is refused with 2996.
   */
  rateLimit?: { calls: number; perMs: number } | false
  /** Whether the purchased plan includes user status (the SDK checks it, 3122). Default true. */
  planEnabled?: boolean
  /** Whether the console switch for user status is on (the backend checks it, 72001). Default true. */
  consoleEnabled?: boolean
  /** Whether friends get status pushes without subscribing (console setting). Default false. */
  friendAutoNotify?: boolean
  /** How long after a user's last session logs out the backend clears their custom status. Default 30 000 ms. */
  customStatusClearDelayMs?: number
  /** Whether `setSelfStatus` is also pushed back to the session that made it. Default true. */
  echoSelfStatus?: boolean
  /**
   * How many subscriptions one session (one login) may hold: a positive integer or `Infinity` (default). A
   * subscribe past it silently drops the session's earliest subscriptions (see `droppedSubscriptions`).
   */
  subscriptionCap?: number
}

/** The fake backend: controls for tests, plus `openSession` for the SDK double. */
export interface FakeBackend {
  /** The backend's clock (`options.now`). */
  now(): number
  readonly planEnabled: boolean
  readonly consoleEnabled: boolean
  readonly friendAutoNotify: boolean
  /** How many subscriptions one session may hold (`Infinity`: no cap). */
  readonly subscriptionCap: number
  /**
   * Changes a user's status (as another device or a REST call would) and pushes `USER_STATUS_UPDATED` to every
   * session subscribed to that user, to friends (if auto-notify is on) and to all of the user's own sessions.
   */
  setStatus(userID: string, patch: { statusType?: number; customStatus?: string }): void
  /** A user's status now: unknown users are UNLOGINED (3) until set or logged in; logged-in users ONLINE (1). */
  getStatus(userID: string): SdkUserStatus
  /** Makes `a` and `b` friends of each other. */
  addFriends(a: string, b: string): void
  setPlanEnabled(on: boolean): void
  setConsoleEnabled(on: boolean): void
  setFriendAutoNotify(on: boolean): void
  /**
   * Changes the per-session subscription cap (a positive integer or `Infinity`; anything else throws a
   * TypeError). It applies from each session's next subscribe: nothing is dropped at once.
   */
  setSubscriptionCap(cap: number): void
  /** From now on `userID` is answered in `failureUserList` (query and subscribe) with this error; `null` undoes it. */
  setUserError(userID: string, error: FakeErrorInfo | null): void
  /**
   * Whom this user is subscribed to now: the union over the user's open sessions, each session's in
   * first-subscribed order (a re-subscribed ID counts from its latest subscribe).
   */
  subscriptionsOf(userID: string): string[]
  /**
   * Every subscription the server dropped silently past the cap, in order (copies); only those of one
   * subscriber when `userID` is given.
   */
  droppedSubscriptions(userID?: string): DroppedSubscription[]
  /** Forgets the recorded drops (`clearLog` keeps them). */
  clearDropped(): void
  /** How many sessions of this user are logged in. */
  sessionCount(userID: string): number
  /** Every request that reached the backend, in order (a fresh array after `clearLog`). */
  readonly log: readonly BackendCall[]
  clearLog(): void
  /**
   * Logs a session of `userID` in. The first session of a user makes the user ONLINE (pushed to subscribers and
   * friends). `onPush` receives every status push for this session, synchronously; the caller delivers it.
   */
  openSession(userID: string, onPush: (statuses: SdkUserStatus[]) => void): BackendSession
}

interface SessionRecord {
  readonly id: number
  readonly userID: string
  readonly onPush: (statuses: SdkUserStatus[]) => void
  readonly subscriptions: Set<string>
  open: boolean
}

const STATUS_ONLINE = 1

/** The most a custom status may hold, in UTF-8 bytes (the library's own limit, shared). */
export { MAX_CUSTOM_STATUS_BYTES }

/** Creates an independent fake backend; nothing is shared between two backends. */
export function createFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const now = options.now ?? (() => Date.now())
  const echoSelfStatus = options.echoSelfStatus ?? true
  let planEnabled = options.planEnabled ?? true
  const model = createPresenceModel<SessionRecord>({
    now,
    rateLimit: options.rateLimit === undefined ? { calls: 20, perMs: 5000 } : options.rateLimit,
    consoleEnabled: options.consoleEnabled ?? true,
    friendAutoNotify: options.friendAutoNotify ?? false,
    customStatusClearDelayMs: options.customStatusClearDelayMs ?? 30_000,
    subscriptionCap: options.subscriptionCap ?? Number.POSITIVE_INFINITY,
    // Each recipient gets its own copy so that a handler mutating it cannot reach another session.
    deliver: (session, status) => session.onPush([status]),
  })
  let log: BackendCall[] = []
  let nextSessionID = 1

  const logCall = (entry: BackendCall): BackendCall => {
    log.push(entry)
    return entry
  }

  const FAMILY: Record<BackendApi, PresenceFamily | null> = {
    getUserStatus: 'query',
    subscribeUserStatus: 'subscribe',
    unsubscribeUserStatus: 'unsubscribe',
    // Never limited; own-ID queries never reach the backend.
    setSelfStatus: null,
  }

  /** The checks every request goes through, in the order the fake applies them; returns the refusal if any. */
  const admit = (session: SessionRecord, entry: BackendCall): FakeErrorInfo | null => {
    let error: FakeErrorInfo | null = null
    if (!session.open) {
      error = { code: TIM_ERROR.USER_NOT_LOGGED_IN, message: 'session is logged out' }
    } else if (
      FAMILY[entry.api] !== null &&
      model.overLimit(session.userID, FAMILY[entry.api] as PresenceFamily)
    ) {
      error = { code: TIM_ERROR.OVER_FREQUENCY_LIMIT, message: `${entry.api}: over frequency limit` }
    } else if (entry.api !== 'setSelfStatus' && !model.consoleEnabled()) {
      error = {
        code: TIM_ERROR.STATUS_FEATURE_OFF,
        message: 'user status is not enabled in the IM console',
      }
    }
    if (error) entry.error = error
    return error
  }

  const makeSession = (state: SessionRecord): BackendSession => ({
    id: state.id,
    userID: state.userID,
    get isOpen() {
      return state.open
    },
    getUserStatus(userIDList) {
      const entry = logCall({
        api: 'getUserStatus',
        from: state.userID,
        userIDList: [...userIDList],
        at: now(),
      })
      const error = admit(state, entry)
      if (error) return { ok: false, error }
      const successUserList: SdkUserStatus[] = []
      const failureUserList: SdkFailure[] = []
      // Choice: each distinct ID is answered once, in the order it was first asked.
      for (const userID of new Set(userIDList)) {
        const failure = model.userError(userID)
        if (failure) failureUserList.push({ userID, ...failure })
        else successUserList.push(model.status(userID))
      }
      return { ok: true, data: { successUserList, failureUserList } }
    },
    subscribe(userIDList) {
      const entry = logCall({
        api: 'subscribeUserStatus',
        from: state.userID,
        userIDList: [...userIDList],
        at: now(),
      })
      const error = admit(state, entry)
      if (error) return { ok: false, error }
      // The guide: one cannot subscribe to one's own status (70402, a choice). Past the cap the oldest go.
      return { ok: true, data: { failureUserList: model.subscribe(state, userIDList) } }
    },
    unsubscribe(userIDList) {
      const all = userIDList === 'all'
      const entry = logCall(
        all
          ? { api: 'unsubscribeUserStatus', from: state.userID, unsubscribeAll: true, at: now() }
          : { api: 'unsubscribeUserStatus', from: state.userID, userIDList: [...userIDList], at: now() },
      )
      const error = admit(state, entry)
      if (error) return { ok: false, error }
      model.unsubscribe(state, userIDList)
      return { ok: true, data: { failureUserList: [] } }
    },
    setSelfStatus(customStatus) {
      const entry = logCall({ api: 'setSelfStatus', from: state.userID, customStatus, at: now() })
      let error = admit(state, entry)
      if (!error && utf8ByteLength(customStatus) > MAX_CUSTOM_STATUS_BYTES) {
        error = {
          code: FAKE_TIM_ERROR.INVALID_PARAMETER,
          message: `customStatus is longer than ${MAX_CUSTOM_STATUS_BYTES} UTF-8 bytes`,
        }
        entry.error = error
      }
      if (error) return { ok: false, error }
      model.setStatus(state.userID, { customStatus }, echoSelfStatus ? undefined : state)
      return { ok: true, data: { userID: state.userID, statusType: STATUS_ONLINE, customStatus } }
    },
    close() {
      model.close(state)
    },
  })

  return {
    now,
    get planEnabled() {
      return planEnabled
    },
    get consoleEnabled() {
      return model.consoleEnabled()
    },
    get friendAutoNotify() {
      return model.friendAutoNotify()
    },
    setStatus: (userID, patch) => model.setStatus(userID, patch),
    getStatus: model.status,
    addFriends: model.addFriends,
    setPlanEnabled(on) {
      planEnabled = on
    },
    setConsoleEnabled: model.setConsoleEnabled,
    setFriendAutoNotify: model.setFriendAutoNotify,
    get subscriptionCap() {
      return model.subscriptionCap()
    },
    setSubscriptionCap: model.setSubscriptionCap,
    setUserError: model.setUserError,
    subscriptionsOf: model.subscriptionsOf,
    droppedSubscriptions: model.droppedSubscriptions,
    clearDropped: model.clearDropped,
    sessionCount: (userID) => model.sessionsOf(userID).length,
    get log() {
      return log
    },
    clearLog() {
      log = []
    },
    openSession(userID, onPush) {
      const session: SessionRecord = {
        id: nextSessionID++,
        userID,
        onPush,
        subscriptions: new Set(),
        open: true,
      }
      model.open(session)
      return makeSession(session)
    },
  }
}
