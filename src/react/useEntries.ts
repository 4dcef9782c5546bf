import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import type { RetainOptions, StatusClient } from '../core/statusClient'
import { EMPTY_ENTRY } from '../core/statusStore'
import type { Readiness, UserEntry } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { useStableIDs } from './useStableIDs'

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

/**
 * What `useUserStatus` and `useSubscription` share: checks the IDs, retains them while mounted and enabled, and
 * derives a value from their entries, with the readiness.
 */
export function useRetainedEntries<T>(
  hookName: string,
  userIDs: readonly string[],
  enabled: boolean,
  retain: RetainOptions,
  derive: (ids: readonly string[], entries: readonly UserEntry[]) => T,
): { client: StatusClient; ids: readonly string[]; derived: T; readiness: Readiness } {
  const { client } = useStatusContext(hookName)
  const ids = useStableIDs(userIDs, hookName)
  const { subscribe, fetch } = retain
  useEffect(() => {
    if (enabled && ids.length > 0) return client.retain(ids, { subscribe, fetch })
  }, [client, ids, enabled, subscribe, fetch])
  const derived = useEntries(client, ids, (entries) => derive(ids, entries))
  const readiness = useStore(client.store, (state) => state.readiness)
  return { client, ids, derived, readiness }
}
