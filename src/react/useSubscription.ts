import type { StatusError } from '../core/errors'
import type { Readiness, UserEntry } from '../core/types'
import { setOwn } from '../core/validate'
import { useRetainedEntries } from './useEntries'

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

function derive(
  ids: readonly string[],
  entries: readonly UserEntry[],
): Omit<UseSubscriptionResult, 'readiness'> {
  const subscribed: string[] = []
  const polled: string[] = []
  const failures: Record<string, StatusError> = {}
  let isPending = false
  let error: StatusError | null = null
  entries.forEach((entry, i) => {
    const id = ids[i] as string
    if (entry.subscription === 'subscribed') subscribed.push(id)
    if (entry.subscription === 'polled') polled.push(id)
    if (entry.subscription === 'pending') isPending = true
    if (entry.failure && entry.subscription === 'failed') setOwn(failures, id, entry.failure)
    if (entry.error && !error) error = entry.error
  })
  return { subscribed, polled, isPending, error, failures }
}

/**
 * Holds subscriptions to some users' status changes while mounted, without fetching their current status
 * (use `useUserStatus` for that). Reference-counted across the provider, released after a grace.
 */
export function useSubscription(
  userIDs: readonly string[],
  options?: UseSubscriptionOptions,
): UseSubscriptionResult {
  const { derived, readiness } = useRetainedEntries(
    'useSubscription',
    userIDs,
    options?.enabled !== false,
    { subscribe: true, fetch: false },
    derive,
  )
  return { ...derived, readiness }
}
