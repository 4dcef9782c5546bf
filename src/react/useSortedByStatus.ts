import { useEffect, useRef, useSyncExternalStore } from 'react'
import { RTS_ERROR, StatusError } from '../core/errors'
import type { StatusClient } from '../core/statusClient'
import type { StatusType } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { StatusTypes } from './statusTypes'
import { useStableIDs } from './useStableIDs'

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

/** The rank of each status type (index 0..3) for `order`, after checking it. */
function ranksOf(order: readonly StatusType[] | undefined): readonly number[] {
  const given = order ?? DEFAULT_ORDER
  const valid =
    Array.isArray(given) &&
    given.every((type, index) => [0, 1, 2, 3].includes(type) && given.indexOf(type) === index)
  if (!valid) {
    throw new StatusError(
      RTS_ERROR.INVALID_ARGUMENT,
      process.env.NODE_ENV !== 'production'
        ? `useSortedByStatus: order must be an array of distinct status types (0, 1, 2, 3), got ${JSON.stringify(order)}`
        : 'useSortedByStatus: bad order',
    )
  }
  const full = [...given, ...DEFAULT_ORDER.filter((type) => !given.includes(type))]
  return [0, 1, 2, 3].map((type) => full.indexOf(type as StatusType))
}

/** The IDs grouped by status type in rank order, each group in the IDs' order. */
function sortIDs(types: StatusTypes, ranks: readonly number[]): string[] {
  const groups: string[][] = [[], [], [], []]
  for (const id of types.ids) (groups[ranks[types.typeOf(id) ?? 0] as number] as string[]).push(id)
  return groups.flat()
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i])

/** The sorted IDs, made again (O(N)) when some type changed, at most once per store update; the same array while unchanged. */
class Sorter {
  readonly types: StatusTypes
  readonly ranks: readonly number[]
  readonly key: string
  #sorted: readonly string[]
  #dirty = false
  #server?: readonly string[]

  constructor(client: StatusClient, ids: readonly string[], ranks: readonly number[], key: string) {
    this.types = new StatusTypes(client, ids)
    this.ranks = ranks
    this.key = key
    this.#sorted = sortIDs(this.types, ranks)
  }

  // Each changed type marks the order dirty; the store's listener, which hears of a write after every per-ID
  // listener, tells React once per write.
  readonly subscribe = (onChange: () => void) => {
    const off = this.types.listen(() => {
      this.#dirty = true
    })
    const offStore = this.types.client.store.subscribe(() => {
      if (this.#dirty) onChange()
    })
    if (this.#dirty) onChange()
    return () => {
      off()
      offStore()
    }
  }

  readonly get = () => {
    if (this.#dirty) {
      this.#dirty = false
      const next = sortIDs(this.types, this.ranks)
      if (!same(next, this.#sorted)) this.#sorted = next
    }
    return this.#sorted
  }

  // On the server and while hydrating, nothing is known: every ID counts as unknown.
  readonly getServer = () => {
    this.#server ??= sortIDs(new StatusTypes(this.types.client, this.types.ids, true), this.ranks)
    return this.#server
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
  const { client } = useStatusContext('useSortedByStatus')
  const ids = useStableIDs(userIDs, 'useSortedByStatus')
  const ranks = ranksOf(options?.order)
  const key = ranks.join()
  const subscribe = options?.subscribe === true
  const enabled = options?.enabled !== false
  useEffect(() => {
    if (enabled && ids.length > 0) return client.retain(ids, { subscribe })
  }, [client, ids, enabled, subscribe])
  const held = useRef<Sorter>(null)
  let sorter = held.current
  if (!sorter || sorter.types.client !== client || sorter.types.ids !== ids || sorter.key !== key) {
    sorter = held.current = new Sorter(client, ids, ranks, key)
  }
  return useSyncExternalStore(sorter.subscribe, sorter.get, sorter.getServer)
}
