import { useEffect, useRef, useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import type { RetainOptions, StatusClient } from '../core/statusClient'
import type { Readiness, UserEntry } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { Field, IDOrder, type Shape } from './trackedField'
import { useStableIDs } from './useStableIDs'

/**
 * How a hook's result follows one field of its IDs' entries: `of` picks it (null or undefined: absent), and `shape`
 * says what the result holds: `every`, a record with every ID as a key; `present`, a record of the IDs present;
 * `any`, whether any is present; `count`, how many are (kept per change: O(1)); `first`, the value of the first
 * present in ID order (else null); `list`, the IDs present, in ID order.
 */
export interface Track {
  shape: Shape
  of: (entry: UserEntry) => unknown
}

/** What `useSyncExternalStore` sees: a new one when some result changed. */
interface Snapshot {
  tracker: EntryTracker
  values: unknown[]
}

/**
 * Follows the entries of some IDs, one listener per ID: a change of one ID costs O(1) (times the tracks) whatever
 * the number of IDs; only the first read and a subscribe (catching up with what changed since) cost O(N).
 */
class EntryTracker {
  readonly client: StatusClient
  readonly order: IDOrder
  readonly #tracks: readonly Track[]
  readonly #fields: Field[]
  /** The entry each ID was last read from. */
  readonly #seen = new Map<string, UserEntry>()
  #dirty = false
  #last: Snapshot
  #empty?: EntryTracker

  /** `server`: on the server and while hydrating, nothing is known. */
  constructor(client: StatusClient, ids: readonly string[], tracks: readonly Track[], server = false) {
    this.client = client
    this.order = new IDOrder(ids)
    this.#tracks = tracks
    this.#fields = tracks.map(() => new Field(this.order))
    if (!server) for (const id of ids) this.#apply(id)
    // A first version of its own: nothing holds the one the first reads were recorded in.
    this.#last = this.#snap()
    this.#dirty = false
  }

  #apply(id: string): void {
    const entry = this.client.getEntry(id)
    if (this.#seen.get(id) === entry) return
    this.#seen.set(id, entry)
    this.#tracks.forEach(({ of }, index) => {
      if ((this.#fields[index] as Field).note(id, of(entry) ?? undefined)) this.#dirty = true
    })
  }

  #snap(): Snapshot {
    const values = this.#fields.map((field, index) => field.snapshot((this.#tracks[index] as Track).shape))
    return { tracker: this, values }
  }

  // For useSyncExternalStore: subscribe, getSnapshot, getServerSnapshot (bound once, in the constructor's fields).
  readonly subscribe = (onChange: () => void) => {
    const { ids } = this.order
    // What changed between the render and now: O(N), only here.
    for (const id of ids) this.#apply(id)
    const offs = ids.map((id) =>
      this.client.subscribeEntry(id, () => {
        this.#apply(id)
        if (this.#dirty) onChange()
      }),
    )
    return () => {
      for (const off of offs) off()
    }
  }

  readonly get = (): Snapshot => {
    if (this.#dirty) {
      this.#dirty = false
      this.#last = this.#snap()
    }
    return this.#last
  }

  readonly getServer = (): Snapshot => {
    this.#empty ??= new EntryTracker(this.client, this.order.ids, this.#tracks, true)
    return this.#empty.get()
  }

  /** The results of one of this tracker's snapshots. */
  results(snapshot: Snapshot): unknown[] {
    return snapshot.values.map((value, index) =>
      (this.#fields[index] as Field).result((this.#tracks[index] as Track).shape, value),
    )
  }
}

/**
 * Reads the entries of some IDs through `useSyncExternalStore`, one listener per ID, and returns the results of
 * `tracks` (see `Track`); records keep their identity while none of their values changed. Known statuses show on
 * the first render.
 */
function useEntries(client: StatusClient, ids: readonly string[], tracks: readonly Track[]): unknown[] {
  const held = useRef<EntryTracker>(null)
  let tracker = held.current
  if (!tracker || tracker.client !== client || tracker.order.ids !== ids) {
    tracker = held.current = new EntryTracker(client, ids, tracks)
  }
  const snapshot = useSyncExternalStore(tracker.subscribe, tracker.get, tracker.getServer)
  return snapshot.tracker.results(snapshot)
}

/**
 * What every hook over a list of IDs shares (`useUserStatus`, `useSubscription`, `useOnlineCount`,
 * `useSortedByStatus`): checks the IDs, retains them while mounted and enabled, and reads their `tracks`.
 */
export function useRetainedEntries(
  hookName: string,
  userIDs: readonly string[],
  enabled: boolean,
  retain: RetainOptions,
  tracks: readonly Track[],
): { client: StatusClient; ids: readonly string[]; values: unknown[] } {
  const { client } = useStatusContext(hookName)
  const ids = useStableIDs(userIDs, hookName)
  const { subscribe, fetch } = retain
  useEffect(() => {
    if (enabled && ids.length > 0) return client.retain(ids, { subscribe, fetch })
  }, [client, ids, enabled, subscribe, fetch])
  return { client, ids, values: useEntries(client, ids, tracks) }
}

/** `'ready'`, or why requests wait. */
export function useReadiness(client: StatusClient): Readiness {
  return useStore(client.store, (state) => state.readiness)
}
