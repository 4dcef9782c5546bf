import { useEffect, useRef, useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import type { RetainOptions, StatusClient } from '../core/statusClient'
import type { Readiness, UserEntry } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { useStableIDs } from './useStableIDs'

/**
 * How a hook's result follows one field of its IDs' entries: `of` picks it (null or undefined: absent), and `k` says
 * what the result holds: 0 a record with every ID as a key, 1 a record of the IDs present, 2 whether any is present,
 * 3 the value of the first present in ID order (else null), 4 the IDs present, in ID order.
 */
export interface Track {
  k: 0 | 1 | 2 | 3 | 4
  of: (entry: UserEntry) => unknown
}

/** A version of a record: `d` holds its values of the IDs changed after it, `n` is the next version. */
/** Versions an old view reads through before it takes a copy of its values. */
const LONG_CHAIN = 32

interface Version {
  d: Map<string, unknown>
  n?: Version
}

interface Live {
  /** The values present now. */
  m: Map<string, unknown>
  /** The newest version handed out; its `d` fills with what changes until the next snapshot. */
  v: Version
  /** Changed since the last snapshot. */
  c?: boolean
  /** The view of `v` (k 0 and 1). */
  p?: Record<string, unknown>
  /** The IDs present, in ID order (k 3 and 4; made when read). */
  l?: string[]
}

/** What `useSyncExternalStore` sees: a new one when some result changed. */
interface Snapshot {
  t: Tracker
  v: unknown[]
}

type Tracker = ReturnType<typeof createTracker>

/**
 * Follows the entries of some IDs, one listener per ID: a change of one ID costs O(1) (times the tracks) whatever
 * the number of IDs; only the first read and a subscribe (catching up with what changed since) cost O(N). Records
 * are read-only views over one map, versioned: the newest reads the map; when an ID changes, the version before
 * keeps the old value, so that every view handed out keeps showing its snapshot. The first present ID (k 3) and the
 * lists (k 4) are made again when read after they changed.
 */
function createTracker(
  client: StatusClient,
  ids: readonly string[],
  tracks: readonly Track[],
  server?: boolean,
) {
  const pos = new Map(ids.map((id, i) => [id, i]))
  const seen = new Map<string, UserEntry>()
  const lives: Live[] = tracks.map(() => ({ m: new Map(), v: { d: new Map() } }))
  // A plain object's key order: array indices ascending, then the other keys as added (here in ID order).
  const rank = (id: string) =>
    String(+id >>> 0) === id && id !== '4294967295' ? +id : 2 ** 32 + (pos.get(id) as number)
  let ordered: string[] | undefined
  let dirty = false
  let empty: Tracker | undefined

  const read = (live: Live, version: Version, id: string): unknown => {
    let at: Version | undefined = version
    let steps = 0
    for (; at && !at.d.has(id); steps++) at = at.n
    // A view held long after (a ref, a memo) reads through every change since: it takes a copy of its own values
    // once, and lets go of the newer versions.
    if (steps > LONG_CHAIN && version.n) {
      const newer = version.n
      for (const other of ids) if (!version.d.has(other)) version.d.set(other, read(live, newer, other))
      version.n = undefined
    }
    return at ? at.d.get(id) : live.m.get(id)
  }

  const view = (live: Live, version: Version, all: boolean) => {
    const own = (key: string | symbol): key is string =>
      typeof key === 'string' && (all ? pos.has(key) : read(live, version, key) !== undefined)
    const no = () => false
    return new Proxy<Record<string, unknown>>(
      {},
      {
        get: (target, key, receiver) =>
          own(key) ? read(live, version, key) : Reflect.get(target, key, receiver),
        has: (target, key) => own(key) || key in target,
        ownKeys() {
          ordered ??= [...ids].sort((a, b) => rank(a) - rank(b))
          return ordered.filter(own)
        },
        // Configurable, as the target has no such property (a proxy's invariant).
        getOwnPropertyDescriptor: (_, key) =>
          own(key)
            ? { value: read(live, version, key), writable: false, enumerable: true, configurable: true }
            : undefined,
        set: no,
        defineProperty: no,
        deleteProperty: no,
        preventExtensions: no,
        setPrototypeOf: no,
      },
    )
  }

  const apply = (id: string, entry = client.getEntry(id)) => {
    if (seen.get(id) === entry) return
    seen.set(id, entry)
    tracks.forEach(({ of }, i) => {
      const live = lives[i] as Live
      const before = live.m.get(id)
      const value = of(entry) ?? undefined
      if (value === before) return
      if (!live.v.d.has(id)) live.v.d.set(id, before)
      if (value === undefined) live.m.delete(id)
      else live.m.set(id, value)
      live.l = undefined
      live.c = dirty = true
    })
  }

  const snap = (): Snapshot => ({
    t: tracker,
    v: lives.map((live, i) => {
      const { k } = tracks[i] as Track
      if (live.c) {
        live.c = false
        live.v = live.v.n = { d: new Map() }
        live.p = undefined
      }
      if (k < 2) live.p ??= view(live, live.v, k === 0)
      return k < 2 ? live.p : live.m.size > 0
    }),
  })

  // c, i: what it follows; sub, get, srv: for useSyncExternalStore.
  const tracker = {
    c: client,
    i: ids,
    sub(onChange: () => void) {
      // What changed between the render and now: O(N), only here.
      for (const id of ids) apply(id)
      const offs = ids.map((id) =>
        client.subscribeEntry(id, () => {
          apply(id)
          if (dirty) onChange()
        }),
      )
      return () => {
        for (const off of offs) off()
      }
    },
    get() {
      if (dirty) {
        dirty = false
        last = snap()
      }
      return last
    },
    // On the server and while hydrating, nothing is known.
    srv() {
      empty ??= createTracker(client, ids, tracks, true)
      return empty.get()
    },
    /** The results of this tracker's newest snapshot. */
    out: (snapshot: Snapshot) =>
      snapshot.v.map((value, i) => {
        const { k } = tracks[i] as Track
        const live = lives[i] as Live
        if (k < 3) return value
        live.l ??= [...live.m.keys()].sort((a, b) => (pos.get(a) as number) - (pos.get(b) as number))
        return k > 3 ? live.l : live.l.length ? live.m.get(live.l[0] as string) : null
      }),
  }
  if (!server) for (const id of ids) apply(id)
  // A first version of its own: nothing holds the one the first reads were recorded in.
  let last = snap()
  dirty = false
  return tracker
}

/**
 * Reads the entries of some IDs through `useSyncExternalStore`, one listener per ID, and returns the results of
 * `tracks` (see `Track`); records keep their identity while none of their values changed. Known statuses show on
 * the first render.
 */
export function useEntries(
  client: StatusClient,
  ids: readonly string[],
  tracks: readonly Track[],
): unknown[] {
  const held = useRef<Tracker>(null)
  let tracker = held.current
  if (!tracker || tracker.c !== client || tracker.i !== ids) {
    tracker = held.current = createTracker(client, ids, tracks)
  }
  const snapshot = useSyncExternalStore(tracker.sub, tracker.get, tracker.srv)
  return snapshot.t.out(snapshot)
}

/**
 * What `useUserStatus` and `useSubscription` share: checks the IDs, retains them while mounted and enabled, and
 * reads their `tracks`, with the readiness.
 */
export function useRetainedEntries(
  hookName: string,
  userIDs: readonly string[],
  enabled: boolean,
  retain: RetainOptions,
  tracks: readonly Track[],
): { client: StatusClient; ids: readonly string[]; values: unknown[]; readiness: Readiness } {
  const { client } = useStatusContext(hookName)
  const ids = useStableIDs(userIDs, hookName)
  const { subscribe, fetch } = retain
  useEffect(() => {
    if (enabled && ids.length > 0) return client.retain(ids, { subscribe, fetch })
  }, [client, ids, enabled, subscribe, fetch])
  const values = useEntries(client, ids, tracks)
  const readiness = useStore(client.store, (state) => state.readiness)
  return { client, ids, values, readiness }
}
