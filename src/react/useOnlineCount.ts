import type { StatusType } from '../core/types'
import type { StatusTypes, TypesView } from './statusTypes'
import { useTypesView } from './statusTypes'

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

const isOnline = (type: StatusType | null) => (type === 1 ? 1 : 0)
const isKnown = (type: StatusType | null) => (type === null ? 0 : 1)

/** Counts kept as the types change: O(1) per change, never a scan of the IDs after the first. */
function counter(types: StatusTypes): TypesView<OnlineCount> {
  let count: OnlineCount = { online: 0, known: 0, total: types.ids.length }
  const server = count
  for (const id of types.ids) {
    const type = types.typeOf(id)
    count = { ...count, online: count.online + isOnline(type), known: count.known + isKnown(type) }
  }
  return {
    types,
    key: '',
    subscribe: (onChange) =>
      types.listen((_, before, after) => {
        const online = count.online + isOnline(after) - isOnline(before)
        const known = count.known + isKnown(after) - isKnown(before)
        if (online === count.online && known === count.known) return
        count = { online, known, total: count.total }
        onChange()
      }),
    get: () => count,
    // On the server and while hydrating, nothing is known.
    getServer: () => server,
  }
}

/**
 * How many of some users are online and how many are known, for "12 of 300 online". Counts are kept per status
 * change in O(1) whatever the number of IDs, and the component re-renders only when a number changes (a custom
 * status of an online user changing renders nothing).
 */
export function useOnlineCount(userIDs: readonly string[], options?: UseOnlineCountOptions): OnlineCount {
  return useTypesView('useOnlineCount', userIDs, options, '', counter)
}
