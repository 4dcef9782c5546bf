import { useCallback } from 'react'
import type { StatusError } from '../core/errors'
import type { Readiness, UserEntry, UserStatus } from '../core/types'
import { setOwn } from '../core/validate'
import { useRetainedEntries } from './useEntries'

/** Options of `useUserStatus`. */
export interface UseUserStatusOptions {
  /** Also subscribe to live changes (reference-counted across the provider). Default false. */
  subscribe?: boolean
  /** When false, nothing is fetched or subscribed (known statuses are still read). Default true. */
  enabled?: boolean
}

/** What `useUserStatus` returns. */
export interface UseUserStatusResult {
  /** Every requested ID is a key; the value is undefined until known. */
  statuses: Record<string, UserStatus | undefined>
  /** Some requested ID has no status yet and a request for it is pending (never while not ready). */
  isLoading: boolean
  /** `'ready'`, or why requests wait: `'not-logged-in'`, `'logged-out'`, `'kicked-out'`, `'offline'`. */
  readiness: Readiness
  /** A whole request for some of these IDs failed (3122, 72001, retries exhausted, ...). */
  error: StatusError | null
  /** Per-ID failures from the SDK's `failureUserList`. */
  failures: Record<string, StatusError>
  /** Asks the SDK again for these IDs (and retries their failed subscriptions). */
  refetch(): Promise<void>
}

type Derived = Omit<UseUserStatusResult, 'refetch' | 'readiness'>

function derive(ids: readonly string[], entries: readonly UserEntry[]): Derived {
  const statuses: Record<string, UserStatus | undefined> = {}
  const failures: Record<string, StatusError> = {}
  let isLoading = false
  let error: StatusError | null = null
  entries.forEach((entry, i) => {
    const id = ids[i] as string
    setOwn(statuses, id, entry.status)
    if (entry.status === undefined && entry.fetching) isLoading = true
    if (entry.failure) setOwn(failures, id, entry.failure)
    if (entry.error && !error) error = entry.error
  })
  return { statuses, isLoading, error, failures }
}

/**
 * The statuses of some users, read from the provider's store (known ones show on the first render). Interest
 * is registered after commit, so all the components of one commit cost one batch of SDK calls.
 */
export function useUserStatus(
  userIDs: readonly string[],
  options?: UseUserStatusOptions,
): UseUserStatusResult {
  const { client, ids, derived, readiness } = useRetainedEntries(
    'useUserStatus',
    userIDs,
    options?.enabled !== false,
    { subscribe: options?.subscribe === true },
    derive,
  )
  const refetch = useCallback(async () => {
    if (ids.length > 0) await client.refetch(ids)
  }, [client, ids])
  return { ...derived, readiness, refetch }
}
