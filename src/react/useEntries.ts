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

  // The same IDs with the same entries give the same value, so React sees no change.
  const read = (entryOf: (id: string) => UserEntry) => {
    const entries = ids.map(entryOf)
    const last = cache.current
    if (
      last &&
      last.client === client &&
      last.ids === ids &&
      last.entries.every((entry, i) => entry === entries[i])
    ) {
      return last.value
    }
    const value = deriveRef.current(entries)
    cache.current = { client, ids, entries, value }
    return value
  }
  const getSnapshot = () => read((id) => client.getEntry(id))
  // On the server (and while hydrating) nothing is known yet.
  const getServerSnapshot = () => read(() => EMPTY_ENTRY)

  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
}
