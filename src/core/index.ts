export type { BatchQueueOptions } from './batchQueue'
export {
  failureToError,
  isFeatureUnavailable,
  isNotReady,
  isRetryable,
  RTS_ERROR,
  StatusError,
  toStatusError,
} from './errors'
export { createRateLimiter, type RateLimiter } from './rateLimiter'
export {
  type SdkFailure,
  type SdkResponse,
  type SdkUserStatus,
  TIM_ERROR,
  TIM_EVENT,
  TIM_NET_STATE,
  type TimLike,
} from './sdk'
export {
  createStatusClient,
  type FetchOptions,
  type RetainOptions,
  type StatusClient,
  type StatusClientDebugInfo,
} from './statusClient'
export { EMPTY_ENTRY } from './statusStore'
export type {
  ApiFamily,
  Clock,
  NetworkState,
  RateLimit,
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
export { MAX_CUSTOM_STATUS_BYTES, utf8ByteLength, validateCustomStatus, validateUserIDs } from './validate'
