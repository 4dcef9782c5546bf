import type { StatusError } from './errors'

/** A user's general status, with the SDK's numbers (`TIM.TYPES.USER_STATUS_*`). */
export type StatusType = 0 | 1 | 2 | 3

/** Names for the status numbers: `UserStatusType.Online === TIM.TYPES.USER_STATUS_ONLINE`. */
export const UserStatusType = { Unknown: 0, Online: 1, Offline: 2, Unlogined: 3 } as const

/** One user's status as the library keeps it. The object is replaced only when something in it changes. */
export interface UserStatus {
  userID: string
  statusType: StatusType
  customStatus: string
  /** ms since the epoch of the last change seen (fetched, pushed or set). */
  updatedAt: number
  /**
   * ms since the epoch when this client saw the current `statusType` begin: a push or an answer that changed it from
   * another known type. null when its start is unknown (only ever fetched, or first heard as it was). This client's
   * observation, not the server's: the web SDK gives no time.
   */
  since: number | null
}

/**
 * Where the subscription of one ID stands: `pending` (wanted, not confirmed yet), `subscribed`, `failed` (refused
 * for this ID or by the whole call), `polled` (wanted live, but past `maxSubscriptions`: kept fresh by queries
 * instead), or `none`.
 */
export type SubscriptionState = 'none' | 'pending' | 'subscribed' | 'failed' | 'polled'

/**
 * Whether the engine can talk to the SDK, and if not why: never logged in (or destroyed), logged out, kicked out
 * by another login, or logged in but offline (the SDK's connection is down).
 */
export type Readiness = 'ready' | 'not-logged-in' | 'logged-out' | 'kicked-out' | 'offline'

/** Everything the store knows about one user ID. Immutable: a new object replaces it when any field changes. */
export interface UserEntry {
  status: UserStatus | undefined
  /** A whole SDK call that carried this ID failed (3122, 72001, retries exhausted, ...). */
  error: StatusError | null
  /** This ID was in the call's `failureUserList` (query or subscribe). */
  failure: StatusError | null
  subscription: SubscriptionState
  /** A query for this ID is waiting or in flight. */
  fetching: boolean
}

/** The SDK's connection, as `NET_STATE_CHANGE` reports it. */
export type NetworkState = 'connected' | 'connecting' | 'disconnected'

/** The state of one status client (one per provider / SDK instance). */
export interface StatusState {
  /** Entries by user ID. A live map: read it with `get`; the entries in it are immutable. */
  entries: ReadonlyMap<string, UserEntry>
  /** The logged-in user's own status, kept live by events from every device. */
  self: UserStatus | undefined
  /** The logged-in user's ID, once the SDK is ready. */
  userID: string | null
  /** The SDK is logged in and ready: calls are being sent. */
  ready: boolean
  /** `'ready'`, or why not. */
  readiness: Readiness
  network: NetworkState
  /** The last whole-call failure of any status API (cleared by the next success of that API). */
  error: StatusError | null
  /** Increases with every write. */
  revision: number
  /** The IDs whose entries the last write changed. */
  changed: ReadonlySet<string>
}

/** IDs per SDK call. The SDK silently drops IDs beyond its own limits, so these must not exceed them. */
export interface StatusLimits {
  /** IDs per `getUserStatus` call (1-500, default 500). */
  query: number
  /** IDs per `subscribeUserStatus` call (1-100, default 100). */
  subscribe: number
  /** IDs per `unsubscribeUserStatus` call (1-100, default 100). */
  unsubscribe: number
}

/** At most `calls` calls of one API family in any window of `perMs` milliseconds. */
export interface RateLimit {
  calls: number
  perMs: number
  /**
   * Added to the window on the client's side (default 250 ms): the server counts a call when it arrives, so
   * uneven network delay could otherwise bunch 21 calls into its 5 s.
   */
  marginMs: number
}

/** Timers and clock, injectable so that tests can drive them. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Options of `createStatusClient` and `<StatusProvider options>`; every field is optional. */
export interface StatusClientOptions {
  limits?: Partial<StatusLimits>
  rateLimit?: Partial<RateLimit>
  /** Grace before a released ID is unsubscribed (default 5,000 ms). */
  unsubscribeDelayMs?: number
  /** How long a fetched status of an unsubscribed ID counts as fresh (default 30,000 ms). Subscribed IDs are always fresh. */
  staleTimeMs?: number
  /**
   * Most server-side subscriptions held at once (a positive integer or `Infinity`; default 200). The server drops
   * the oldest subscriptions silently past its own cap; past this one, IDs wanted live are ranked and the rest are
   * kept fresh by queries.
   */
  maxSubscriptions?: number
  /** An ID nobody retains is forgotten after this long (default 300,000 ms). */
  gcTimeMs?: number
  /**
   * The flap guard: another user shown online who turns offline or unlogined is shown online this much longer, so a
   * page reload (seen as a second or two of "logged out") never shows them away. 0 turns it off (default 5,000 ms).
   */
  offlineDelayMs?: number
  /** Retry delay after a 2996 or network failure, doubled per failure up to `retryMaxDelayMs` (default 1,000 ms). */
  retryDelayMs?: number
  /** Upper bound of the retry delay (default 30,000 ms). */
  retryMaxDelayMs?: number
  /** Failed attempts after which an error is shown while retrying goes on (default 3). */
  retriesBeforeError?: number
  /** The logged-in user's ID, when the app knows it (saves a `getMyProfile` call on `tim-js-sdk` 2.x). */
  userID?: string
  /** Clock and timers (default: the global ones). */
  clock?: Clock
  /** Runs the flush of a batch; default `queueMicrotask`, so every caller of the current task joins it. */
  batchScheduleFn?: (flush: () => void) => void
}

/** Options after defaults were applied and checked. */
export interface ResolvedOptions {
  limits: StatusLimits
  rateLimit: RateLimit
  unsubscribeDelayMs: number
  staleTimeMs: number
  maxSubscriptions: number
  gcTimeMs: number
  offlineDelayMs: number
  retryDelayMs: number
  retryMaxDelayMs: number
  retriesBeforeError: number
  userID: string | undefined
  clock: Clock
  batchScheduleFn: (flush: () => void) => void
}

/** The three API families that the server limits separately. */
export type ApiFamily = 'query' | 'subscribe' | 'unsubscribe'

/** The API families, in the order a pass sends their calls. */
export const FAMILIES: readonly ApiFamily[] = ['query', 'subscribe', 'unsubscribe']
