/**
 * What the server holds: each user's status, the sessions (logins) and their subscriptions, friendships, the
 * plan, the console switch, the frequency limit and per-ID errors. It knows nothing of frames; `commands.ts`
 * speaks the protocol over it. Time comes from `options.now` and the global `setTimeout` (read at call time, so
 * fake timers drive it).
 *
 * Choices where the real service is not documented, as the in-memory fake backend makes them:
 * - subscriptions belong to a session and go at once when it logs out;
 * - each session's list of subscriptions has a cap (`subscriptionCap`, default `Infinity`: none): a subscribe
 *   that takes it past the cap drops the EARLIEST subscriptions silently (no error, no push; those users are just
 *   no longer pushed), as Tencent's native SDK references describe; subscribing an ID the session already holds
 *   refreshes its place (it becomes the newest); a lowered cap applies from the next subscribe; every drop is
 *   recorded (`droppedSubscriptions`). The real cap's size is not published;
 * - the last session's logout makes the user UNLOGINED (3, pushed), keeping the custom status, which is cleared
 *   (and pushed again) `customStatusClearDelayMs` later unless the user logged in again;
 * - a socket closed without a logout leaves its session in place, subscriptions and all: after reconnecting,
 *   the SDK logs in again with the session's A2Key, and pushes sent while it was away are lost;
 * - a command is checked for the frequency limit (2996) before the console switch (72001);
 * - one's own ID in a subscribe, and a custom status over 100 UTF-8 bytes, are refused with 70402 (a choice);
 * - the plan is enforced by the SDK (3122) from the bits it was given; the backend does not check it again.
 */

import { MAX_CUSTOM_STATUS_BYTES, utf8ByteLength } from '../../core/validate'
import { createPresenceModel, type DroppedSubscription, SUBSCRIBE_OWN_ID_CODE } from '../presenceModel'
import type {
  LocalImCommand,
  LocalImError,
  LocalImOptions,
  LocalImRateLimit,
  LocalImStatus,
  PurchaseBits,
} from './types'

/** The status numbers of the protocol (`TIM.TYPES.USER_STATUS_*`). */
export const STATUS = { ONLINE: 1, OFFLINE: 2, UNLOGINED: 3 } as const

/** Codes the backend answers with. 70402 for a refused parameter is a choice, not checked against the service. */
export const LOCAL_IM_ERROR = {
  OVER_FREQUENCY_LIMIT: 2996,
  STATUS_FEATURE_OFF: 72001,
  INVALID_PARAMETER: SUBSCRIBE_OWN_ID_CODE,
  /** A command after logout, or a login with an empty user ID. */
  NOT_LOGGED_IN: 2024,
  /** A login again with an A2Key the backend does not know (the SDK's ACCOUNT_A2KEY_EXPIRED). */
  A2_EXPIRED: 70001,
} as const

export { MAX_CUSTOM_STATUS_BYTES }

/** The three status command families the server limits separately. */
export type StatusFamily = 'query' | 'subscribe' | 'unsubscribe'

/** One login of a user: what the backend hands out at login and what the session subscribed to. */
export interface Session {
  readonly id: number
  readonly userID: string
  readonly a2Key: string
  readonly tinyID: string
  readonly instanceID: number
  readonly subscriptions: Set<string>
  /** Where pushes go; null while the socket is down (the SDK reconnects and logs in again). */
  link: SessionLink | null
  open: boolean
}

/** The connection a session's pushes go through (`commands.ts` turns them into frames). */
export interface SessionLink {
  pushStatus(status: LocalImStatus): void
  pushPurchaseBits(bits: string): void
}

/** What `createImBackend` returns: the model, for `commands.ts` and the public controls. */
export interface ImBackend {
  now(): number
  readonly options: Required<Pick<LocalImOptions, 'purchaseBitsInLoginReply' | 'echoSelfStatus'>> & {
    cloudConfig: Record<string, string>
  }
  purchaseBits(): string
  setPurchaseBits(bits: PurchaseBits): void
  consoleEnabled(): boolean
  setConsoleEnabled(on: boolean): void
  friendAutoNotify(): boolean
  setFriendAutoNotify(on: boolean): void
  setRateLimit(limit: LocalImRateLimit | false): void
  setUserError(userID: string, error: LocalImError | null): void
  userError(userID: string): LocalImError | undefined
  subscriptionCap(): number
  setSubscriptionCap(cap: number): void
  /**
   * A session subscribes (own ID and IDs with a per-ID error fail; a held ID is refreshed; past the cap the
   * oldest are dropped silently). Returns the per-ID failures.
   */
  subscribe(
    session: Session,
    userIDList: readonly string[],
  ): { userID: string; code: number; message: string }[]
  /** A session unsubscribes from these IDs, or from all with `'all'`. */
  unsubscribe(session: Session, userIDList: readonly string[] | 'all'): void
  /** The union of the user's sessions' subscriptions, each session's oldest first. */
  subscriptionsOf(userID: string): string[]
  droppedSubscriptions(userID?: string): DroppedSubscription[]
  clearDropped(): void
  status(userID: string): LocalImStatus
  /** Changes a status and pushes it to subscribers, auto-notified friends and the user's own sessions. */
  setStatus(userID: string, patch: { statusType?: number; customStatus?: string }, except?: Session): void
  addFriends(a: string, b: string): void
  login(userID: string): Session
  logout(session: Session): void
  sessionByA2(a2Key: string): Session | undefined
  sessionsOf(userID: string): Session[]
  /** A whole-command refusal (frequency limit, console switch), or null when the command may run. */
  admit(session: Session, family: StatusFamily): LocalImError | null
  log: LocalImCommand[]
  /** Records a command and tells the listeners of `onCommand`. */
  record(command: LocalImCommand): void
  /** Listens to every command recorded from now on; returns the function that stops it. */
  onCommand(listener: (command: LocalImCommand) => void): () => void
  /** Timers of the backend that have not run yet (custom status clears). */
  pendingTimers(): number
  /** Cancels the backend's timers. */
  dispose(): void
}

/** Bits as the SDK reads them: 0/1 characters, the rightmost is bit 0. */
export function normalizePurchaseBits(bits: PurchaseBits): string {
  if (bits === true) return '10000000'
  if (bits === false) return '0'
  if (typeof bits === 'number') {
    if (!Number.isSafeInteger(bits) || bits < 0)
      throw new TypeError(`purchase bits must be a non-negative integer, got ${bits}`)
    return bits.toString(2)
  }
  if (!/^[01]{1,64}$/.test(bits))
    throw new TypeError(`purchase bits must be 1 to 64 characters of 0 and 1, got '${bits}'`)
  return bits
}

/** Creates the model of one backend; nothing is shared between two. */
export function createImBackend(options: LocalImOptions = {}): ImBackend {
  const now = options.now ?? (() => Date.now())
  let bits = normalizePurchaseBits(options.purchaseBits ?? true)
  const model = createPresenceModel<Session>({
    now,
    rateLimit: options.rateLimit ?? { calls: 20, perMs: 5000 },
    consoleEnabled: options.consoleEnabled ?? true,
    friendAutoNotify: options.friendAutoNotify ?? false,
    customStatusClearDelayMs: options.customStatusClearDelayMs ?? 30_000,
    subscriptionCap: options.subscriptionCap ?? Number.POSITIVE_INFINITY,
    // A session whose socket is down gets nothing (pushes sent meanwhile are lost, as on the real service).
    deliver: (session, status) => session.link?.pushStatus(status),
  })
  const commandListeners = new Set<(command: LocalImCommand) => void>()
  let nextSession = 1

  const backend: ImBackend = {
    now,
    options: {
      purchaseBitsInLoginReply: options.purchaseBitsInLoginReply ?? true,
      echoSelfStatus: options.echoSelfStatus ?? true,
      cloudConfig: { ...options.cloudConfig },
    },
    purchaseBits: () => bits,
    setPurchaseBits(next) {
      bits = normalizePurchaseBits(next)
      // The server pushes a changed plan to every session; the SDK applies it at once.
      for (const session of model.openSessions()) session.link?.pushPurchaseBits(bits)
    },
    consoleEnabled: model.consoleEnabled,
    setConsoleEnabled: model.setConsoleEnabled,
    friendAutoNotify: model.friendAutoNotify,
    setFriendAutoNotify: model.setFriendAutoNotify,
    setRateLimit: model.setRateLimit,
    setUserError: model.setUserError,
    userError: model.userError,
    subscriptionCap: model.subscriptionCap,
    setSubscriptionCap: model.setSubscriptionCap,
    subscribe: model.subscribe,
    unsubscribe: model.unsubscribe,
    subscriptionsOf: model.subscriptionsOf,
    droppedSubscriptions: model.droppedSubscriptions,
    clearDropped: model.clearDropped,
    status: model.status,
    setStatus: model.setStatus,
    addFriends: model.addFriends,
    login(userID) {
      const id = nextSession++
      const session: Session = {
        id,
        userID,
        a2Key: `local-a2-${id}-${Math.random().toString(36).slice(2)}`,
        tinyID: String(144115200000000000 + id),
        instanceID: 1000 + id,
        subscriptions: new Set(),
        link: null,
        open: true,
      }
      // Everyone who follows the user, and the user's other devices, learn that it came online.
      model.open(session)
      return session
    },
    logout(session) {
      session.link = null
      model.close(session)
    },
    sessionByA2: (a2Key) => model.openSessions().find((s) => s.a2Key === a2Key),
    sessionsOf: model.sessionsOf,
    admit(session, family) {
      const limit = model.rateLimit()
      if (limit !== false && model.overLimit(session.userID, family)) {
        return {
          code: LOCAL_IM_ERROR.OVER_FREQUENCY_LIMIT,
          message: `over the frequency limit of ${limit.calls} calls per ${limit.perMs} ms`,
        }
      }
      if (!model.consoleEnabled()) {
        return {
          code: LOCAL_IM_ERROR.STATUS_FEATURE_OFF,
          message: 'user status is not enabled in the IM console',
        }
      }
      return null
    },
    log: [],
    record(command) {
      backend.log.push(command)
      for (const listener of [...commandListeners]) listener(command)
    },
    onCommand(listener) {
      commandListeners.add(listener)
      return () => commandListeners.delete(listener)
    },
    pendingTimers: model.pendingTimers,
    dispose: model.dispose,
  }
  return backend
}

/** Whether a custom status is within the backend's limit. */
export function customStatusFits(text: string): boolean {
  return utf8ByteLength(text) <= MAX_CUSTOM_STATUS_BYTES
}
