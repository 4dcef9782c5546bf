/** The public types of the fake SDK (`createFakeTim`). */
import type { SdkFailure, SdkUserStatus, TIM_NET_STATE, TimLike } from '../core/sdk'
import type { FakeBackend, FakeBackendOptions, FakeErrorInfo } from './fakeBackendTypes'
import type { FailableApi, FaultDecider, StatusApi } from './faultInjector'

/** The SDK's network states (`TIM.TYPES.NET_STATE_*`). */
export type FakeNetState = (typeof TIM_NET_STATE)[keyof typeof TIM_NET_STATE]

/** What every fake SDK call resolves with, as the SDK does: `{code: 0, data}`. */
export interface FakeResponse<T> {
  code: 0
  data: T
}

/** What every fake SDK call rejects with: an `Error` with the SDK's `code`, like the SDK's own error class. */
export interface FakeTimError extends Error {
  code: number
  data: Record<string, unknown>
}

/** The single argument every event handler receives. */
export interface FakeTimEvent {
  name: string
  data: unknown
}

/** One call on the fake client's status API. */
export interface SdkCall {
  api: StatusApi
  /** As the caller passed it (copied), when it was an array. */
  userIDList?: string[]
  customStatus?: string
  /** True when the call was sent as unsubscribe-all. */
  unsubscribeAll?: boolean
  /** `now()` when the call was made. */
  at: number
  /**
   * The IDs that reached the backend after truncation / own-ID removal; `[]` for a request without IDs
   * (`setSelfStatus`, unsubscribe-all); `null` when nothing was sent (gate, plan, local answer, failure).
   */
  sentToBackend: string[] | null
  /** `'pending'` until it settles; `'threw'` when it threw synchronously. */
  outcome: 'pending' | 'ok' | 'threw' | FakeErrorInfo
}

/** Options of `createFakeTim`; the backend options apply only when no `backend` is passed. */
export interface FakeTimOptions extends FakeBackendOptions {
  /** A backend shared with other fake clients; when absent one is created from these options. */
  backend?: FakeBackend
  /** How long each network call takes to answer, and each push to arrive. Default 0: a microtask, no timer. */
  latencyMs?: number
  /** `'chat'` (default) has `isReady()` and `getLoginUser()`; `'tim-js-sdk'` has neither, like 2.27.6. */
  flavor?: 'chat' | 'tim-js-sdk'
  /** The SDK's silent truncation limits. Default 500 / 100 / 100. */
  limits?: { query?: number; subscribe?: number; unsubscribe?: number }
  /** Delay between `login()` resolving and SDK_READY. Default 0: a microtask. */
  readyDelayMs?: number
  /** How long a request made while disconnected waits before rejecting 2801. Default 15 000 (the SDK's). */
  requestTimeoutMs?: number
  /** Reported in SDK_DESTROY. Default 0. */
  SDKAppID?: number
}

/** The fake SDK instance: the SDK's status surface plus controls for tests and stories. */
export interface FakeTim extends TimLike {
  readonly backend: FakeBackend
  readonly flavor: 'chat' | 'tim-js-sdk'
  // biome-ignore lint/complexity/noBannedTypes: the same handler type as the SDK and `TimLike`.
  on(eventName: string, handler: Function, context?: unknown): void
  // biome-ignore lint/complexity/noBannedTypes: see `on`.
  off(eventName: string, handler: Function, context?: unknown): void
  login(options: { userID: string; userSig?: string }): Promise<FakeResponse<{ repeatLogin: boolean }>>
  logout(): Promise<FakeResponse<Record<string, never>>>
  destroy(): Promise<FakeResponse<Record<string, never>>>
  /** Rejects with the not-ready reason (2024 before login) until SDK_READY. */
  getMyProfile(): Promise<FakeResponse<{ userID: string; nick: string; avatar: string }>>
  setSelfStatus(options: { customStatus: string }): Promise<FakeResponse<SdkUserStatus>>
  getUserStatus(options: {
    userIDList: string[]
  }): Promise<FakeResponse<{ successUserList: SdkUserStatus[]; failureUserList: SdkFailure[] }>>
  subscribeUserStatus(options: {
    userIDList: string[]
  }): Promise<FakeResponse<{ failureUserList: SdkFailure[] }>>
  unsubscribeUserStatus(options?: {
    userIDList?: string[] | undefined
  }): Promise<FakeResponse<{ failureUserList: SdkFailure[] }>>
  /** Only on flavor `'chat'`. */
  isReady?(): boolean
  /** Only on flavor `'chat'`: the logged-in user, `''` when none. */
  getLoginUser?(): string
  /** Every status-API call on this client, in order (a fresh array after `clearCalls`). */
  readonly calls: readonly SdkCall[]
  clearCalls(): void
  /**
   * The next `times` (default 1) network requests of `api` reject with `error` after the latency, unsent (the
   * backend never sees them: no log entry, no effect; `sentToBackend` stays `null`). Queued per API; takes
   * precedence over `loseNextReply` and `setFaults`.
   */
  failNext(api: FailableApi, error: { code: number; message?: string }, times?: number): void
  /**
   * The next `times` (default 1) network requests of `api` REACH the backend and are applied there (the log entry
   * is written, subscriptions change, the frequency window counts them), but the reply is lost: the call rejects
   * with `code` (default 2801, NETWORK_TIMEOUT) after the latency. `calls` records it with `outcome` = that error
   * and `sentToBackend` = the IDs sent. Counted when a request is sent (a request held while disconnected
   * counts on reconnect). Queued per API; takes precedence over `setFaults`, yields to `failNext`.
   */
  loseNextReply(api: StatusApi, times?: number, code?: number): void
  /**
   * Calls `decide` for every network request of the status APIs, after the SDK's ready gate, parameter check, plan
   * check and truncation, at the moment it would be sent (held requests: on reconnect), unless a `failNext` or
   * `loseNextReply` entry claims it first. Its answer: `undefined` / `'ok'` sends it normally; `{fail: code}`
   * rejects with `code` after the latency, unsent (not applied, `sentToBackend` `null`); `{lose: code}` applies
   * it and rejects with `code` after the latency. Any other answer throws a TypeError. Own-ID-only
   * `getUserStatus` calls are answered locally and never reach it. `null` removes it.
   */
  setFaults(decide: FaultDecider | null): void
  setLatency(ms: number): void
  /** Emits any event to this client's handlers now, as `{name, data}`. */
  emit(eventName: string, data?: unknown): void
  /** Emits NET_STATE_CHANGE `{state}`; while not connected requests wait (2801 after the timeout) and pushes are lost. */
  setNetworkState(state: FakeNetState): void
  /** Emits KICKED_OUT `{type: 'multipleAccount'}`, ends the session and emits SDK_NOT_READY; no-op when logged out. */
  kickOut(): void
  /** How many handlers are registered for `eventName`, or in all. */
  listenerCount(eventName?: string): number
  /** Errors thrown by handlers (the SDK swallows them; they are kept here so tests can see them). */
  readonly handlerErrors: readonly unknown[]
}
