import { useEffect } from 'react'
import type { StatusError } from '../core/errors'
import type { UserEntry } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { useEntries } from './useEntries'
import { useStableIDs } from './useStableIDs'

/** Options of `useSubscription`. */
export interface UseSubscriptionOptions {
  /** When false, nothing is subscribed. Default true. */
  enabled?: boolean
}

/** What `useSubscription` returns. */
export interface UseSubscriptionResult {
  /** IDs of this call whose subscription is confirmed (the own ID counts: its changes always arrive). */
  subscribed: readonly string[]
  /** Some ID's subscribe call is waiting or in flight. */
  isPending: boolean
  error: StatusError | null
  failures: Record<string, StatusError>
}

/**
 * Holds subscriptions to some users' status changes while mounted, without fetching their current status
 * (use `useUserStatus` for that). Reference-counted across the provider, released after a grace.
 */
export function useSubscription(
  userIDs: readonly string[],
  options?: UseSubscriptionOptions,
): UseSubscriptionResult {
  const { client } = useStatusContext('useSubscription')
  const ids = useStableIDs(userIDs, 'useSubscription')
  const enabled = options?.enabled !== false

  useEffect(() => {
    if (!enabled || ids.length === 0) return
    return client.retain(ids, { subscribe: true, fetch: false })
  }, [client, ids, enabled])

  return useEntries(client, ids, (entries: readonly UserEntry[]) => {
    const subscribed: string[] = []
    const failures: Record<string, StatusError> = {}
    let isPending = false
    let error: StatusError | null = null
    entries.forEach((entry, i) => {
      const id = ids[i] as string
      if (entry.subscription === 'subscribed') subscribed.push(id)
      if (entry.subscription === 'pending') isPending = true
      if (entry.failure && entry.subscription === 'failed') failures[id] = entry.failure
      if (entry.error && !error) error = entry.error
    })
    return { subscribed, isPending, error, failures }
  })
}
