import { useEffect, useRef, useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import type { RetainOptions, StatusClient } from '../core/statusClient'
import { EMPTY_ENTRY } from '../core/statusStore'
import type { Readiness, UserEntry } from '../core/types'
import { useStatusContext } from './StatusProvider'
import { useStableIDs } from './useStableIDs'

/**
 * How a hook's result follows one field of its IDs' entries: `of` picks the field (undefined: absent), and `k` says
 * what the result holds: 0 a record with every ID as a key, 1 a record of the IDs present, 2 whether any is present,
 * 3 the value of the first present in ID order (else null), 4 the IDs present, in ID order.
 */
export interface Track {
  k: 0 | 1 | 2 | 3 | 4
  of: (entry: UserEntry) => unknown
}

/** A version of one record: `d` holds its values of the IDs that changed after it, `n` the next version. */
interface Version {
  d: Map<string, unknown>
  n: Version | null
}

interface Live {
  /** The present values now. */
  m: Map<string, unknown>
  /** The newest version handed out (its `d` fills with what changes until the next snapshot). */
  v: Version
  /** Changed since the last snapshot. */
  c: boolean
  /** The view of `v` (k 0 and 1). */
  p?: Record<string, unknown>
  /** k 3: the first present ID (valid while `ok`); k 4: the list, and whether it is stale. */
  f?: string
  ok: boolean
  l: readonly string[]
}

/** What `useSyncExternalStore` sees: a new one when some result changed. */
export interface Snapshot {
  t: Tracker
  v: unknown[]
}

type Tracker = ReturnType<typeof createTracker>

const isIndex = (key: string) => String(Number(key) >>> 0) === key && key !== '4294967295'

/**
 * Follows the entries of some IDs, one listener per ID: a change of one ID costs O(1) (times the tracks), whatever
 * the number of IDs; only the first read and a subscribe (which catches up with what changed meanwhile) cost O(N).
 * Records are read-only views over a shared map, versioned: the newest reads the map; when an ID changes, the
 * version before it keeps the old value, so every view handed out keeps showing its snapshot.
 */
function createTracker(
  client: StatusClient,
  ids: readonly string[],
  tracks: readonly Track[],
  server?: boolean,
) {
  const pos = new Map(ids.map((id, i) => [id, i]))
  const seen = new Map<string, UserEntry>()
  const lives: Live[] = tracks.map(() => ({
    m: new Map(),
    v: { d: new Map(), n: null },
    c: false,
    ok: true,
    l: [],
  }))
  const byPos = (a: string, b: string) => (pos.get(a) as number) - (pos.get(b) as number)
  // The order of a plain object's keys: array indices ascending, then the rest as added (here in ID order).
  const rank = (id: string) => (isIndex(id) ? Number(id) : 2 ** 32 + (pos.get(id) as number))
  let ordered: string[] | undefined
  let dirty = false

  const read = (live: Live, version: Version, id: string) => {
    let at: Version | null = version
    while (at && !at.d.has(id)) at = at.n
    const value = at ? at.d.get(id) : live.m.get(id)
    // Path compression: an old version remembers what it looked up.
    if (version.n && at !== version) version.d.set(id, value)
    return value
  }

  const view = (live: Live, version: Version, all: boolean) => {
    const own = (key: string | symbol): key is string =>
      typeof key === 'string' && (all ? pos.has(key) : read(live, version, key) !== undefined)
    const no = () => false
    return new Proxy(
      {},
      {
        get: (target, key, receiver) =>
          own(key) ? read(live, version, key) : Reflect.get(target, key, receiver),
        has: (target, key) => own(key) || key in target,
        ownKeys() {
          if (all) {
            ordered ??= [...ids].sort((a, b) => rank(a) - rank(b))
            return ordered
          }
          const keys = new Set(live.m.keys())
          for (let at: Version | null = version; at; at = at.n) for (const id of at.d.keys()) keys.add(id)
          return [...keys]
            .filter((id) => read(live, version, id) !== undefined)
            .sort((a, b) => rank(a) - rank(b))
        },
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

  const apply = (id: string, entry: UserEntry) => {
    seen.set(id, entry)
    tracks.forEach(({ k, of }, i) => {
      const live = lives[i] as Live
      const before = live.m.get(id)
      const value = of(entry) ?? undefined
      if (value === before) return
      if (!live.v.d.has(id)) live.v.d.set(id, before)
      if (value === undefined) live.m.delete(id)
      else live.m.set(id, value)
      if (k === 3 && live.ok) {
        if (before === undefined && (live.f === undefined || byPos(id, live.f) < 0)) live.f = id
        else if (value === undefined && id === live.f) live.ok = false
      }
      if (k === 4) live.ok = false
      live.c = dirty = true
    })
  }

  const snap = (): Snapshot => ({
    t: tracker,
    v: lives.map((live, i) => {
      const { k } = tracks[i] as Track
      if (live.c) {
        live.c = false
        live.v = live.v.n = { d: new Map(), n: null }
        live.p = undefined
      }
      if (k < 2) live.p ??= view(live, live.v, k === 0)
      return k < 2 ? live.p : k === 2 ? live.m.size > 0 : undefined
    }),
  })

  let last: Snapshot
  let srv: Tracker | undefined
  const tracker = {
    client,
    ids,
    subscribe(onChange: () => void) {
      // Catch up with what changed between the render and now: O(N), only here.
      for (const id of ids) if (seen.get(id) !== client.getEntry(id)) apply(id, client.getEntry(id))
      const offs = ids.map((id) =>
        client.subscribeEntry(id, () => {
          const entry = client.getEntry(id)
          if (entry === seen.get(id)) return
          apply(id, entry)
          if (dirty) onChange()
        }),
      )
      return () => {
        for (const off of offs) off()
      }
    },
    getSnapshot(): Snapshot {
      if (dirty) {
        dirty = false
        last = snap()
      }
      return last
    },
    server() {
      srv ??= createTracker(client, ids, tracks, true)
      return srv.getSnapshot()
    },
    /** The results of a snapshot of this tracker (the newest: the lazy ones are read from the live state). */
    out(snapshot: Snapshot): unknown[] {
      return snapshot.v.map((value, i) => {
        const { k } = tracks[i] as Track
        const live = lives[i] as Live
        if (k === 3) {
          if (!live.ok) {
            live.f = undefined
            for (const id of live.m.keys()) if (live.f === undefined || byPos(id, live.f) < 0) live.f = id
            live.ok = true
          }
          return live.f === undefined ? null : live.m.get(live.f)
        }
        if (k === 4 && !live.ok) {
          live.l = [...live.m.keys()].sort(byPos)
          live.ok = true
        }
        return k === 4 ? live.l : value
      })
    },
  }
  for (const id of ids) apply(id, server ? EMPTY_ENTRY : client.getEntry(id))
  for (const live of lives) {
    live.v = { d: new Map(), n: null }
    live.c = false
  }
  last = snap()
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
  if (!tracker || tracker.client !== client || tracker.ids !== ids) {
    tracker = held.current = createTracker(client, ids, tracks)
  }
  const snapshot = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot, tracker.server)
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
