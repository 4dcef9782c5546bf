import { useEffect, useRef, useSyncExternalStore } from 'react'
import type { StatusClient } from '../core/statusClient'
import type { StatusType } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { useStableIDs } from './useStableIDs'

/**
 * The status type of each of some IDs (null while not known), followed with one status listener per ID: a change
 * costs O(1), and `onChange` hears only of IDs whose type changed (not of a custom status alone). What
 * `useOnlineCount` counts and `useSortedByStatus` sorts.
 */
export class StatusTypes {
  readonly client: StatusClient
  readonly ids: readonly string[]
  readonly #types = new Map<string, StatusType | null>()

  /** `server`: on the server and while hydrating, nothing is known. */
  constructor(client: StatusClient, ids: readonly string[], server = false) {
    this.client = client
    this.ids = ids
    for (const id of ids) this.#types.set(id, server ? null : this.#read(id))
  }

  typeOf(id: string): StatusType | null {
    return this.#types.get(id) ?? null
  }

  #read(id: string): StatusType | null {
    return this.client.getStatus(id)?.statusType ?? null
  }

  /**
   * Listens to the IDs, and catches up with what changed since the render (O(N), once): `onChange` hears of each ID
   * whose type changed, with the type before and after. Returns the unsubscribe.
   */
  listen(onChange: (id: string, before: StatusType | null, after: StatusType | null) => void): () => void {
    const check = (id: string) => {
      const before = this.typeOf(id)
      const after = this.#read(id)
      if (after === before) return
      this.#types.set(id, after)
      onChange(id, before, after)
    }
    const offs = this.ids.map((id) => this.client.subscribeStatus(id, () => check(id)))
    for (const id of this.ids) check(id)
    return () => {
      for (const off of offs) off()
    }
  }
}

/** What a hook reads of the status types of its IDs, through `useSyncExternalStore`. */
export interface TypesView<T> {
  readonly types: StatusTypes
  /** Made for these options (a new view when they change). */
  readonly key: string
  subscribe(onChange: () => void): () => void
  get(): T
  getServer(): T
}

/**
 * What `useOnlineCount` and `useSortedByStatus` share: checks the IDs, retains them (fetched, and subscribed with
 * `subscribe`) while mounted and enabled, and reads the view `make` builds over their status types.
 */
export function useTypesView<T>(
  hookName: string,
  userIDs: readonly string[],
  options: { subscribe?: boolean; enabled?: boolean } | undefined,
  key: string,
  make: (types: StatusTypes) => TypesView<T>,
): T {
  const { client } = useStatusContext(hookName)
  const ids = useStableIDs(userIDs, hookName)
  const subscribe = options?.subscribe === true
  const enabled = options?.enabled !== false
  useEffect(() => {
    if (enabled && ids.length > 0) return client.retain(ids, { subscribe })
  }, [client, ids, enabled, subscribe])
  const held = useRef<TypesView<T>>(null)
  let view = held.current
  if (!view || view.types.client !== client || view.types.ids !== ids || view.key !== key) {
    view = held.current = make(new StatusTypes(client, ids))
  }
  return useSyncExternalStore(view.subscribe, view.get, view.getServer)
}
