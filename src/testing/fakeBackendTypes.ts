/** The fake backend's public types and the codes it answers with beyond the SDK's (see `fakeBackend.ts`). */
import type { SdkFailure, SdkUserStatus } from '../core/sdk'
import { type DroppedSubscription, SUBSCRIBE_OWN_ID_CODE } from './presenceModel'

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
