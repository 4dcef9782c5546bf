export { isFeatureUnavailable, RTS_ERROR, StatusError } from './errors'
export { lookAhead, prefetchList } from './lookAhead'
export {
  type SdkFailure,
  type SdkUserStatus,
  TIM_ERROR,
  TIM_EVENT,
  TIM_NET_STATE,
  type TimLike,
} from './sdk'
export { createStatusClient, type FetchOptions, type RetainOptions, type StatusClient } from './statusClient'
export { type SetCustomStatusOptions, setCustomStatus } from './statusExpiry'
export type {
  ApiFamily,
  Clock,
  NetworkState,
  RateLimit,
  Readiness,
  ResolvedOptions,
  StatusClientOptions,
  StatusLimits,
  StatusState,
  StatusType,
  SubscriptionState,
  UserEntry,
  UserStatus,
} from './types'
export { UserStatusType } from './types'
export { MAX_CUSTOM_STATUS_BYTES, utf8ByteLength } from './validate'
export type { SubscribeMode } from './visibilityRules'
