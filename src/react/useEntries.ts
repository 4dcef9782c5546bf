import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { StatusClient } from '../core/statusClient'
import { EMPTY_ENTRY } from '../core/statusStore'
import type { UserEntry } from '../core/types'

/**
 * Reads the entries of some IDs through `useSyncExternalStore`, listening to those IDs only, and derives a
 * value from them that keeps its identity while no entry changed. Known statuses show on the first render.
 */
export function useEntries<T>(
  client: StatusClient,
  ids: readonly string[],
  derive: (entries: readonly UserEntry[]) => T,
): T {
  const cache = useRef<{
    client: StatusClient
    ids: readonly string[]
    entries: readonly UserEntry[]
    value: T
  }>(null)
  const deriveRef = useRef(derive)
  deriveRef.current = derive

  const subscribe = useCallback(
    (onChange: () => void) => {
      const offs = ids.map((id) => client.subscribeEntry(id, onChange))
      return () => {
        for (const off of offs) off()
      }
    },
    [client, ids],
  )

  const getSnapshot = () => {
    const entries = ids.map((id) => client.getEntry(id))
    const last = cache.current
    if (
      last &&
      last.client === client &&
      last.ids === ids &&
      last.entries.length === entries.length &&
      last.entries.every((entry, i) => entry === entries[i])
    ) {
      return last.value
    }
    const value = deriveRef.current(entries)
    cache.current = { client, ids, entries, value }
    return value
  }

  const getServerSnapshot = () => {
    const last = cache.current
    if (last && last.ids === ids && last.entries.every((e) => e === EMPTY_ENTRY)) return last.value
    const entries = ids.map(() => EMPTY_ENTRY)
    const value = deriveRef.current(entries)
    cache.current = { client, ids, entries, value }
    return value
  }

  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
}
