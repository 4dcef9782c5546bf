import { useCallback } from 'react'
import type { StatusError } from '../core/errors'
import type { Readiness, UserStatus } from '../core/types'
import { type Track, useReadiness, useRetainedEntries } from './useEntries'

/** Options of `useUserStatus`. */
export interface UseUserStatusOptions {
  /** Also subscribe to live changes (reference-counted across the provider). Default false. */
  subscribe?: boolean
  /** When false, nothing is fetched or subscribed (known statuses are still read). Default true. */
  enabled?: boolean
}

/** What `useUserStatus` returns. */
export interface UseUserStatusResult {
  /**
   * Every requested ID is a key; the value is undefined until known. A read-only object (writes throw a
   * `TypeError`) that keeps its identity until one of these statuses changes, and keeps showing its values after.
   */
  statuses: Record<string, UserStatus | undefined>
  /** Some requested ID has no status yet and a request for it is pending (never while not ready). */
  isLoading: boolean
  /** `'ready'`, or why requests wait: `'not-logged-in'`, `'logged-out'`, `'kicked-out'`, `'offline'`. */
  readiness: Readiness
  /** A whole request for some of these IDs failed (3122, 72001, retries exhausted, ...). */
  error: StatusError | null
  /** Per-ID failures from the SDK's `failureUserList` (read-only, versioned like `statuses`). */
  failures: Record<string, StatusError>
  /** Asks the SDK again for these IDs (and retries their failed subscriptions). */
  refetch(): Promise<void>
}

// statuses, isLoading, error, failures.
const TRACKS: readonly Track[] = [
  { shape: 'every', of: (entry) => entry.status },
  { shape: 'any', of: (entry) => (entry.status === undefined && entry.fetching) || null },
  { shape: 'first', of: (entry) => entry.error },
  { shape: 'present', of: (entry) => entry.failure },
]

/**
 * The statuses of some users, read from the provider's store (known ones show on the first render). Interest
 * is registered after commit, so all the components of one commit cost one batch of SDK calls.
 */
export function useUserStatus(
  userIDs: readonly string[],
  options?: UseUserStatusOptions,
): UseUserStatusResult {
  const { client, ids, values } = useRetainedEntries(
    'useUserStatus',
    userIDs,
    options?.enabled !== false,
    { subscribe: options?.subscribe === true },
    TRACKS,
  )
  const readiness = useReadiness(client)
  const refetch = useCallback(async () => {
    if (ids.length > 0) await client.refetch(ids)
  }, [client, ids])
  const [statuses, isLoading, error, failures] = values as [
    UseUserStatusResult['statuses'],
    boolean,
    StatusError | null,
    UseUserStatusResult['failures'],
  ]
  return { statuses, isLoading, readiness, error, failures, refetch }
}
