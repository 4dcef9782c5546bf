import { useMemo } from 'react'
import { type Track, useRetainedEntries } from './useEntries'

/** Options of `useOnlineCount`. */
export interface UseOnlineCountOptions {
  /** Also subscribe to live changes (reference-counted across the provider). Default false. */
  subscribe?: boolean
  /** When false, nothing is fetched or subscribed (known statuses are still counted). Default true. */
  enabled?: boolean
}

/** What `useOnlineCount` returns: a new object only when a number changes. */
export interface OnlineCount {
  /** IDs shown online (the flap guard applies: a reload does not count as leaving). */
  online: number
  /** IDs whose status is known. */
  known: number
  /** Distinct IDs asked for. */
  total: number
}

// online, known: counts kept per change.
const TRACKS: readonly Track[] = [
  { shape: 'count', of: (entry) => entry.status?.statusType === 1 || null },
  { shape: 'count', of: (entry) => entry.status !== undefined || null },
]

/**
 * How many of some users are online and how many are known, for "12 of 300 online". Counts are kept per status
 * change in O(1) whatever the number of IDs, and the component re-renders only when a number changes (a custom
 * status of an online user changing renders nothing).
 */
export function useOnlineCount(userIDs: readonly string[], options?: UseOnlineCountOptions): OnlineCount {
  const { ids, values } = useRetainedEntries(
    'useOnlineCount',
    userIDs,
    options?.enabled !== false,
    { subscribe: options?.subscribe === true },
    TRACKS,
  )
  const [online, known] = values as [number, number]
  const total = ids.length
  return useMemo(() => ({ online, known, total }), [online, known, total])
}
