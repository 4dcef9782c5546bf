import type { StatusError } from '../core/errors'
import type { Readiness } from '../core/types'
import { type Track, useReadiness, useRetainedEntries } from './useEntries'

/** Options of `useSubscription`. */
export interface UseSubscriptionOptions {
  /** When false, nothing is subscribed. Default true. */
  enabled?: boolean
}

/** What `useSubscription` returns. */
export interface UseSubscriptionResult {
  /** IDs of this call whose subscription is confirmed (the own ID counts: its changes always arrive). */
  subscribed: readonly string[]
  /** Some ID's subscribe call is waiting or in flight (never while not ready). */
  isPending: boolean
  /**
   * IDs of this call past `maxSubscriptions`: not subscribed, kept fresh by queries instead (only for IDs whose
   * status is also fetched, as `useUserStatus` and `<PresenceBadge>` do).
   */
  polled: readonly string[]
  /** `'ready'`, or why requests wait: `'not-logged-in'`, `'logged-out'`, `'kicked-out'`, `'offline'`. */
  readiness: Readiness
  error: StatusError | null
  failures: Record<string, StatusError>
}

// subscribed, polled, isPending, error, failures.
const TRACKS: readonly Track[] = [
  { shape: 'list', of: (entry) => entry.subscription === 'subscribed' || null },
  { shape: 'list', of: (entry) => entry.subscription === 'polled' || null },
  { shape: 'any', of: (entry) => entry.subscription === 'pending' || null },
  { shape: 'first', of: (entry) => entry.error },
  { shape: 'present', of: (entry) => (entry.subscription === 'failed' ? entry.failure : null) },
]

/**
 * Holds subscriptions to some users' status changes while mounted, without fetching their current status
 * (use `useUserStatus` for that). Reference-counted across the provider, released after a grace.
 */
export function useSubscription(
  userIDs: readonly string[],
  options?: UseSubscriptionOptions,
): UseSubscriptionResult {
  const { client, values } = useRetainedEntries(
    'useSubscription',
    userIDs,
    options?.enabled !== false,
    { subscribe: true, fetch: false },
    TRACKS,
  )
  const readiness = useReadiness(client)
  const [subscribed, polled, isPending, error, failures] = values as [
    readonly string[],
    readonly string[],
    boolean,
    StatusError | null,
    Record<string, StatusError>,
  ]
  return { subscribed, isPending, polled, readiness, error, failures }
}
