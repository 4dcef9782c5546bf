import type { StoreApi } from 'zustand/vanilla'
import type { StatusError } from './errors'
import type { ReadStatus } from './responses'
import type { StatusState, UserEntry, UserStatus } from './types'

/** The entry of an ID nobody has asked about. Shared and frozen, so reading it allocates nothing. */
export const EMPTY_ENTRY: UserEntry = Object.freeze({
  status: undefined,
  error: null,
  failure: null,
  subscription: 'none',
  fetching: false,
})

export type GlobalPatch = Partial<
  Pick<StatusState, 'self' | 'userID' | 'ready' | 'readiness' | 'network' | 'error'>
>

/**
 * Whether a field keeps its value. Errors are made anew by each answer: the same code and text count as the same,
 * so that a re-query that fails the same way wakes nobody.
 */
export function sameField(key: keyof UserEntry, a: unknown, b: unknown): boolean {
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
    next: ReadStatus | undefined,
    at: number,
    patch?: Partial<Omit<UserEntry, 'status'>>,
  ): boolean
  global(patch: GlobalPatch): void
  /** Forgets the entry of `userID` (its listeners, if any, see the empty entry). */
  forget(userID: string): void
}

/**
 * A new status object, stamped `at`. Its `since`: when the type changed from another known one, `at`; when only the
 * custom status changed, the one before; when nothing was known, null (its start is unknown).
 */
function stamp(userID: string, next: ReadStatus, at: number, prev: UserStatus | undefined): UserStatus {
  const since = !prev || prev.statusType === 0 ? null : prev.statusType === next.statusType ? prev.since : at
  return { userID, statusType: next.statusType, customStatus: next.customStatus, updatedAt: at, since }
}

function sameStatus(a: UserStatus | undefined, b: ReadStatus): boolean {
  return !!a && a.statusType === b.statusType && a.customStatus === b.customStatus && a.userID === b.userID
}

/**
 * One write's changes, held until the outermost write ends, then applied as one `setState` (`commit`); the IDs whose
 * statuses it changed are handed to `statusesChanged`.
 */
export class Writer implements StoreWriter {
  readonly #store: StoreApi<StatusState>
  readonly #entries: Map<string, UserEntry>
  readonly #statusesChanged: (ids: ReadonlySet<string>) => void
  #changed = new Set<string>()
  #statuses = new Set<string>()
  #global: GlobalPatch = {}
  #globalChanged = false

  constructor(
    store: StoreApi<StatusState>,
    entries: Map<string, UserEntry>,
    statusesChanged: (ids: ReadonlySet<string>) => void,
  ) {
    this.#store = store
    this.#entries = entries
    this.#statusesChanged = statusesChanged
  }

  entry(userID: string, patch: Partial<UserEntry>): void {
    const prev = this.#entries.get(userID) ?? EMPTY_ENTRY
    let next: UserEntry | undefined
    for (const key in patch) {
      const field = key as keyof UserEntry
      if (!sameField(field, prev[field], patch[field])) {
        next ??= { ...prev }
        ;(next as unknown as Record<string, unknown>)[key] = patch[field]
      }
    }
    if (next) this.set(userID, next)
  }

  set(userID: string, entry: UserEntry): void {
    if (this.#entries.get(userID)?.status !== entry.status) this.#statuses.add(userID)
    this.#entries.set(userID, entry)
    this.#changed.add(userID)
  }

  status(
    userID: string,
    next: ReadStatus | undefined,
    at: number,
    patch?: Partial<Omit<UserEntry, 'status'>>,
  ): boolean {
    const prev = this.#entries.get(userID)?.status
    const changed = next !== undefined && !sameStatus(prev, next)
    const status = changed ? stamp(userID, next, at, prev) : undefined
    // One new entry for the status and the rest of the patch.
    if (changed || patch) this.entry(userID, changed ? { ...patch, status } : (patch as Partial<UserEntry>))
    return changed
  }

  forget(userID: string): void {
    if (this.#entries.get(userID)?.status) this.#statuses.add(userID)
    if (this.#entries.delete(userID)) this.#changed.add(userID)
  }

  global(patch: GlobalPatch): void {
    const state = this.#store.getState()
    for (const key of Object.keys(patch) as (keyof GlobalPatch)[]) {
      const value = patch[key]
      const current = key in this.#global ? this.#global[key] : state[key]
      if (!Object.is(current, value)) {
        ;(this.#global as Record<string, unknown>)[key] = value
        this.#globalChanged = true
      }
    }
  }

  commit(): void {
    if (this.#changed.size === 0 && !this.#globalChanged) return
    const changed = this.#changed
    const statuses = this.#statuses
    const patch = this.#global
    this.#changed = new Set()
    this.#statuses = new Set()
    this.#global = {}
    this.#globalChanged = false
    // Status listeners first: a listener of the whole store hears of the write after every per-ID listener did.
    if (statuses.size > 0) this.#statusesChanged(statuses)
    const revision = this.#store.getState().revision + 1
    this.#store.setState({ ...patch, entries: this.#entries, revision, changed })
  }
}
