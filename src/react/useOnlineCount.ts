import { useEffect, useRef, useSyncExternalStore } from 'react'
import type { StatusClient } from '../core/statusClient'
import type { StatusType } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { StatusTypes } from './statusTypes'
import { useStableIDs } from './useStableIDs'

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
class Counter {
  readonly types: StatusTypes
  #count: OnlineCount
  #empty?: OnlineCount

  constructor(client: StatusClient, ids: readonly string[]) {
    this.types = new StatusTypes(client, ids)
    let online = 0
    let known = 0
    for (const id of ids) {
      online += isOnline(this.types.typeOf(id))
      known += isKnown(this.types.typeOf(id))
    }
    this.#count = { online, known, total: ids.length }
  }

  readonly subscribe = (onChange: () => void) =>
    this.types.listen((_, before, after) => {
      const online = this.#count.online + isOnline(after) - isOnline(before)
      const known = this.#count.known + isKnown(after) - isKnown(before)
      if (online === this.#count.online && known === this.#count.known) return
      this.#count = { online, known, total: this.#count.total }
      onChange()
    })

  readonly get = () => this.#count

  // On the server and while hydrating, nothing is known.
  readonly getServer = () => {
    this.#empty ??= { online: 0, known: 0, total: this.#count.total }
    return this.#empty
  }
}

/**
 * How many of some users are online and how many are known, for "12 of 300 online". Counts are kept per status
 * change in O(1) whatever the number of IDs, and the component re-renders only when a number changes (a custom
 * status of an online user changing renders nothing).
 */
export function useOnlineCount(userIDs: readonly string[], options?: UseOnlineCountOptions): OnlineCount {
  const { client } = useStatusContext('useOnlineCount')
  const ids = useStableIDs(userIDs, 'useOnlineCount')
  const subscribe = options?.subscribe === true
  const enabled = options?.enabled !== false
  useEffect(() => {
    if (enabled && ids.length > 0) return client.retain(ids, { subscribe })
  }, [client, ids, enabled, subscribe])
  const held = useRef<Counter>(null)
  let counter = held.current
  if (!counter || counter.types.client !== client || counter.types.ids !== ids) {
    counter = held.current = new Counter(client, ids)
  }
  return useSyncExternalStore(counter.subscribe, counter.get, counter.getServer)
}
