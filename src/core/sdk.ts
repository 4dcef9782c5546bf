/**
 * The part of the Tencent IM web SDK that react-tim-status uses, typed structurally so that an instance of
 * `tim-js-sdk` >= 2.21 (`TIM.create`) or `@tencentcloud/chat` 3.x (`TencentCloudChat.create`) is accepted
 * without a cast, and so is the test double of `react-tim-status/testing`.
 *
 * Event names and status numbers are the SDK's own (`TIM.EVENT.*`, `TIM.TYPES.*`); they are repeated here so
 * that the library never imports the SDK at run time.
 */

/** One user's status as the SDK reports it (`getUserStatus`, `USER_STATUS_UPDATED`). */
export interface SdkUserStatus {
  userID: string
  statusType: number
  customStatus: string
}

/** A per-ID failure from an SDK status call's `failureUserList`. */
export interface SdkFailure {
  userID: string
  code: number
  message: string
}

/**
 * The SDK's status surface. `on`/`off` take the handler as the SDK does (`off` needs the same function).
 * `isReady` and `getLoginUser` exist on `@tencentcloud/chat` only; `getMyProfile` on both.
 */
export interface TimLike {
  // biome-ignore lint/complexity/noBannedTypes: the SDK types handlers as `Function`; this keeps both directions assignable.
  on(eventName: string, handler: Function, context?: unknown): void
  // biome-ignore lint/complexity/noBannedTypes: see `on`.
  off(eventName: string, handler: Function, context?: unknown): void
  setSelfStatus(options: { customStatus: string }): Promise<unknown>
  getUserStatus(options: { userIDList: string[] }): Promise<unknown>
  subscribeUserStatus(options: { userIDList: string[] }): Promise<unknown>
  unsubscribeUserStatus(options: { userIDList: string[] | undefined }): Promise<unknown>
  getMyProfile?(): Promise<unknown>
  isReady?(): boolean
  // `@tencentcloud/chat` types this as the `String` wrapper.
  // biome-ignore lint/complexity/noBannedTypes: matches the SDK's own declaration.
  getLoginUser?(): String
}

/** Handlers of SDK events, by event name (`off` needs the very functions `on` got). */
export type SdkHandlers = Record<string, (event: { name?: string; data?: unknown }) => void>

/** Event names, as `TIM.EVENT` defines them. */
export const TIM_EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  KICKED_OUT: 'kickedOut',
  NET_STATE_CHANGE: 'netStateChange',
  SDK_DESTROY: 'sdkDestroy',
  USER_STATUS_UPDATED: 'onUserStatusUpdated',
} as const

/** Network states carried by `NET_STATE_CHANGE` (`event.data.state`), as `TIM.TYPES` defines them. */
export const TIM_NET_STATE = {
  CONNECTED: 'connected',
  CONNECTING: 'connecting',
  DISCONNECTED: 'disconnected',
} as const

/** Error codes of the SDK and backend that the library treats specially. */
export const TIM_ERROR = {
  /** Called before login. */
  USER_NOT_LOGGED_IN: 2024,
  /** `login()` resolved but `SDK_READY` has not fired yet. */
  LOGGING_IN: 3000,
  SDK_IS_NOT_READY: 2999,
  /** Called after `logout()`. */
  LOGGED_OUT: 3005,
  /** Called after a kick-out by another login. */
  KICKED_OUT: 3003,
  /** Server frequency limit (20 calls per 5 s per API family). */
  OVER_FREQUENCY_LIMIT: 2996,
  NETWORK_ERROR: 2800,
  NETWORK_TIMEOUT: 2801,
  NO_NETWORK: 2805,
  /** The purchased plan does not include user status (checked by the SDK before the network). */
  CANNOT_USE_COMMERCIAL_ABILITY: 3122,
  /** The user-status switch is off in the IM console. */
  STATUS_FEATURE_OFF: 72001,
} as const
