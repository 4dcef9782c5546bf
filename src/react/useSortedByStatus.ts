import { RTS_ERROR, StatusError } from '../core/errors'
import type { StatusType } from '../core/types'
import { type StatusTypes, type TypesView, useTypesView } from './statusTypes'

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

/** The order of the four groups for `order`, after checking it. */
function groupsOf(order: readonly StatusType[] = DEFAULT_ORDER): StatusType[] {
  if (
    !Array.isArray(order) ||
    order.some((type, at) => !DEFAULT_ORDER.includes(type) || order.indexOf(type) !== at)
  ) {
    throw new StatusError(
      RTS_ERROR.INVALID_ARGUMENT,
      process.env.NODE_ENV !== 'production'
        ? `useSortedByStatus: order must be an array of distinct status types (0, 1, 2, 3), got ${JSON.stringify(order)}`
        : 'useSortedByStatus: bad order',
    )
  }
  return [...order, ...DEFAULT_ORDER.filter((type) => !order.includes(type))]
}

/** The IDs sorted again (O(N)) once per store write that changed a type; the same array while the order holds. */
function sorter(types: StatusTypes, groups: StatusType[]): TypesView<readonly string[]> {
  const sort = () => groups.flatMap((type) => types.ids.filter((id) => (types.typeOf(id) ?? 0) === type))
  let sorted: readonly string[] = sort()
  let dirty = false
  return {
    types,
    key: groups.join(),
    // Each changed type marks the order dirty; the store's listener, which hears of a write after every per-ID
    // listener, tells React once per write.
    subscribe(onChange) {
      const off = types.listen(() => {
        dirty = true
      })
      const offStore = types.client.store.subscribe(() => {
        if (dirty) onChange()
      })
      if (dirty) onChange()
      return () => {
        off()
        offStore()
      }
    },
    get() {
      if (dirty) {
        dirty = false
        const next = sort()
        if (next.some((id, at) => id !== sorted[at])) sorted = next
      }
      return sorted
    },
    // On the server and while hydrating, nothing is known: every ID is unknown, in the order given.
    getServer: () => types.ids,
  }
}

/**
 * Some users' IDs sorted by status, for member lists: online first, then offline, unlogined and unknown (or
 * `order`), each group in the order of `userIDs`. One new array per store update that changes the order, the same
 * array while it does not (a custom status changing sorts nothing).
 */
export function useSortedByStatus(
  userIDs: readonly string[],
  options?: UseSortedByStatusOptions,
): readonly string[] {
  const groups = groupsOf(options?.order)
  return useTypesView('useSortedByStatus', userIDs, options, groups.join(), (types) => sorter(types, groups))
}
