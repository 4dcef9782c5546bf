import { createStore, type StoreApi } from 'zustand/vanilla'
import { EntryListeners } from './entryListeners'
import type { StatusError } from './errors'
import { EMPTY_ENTRY, type StoreWriter, sameField, Writer } from './storeWriter'
import type { StatusState, SubscriptionState, UserEntry } from './types'

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

function initialState(entries: Map<string, UserEntry>): StatusState {
  return {
    entries,
    self: undefined,
    userID: null,
    ready: false,
    readiness: 'not-logged-in',
    network: 'connected',
    error: null,
    revision: 0,
    changed: new Set<string>(),
  }
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
  const store = createStore<StatusState>()(() => initialState(entries))
  const writer = new Writer(store, entries, (ids) => statusListeners.wake(ids))
  let depth = 0
  let holding = false
  // The one store listener: wakes only the listeners of the IDs this write changed.
  store.subscribe((state) => listeners.wake(state.changed))
  const end = () => {
    if (--depth === 0) writer.commit()
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
