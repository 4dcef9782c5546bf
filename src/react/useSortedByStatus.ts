import { useMemo, useRef } from 'react'
import type { StatusType } from '../core/types'
import { describe, invalid } from '../core/validate'
import { type Track, useRetainedEntries } from './useEntries'

/** Options of `useSortedByStatus`. */
export interface UseSortedByStatusOptions {
  /** Also subscribe to live changes (reference-counted across the provider). Default false. */
  subscribe?: boolean
  /** When false, nothing is fetched or subscribed (known statuses are still sorted). Default true. */
  enabled?: boolean
  /**
   * The order of the groups, by status type (default online, offline, unlogined, unknown: `[1, 2, 3, 0]`). Types
   * left out come last, in that default order. IDs not known yet count as unknown (0).
   */
  order?: readonly StatusType[]
}

const DEFAULT_ORDER: readonly StatusType[] = [1, 2, 3, 0]

// The status type of every ID: a new record only when a type changes.
const TRACKS: readonly Track[] = [{ shape: 'every', of: (entry) => entry.status?.statusType }]

/** The order of the four groups for `order`, after checking it. */
function groupsOf(order: readonly StatusType[] = DEFAULT_ORDER): StatusType[] {
  if (
    !Array.isArray(order) ||
    order.some((type, at) => !DEFAULT_ORDER.includes(type) || order.indexOf(type) !== at)
  ) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `useSortedByStatus: order must be an array of distinct status types (0, 1, 2, 3), got ${
            Array.isArray(order) ? `[${order.map(String).join(',')}]` : describe(order)
          }`
        : 'useSortedByStatus: bad order',
    )
  }
  return [...order, ...DEFAULT_ORDER.filter((type) => !order.includes(type))]
}

/**
 * Some users' IDs sorted by status, for member lists: online first, then offline, unlogined and unknown (or
 * `order`), each group in the order of `userIDs`. Sorted again (one pass over the IDs) only when some type changed,
 * and the same array while the order holds (a custom status changing sorts nothing).
 */
export function useSortedByStatus(
  userIDs: readonly string[],
  options?: UseSortedByStatusOptions,
): readonly string[] {
  const groups = groupsOf(options?.order).join()
  const { ids, values } = useRetainedEntries(
    'useSortedByStatus',
    userIDs,
    options?.enabled !== false,
    { subscribe: options?.subscribe === true },
    TRACKS,
  )
  const types = values[0] as Record<string, StatusType | undefined>
  const last = useRef<readonly string[]>(null)
  return useMemo(() => {
    // One bucket per type, in the groups' order; each ID read once.
    const buckets = new Map(groups.split(',').map((type) => [Number(type), [] as string[]]))
    for (const id of ids) buckets.get(types[id] ?? 0)?.push(id)
    const sorted = [...buckets.values()].flat()
    const before = last.current
    if (before && before.length === sorted.length && sorted.every((id, at) => id === before[at]))
      return before
    last.current = sorted
    return sorted
  }, [groups, ids, types])
}
