export {
  DEFAULT_PRESENCE_LABELS,
  PresenceBadge,
  type PresenceBadgeProps,
  type PresenceLabels,
  type PresenceState,
  presenceStateOf,
} from './PresenceBadge'
export { StatusProvider, type StatusProviderProps, useStatusClient } from './StatusProvider'
export { type UseAutoAwayOptions, type UseAutoAwayResult, useAutoAway } from './useAutoAway'
export { type OnlineCount, type UseOnlineCountOptions, useOnlineCount } from './useOnlineCount'
export { type UsePrefetchStatusOptions, usePrefetchStatus } from './usePrefetchStatus'
export { type UseSelfStatusResult, useSelfStatus } from './useSelfStatus'
export { type UseSortedByStatusOptions, useSortedByStatus } from './useSortedByStatus'
export { type UseSubscriptionOptions, type UseSubscriptionResult, useSubscription } from './useSubscription'
export { type UseUserStatusOptions, type UseUserStatusResult, useUserStatus } from './useUserStatus'
export {
  type UseVisibleStatusOptions,
  type UseVisibleStatusResult,
  useVisibleStatus,
} from './useVisibleStatus'
