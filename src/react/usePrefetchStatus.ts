import { useEffect } from 'react'
import { prefetchList } from '../core/lookAhead'
import { useStatusContext } from './StatusProvider'
import { useStableIDs } from './useStableIDs'

/** Options of `usePrefetchStatus`. */
export interface UsePrefetchStatusOptions {
  /** When false, nothing is fetched. Default true. */
  enabled?: boolean
}

/**
 * Asks once for the status of every ID of a list (ceil(N / 500) calls), and keeps the answers while mounted, so
 * rows scrolled into view show a known status at once and cost no query while it is fresh. Prefetched statuses
 * are not refreshed: rows on screen are (`<PresenceBadge>`, `useVisibleStatus`).
 */
export function usePrefetchStatus(userIDs: readonly string[], options?: UsePrefetchStatusOptions): void {
  const { client } = useStatusContext('usePrefetchStatus')
  const ids = useStableIDs(userIDs, 'usePrefetchStatus')
  const enabled = options?.enabled !== false
  useEffect(() => {
    if (enabled && ids.length > 0) return prefetchList(client, ids)
  }, [client, ids, enabled])
}
