import { createStore, type StoreApi } from 'zustand/vanilla'
import { EntryListeners } from './entryListeners'
import type { StatusError } from './errors'
import type { NetworkState, StatusState, SubscriptionState, UserEntry, UserStatus } from './types'

/** The entry of an ID nobody has asked about. Shared and frozen, so reading it allocates nothing. */
export const EMPTY_ENTRY: UserEntry = Object.freeze({
  status: undefined,
  error: null,
  failure: null,
  subscription: 'none',
  fetching: false,
})

type GlobalPatch = Partial<Pick<StatusState, 'self' | 'userID' | 'ready' | 'readiness' | 'network' | 'error'>>

/**
 * Whether a field keeps its value. Errors are made anew by each answer: the same code and text count as the same,
 * so that a re-query that fails the same way wakes nobody.
 */
function sameField(key: keyof UserEntry, a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if ((key !== 'error' && key !== 'failure') || !a || !b) return false
  const [x, y] = [a as StatusError, b as StatusError]
  return x.code === y.code && x.message === y.message
}

/** Collects the changes of one write. */
export interface StoreWriter {
  /** Merges `patch` into the entry of `userID`; nothing happens when no field changes. */
  entry(userID: string, patch: Partial<UserEntry>): void
  /** Puts a new entry for `userID` (made by the caller, not compared). */
  set(userID: string, entry: UserEntry): void
  /**
   * Sets the status of `userID` (undefined: keeps it), keeping the old object when nothing in it changed, and merges
   * `patch` into the same new entry. Returns whether the status changed.
   */
  status(
    userID: string,
    next: Omit<UserStatus, 'updatedAt'> | undefined,
    at: number,
    patch?: Partial<Omit<UserEntry, 'status'>>,
  ): boolean
  global(patch: GlobalPatch): void
  /** Forgets the entry of `userID` (its listeners, if any, see the empty entry). */
  forget(userID: string): void
}

/** The store of one client: a zustand vanilla store plus listeners per user ID. */
export interface StatusStore {
  /** The zustand store; `subscribe` to it to hear every write. */
  readonly store: StoreApi<StatusState>
  getEntry(userID: string): UserEntry
  /** Calls `listener` after every write that changed the entry of `userID`; returns the unsubscribe. */
  subscribeEntry(userID: string, listener: () => void): () => void
  /** Calls `listener` after every write that changed the status of `userID` (not its other fields). */
  subscribeStatus(userID: string, listener: () => void): () => void
  /** Whether some listener watches `userID` (then its entry is kept). */
  isWatched(userID: string): boolean
  /**
   * Sets what the engine derives for `userID` (as `write((w) => w.entry(...))` would): nothing is allocated when
   * no field changes, which is most of the time.
   */
  derive(userID: string, subscription: SubscriptionState, fetching: boolean, error: StatusError | null): void
  /** Applies every change made through the writer as ONE store write; nested calls join the outer write. */
  write<T>(fn: (w: StoreWriter) => T): T
  /**
   * Holds the writes of this task and of the tasks due at the same time (`later` runs its callback after them, a
   * 0 ms timer) and applies them as one store write then: answers of several calls that land together are one
   * update for listeners, and one React commit. Entries read through `getEntry` are current meanwhile.
   */
  hold(later: (release: () => void) => void): void
  /** How many per-ID listeners were woken in total (read by the inspection API). */
  readonly wakeCount: number
}

function sameStatus(a: UserStatus | undefined, b: Omit<UserStatus, 'updatedAt'>): boolean {
  return !!a && a.statusType === b.statusType && a.customStatus === b.customStatus && a.userID === b.userID
}

/**
 * One write's changes, held until the outermost write ends, then applied as one `setState`; `statusesChanged` is
 * told which IDs' statuses that write changed.
 */
function createWriter(
  store: StoreApi<StatusState>,
  entries: Map<string, UserEntry>,
  statusesChanged: (ids: ReadonlySet<string>) => void,
) {
  let changed = new Set<string>()
  let statuses = new Set<string>()
  let globalPatch: GlobalPatch = {}
  let globalChanged = false

  const writer: StoreWriter = {
    entry(userID, patch) {
      const prev = entries.get(userID) ?? EMPTY_ENTRY
      let next: UserEntry | undefined
      for (const key in patch) {
        if (!sameField(key as keyof UserEntry, prev[key as keyof UserEntry], patch[key as keyof UserEntry])) {
          next ??= { ...prev }
          ;(next as unknown as Record<string, unknown>)[key] = patch[key as keyof UserEntry]
        }
      }
      if (next) writer.set(userID, next)
    },
    set(userID, entry) {
      if (entries.get(userID)?.status !== entry.status) statuses.add(userID)
      entries.set(userID, entry)
      changed.add(userID)
    },
    status(userID, next, at, patch) {
      const changed = next !== undefined && !sameStatus(entries.get(userID)?.status, next)
      const status = changed
        ? { userID, statusType: next.statusType, customStatus: next.customStatus, updatedAt: at }
        : undefined
      // One new entry for the status and the rest of the patch.
      if (changed || patch)
        writer.entry(userID, changed ? { ...patch, status } : (patch as Partial<UserEntry>))
      return changed
    },
    forget(userID) {
      if (entries.get(userID)?.status) statuses.add(userID)
      if (entries.delete(userID)) changed.add(userID)
    },
    global(patch) {
      const state = store.getState()
      for (const key of Object.keys(patch) as (keyof GlobalPatch)[]) {
        const value = patch[key]
        const current = key in globalPatch ? globalPatch[key] : state[key]
        if (!Object.is(current, value)) {
          ;(globalPatch as Record<string, unknown>)[key] = value
          globalChanged = true
        }
      }
    },
  }

  const commit = () => {
    if (changed.size === 0 && !globalChanged) return
    const ids = changed
    const statusIDs = statuses
    const patch = globalPatch
    changed = new Set()
    statuses = new Set()
    globalPatch = {}
    globalChanged = false
    store.setState({ ...patch, entries, revision: store.getState().revision + 1, changed: ids })
    if (statusIDs.size > 0) statusesChanged(statusIDs)
  }
  return { writer, commit }
}

/**
 * Makes the store of one engine. One write is one `setState`, and only the listeners of the IDs it changed run,
 * so one user's change costs O(1) however many components watch other users. `onUnwatched`: told when the last
 * listener of an ID is gone (its entry may be forgotten then).
 */
export function createStatusStore(onUnwatched?: (userID: string) => void): StatusStore {
  const entries = new Map<string, UserEntry>()
  const onEmpty = (userID: string) => {
    if (!listeners.has(userID) && !statusListeners.has(userID)) onUnwatched?.(userID)
  }
  // Listeners of any field of an entry, and listeners of its status only (a badge: no wake for `fetching`).
  const listeners = new EntryListeners(onEmpty)
  const statusListeners = new EntryListeners(onEmpty)
  const store = createStore<StatusState>()(() => ({
    entries,
    self: undefined,
    userID: null,
    ready: false,
    readiness: 'not-logged-in',
    network: 'connected' as NetworkState,
    error: null,
    revision: 0,
    changed: new Set<string>(),
  }))
  const { writer, commit } = createWriter(store, entries, (ids) => statusListeners.wake(ids))
  let depth = 0
  let holding = false
  // The one store listener: wakes only the listeners of the IDs this write changed.
  store.subscribe((state) => listeners.wake(state.changed))
  const end = () => {
    if (--depth === 0) commit()
  }

  return {
    store,
    getEntry: (userID) => entries.get(userID) ?? EMPTY_ENTRY,
    subscribeEntry: (userID, listener) => listeners.add(userID, listener),
    subscribeStatus: (userID, listener) => statusListeners.add(userID, listener),
    isWatched: (userID) => listeners.has(userID) || statusListeners.has(userID),
    derive(userID, subscription, fetching, error) {
      const prev = entries.get(userID) ?? EMPTY_ENTRY
      const sameError = sameField('error', prev.error, error)
      if (prev.subscription === subscription && prev.fetching === fetching && sameError) return
      depth++
      // The same code and text: the old error stays (see `sameField`).
      writer.set(userID, { ...prev, subscription, fetching, error: sameError ? prev.error : error })
      end()
    },
    write(fn) {
      depth++
      try {
        return fn(writer)
      } finally {
        end()
      }
    },
    hold(later) {
      if (holding) return
      holding = true
      depth++
      later(() => {
        holding = false
        end()
      })
    },
    get wakeCount() {
      return listeners.wakeCount + statusListeners.wakeCount
    },
  }
}
