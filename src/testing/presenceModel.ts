import type { SdkFailure, SdkUserStatus } from '../core/sdk'

const STATUS_ONLINE = 1
const STATUS_UNLOGINED = 3

/** The code both backends refuse a subscribe to one's own ID with (a choice; the real code is unknown). */
export const SUBSCRIBE_OWN_ID_CODE = 70402

/** What the model needs of a session (one logged-in SDK instance). */
export interface PresenceSessionState {
  readonly id: number
  readonly userID: string
  open: boolean
  /** Whom the session is subscribed to, oldest first: the order the server drops them in past the cap. */
  readonly subscriptions: Set<string>
}

/** A subscription the server dropped silently because its session's list went past the cap. */
export interface DroppedSubscription {
  /** The subscriber: the user whose session held the subscription. */
  userID: string
  /** That session's ID (one login). */
  session: number
  /** The ID it was subscribed to, which is no longer pushed to it. */
  dropped: string
  /** `now()` when the subscribe that pushed it out arrived. */
  at: number
}

/** Checks a subscription cap: a positive integer or `Infinity`. */
export function checkSubscriptionCap(cap: number): number {
  if (cap !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(cap) && cap > 0)) {
    throw new TypeError(`subscriptionCap must be a positive integer or Infinity, got ${cap}`)
  }
  return cap
}

/** The three families the server limits separately. */
export type PresenceFamily = 'query' | 'subscribe' | 'unsubscribe'

/** Settings of the model; the flags can be changed later through its setters. */
export interface PresenceModelOptions<S extends PresenceSessionState> {
  now: () => number
  rateLimit: { calls: number; perMs: number } | false
  consoleEnabled: boolean
  friendAutoNotify: boolean
  customStatusClearDelayMs: number
  /** How many subscriptions one session may hold; past it the earliest are dropped silently. */
  subscriptionCap: number
  /** Hands one status push to one session (each call gets its own object). */
  deliver: (session: S, status: SdkUserStatus) => void
}

/**
 * The server's presence state, shared by the two stand-ins of `react-tim-status/testing` (the in-memory fake
 * SDK and the local IM backend for the real SDK): statuses, friends, per-ID errors, sessions and who follows
 * whom, pushes, the frequency limit, the console switch, and the custom status cleared a while after logout.
 */
export function createPresenceModel<S extends PresenceSessionState>(options: PresenceModelOptions<S>) {
  const { now, deliver } = options
  let rateLimit = options.rateLimit
  let consoleEnabled = options.consoleEnabled
  let friendAutoNotify = options.friendAutoNotify
  let subscriptionCap = checkSubscriptionCap(options.subscriptionCap)
  let dropped: DroppedSubscription[] = []
  const statuses = new Map<string, { statusType: number; customStatus: string }>()
  const friends = new Map<string, Set<string>>()
  const userErrors = new Map<string, { code: number; message: string }>()
  const sessions: S[] = []
  const clearTimers = new Map<string, ReturnType<typeof setTimeout>>()
  // Accepted calls' times, keyed `${userID}\n${family}`, for the sliding window.
  const callTimes = new Map<string, number[]>()

  const status = (userID: string): SdkUserStatus => {
    const record = statuses.get(userID)
    return {
      userID,
      statusType: record?.statusType ?? STATUS_UNLOGINED,
      customStatus: record?.customStatus ?? '',
    }
  }

  const update = (userID: string, patch: { statusType?: number; customStatus?: string }): void => {
    const current = status(userID)
    statuses.set(userID, {
      statusType: patch.statusType ?? current.statusType,
      customStatus: patch.customStatus ?? current.customStatus,
    })
  }

  const sessionsOf = (userID: string): S[] => sessions.filter((s) => s.open && s.userID === userID)
  const areFriends = (a: string, b: string) => friends.get(a)?.has(b) ?? false

  /** Pushes the user's status once per session to subscribers, auto-notified friends and, if asked, own sessions. */
  const push = (userID: string, toOwnSessions: boolean, except?: S): void => {
    const current = status(userID)
    for (const session of sessions) {
      if (!session.open || session === except) continue
      const wants =
        session.userID === userID
          ? toOwnSessions
          : session.subscriptions.has(userID) || (friendAutoNotify && areFriends(session.userID, userID))
      if (wants) deliver(session, { ...current })
    }
  }

  const cancelClear = (userID: string): void => {
    const timer = clearTimers.get(userID)
    if (timer !== undefined) clearTimeout(timer)
    clearTimers.delete(userID)
  }

  const scheduleClear = (userID: string): void => {
    cancelClear(userID)
    const timer = setTimeout(() => {
      clearTimers.delete(userID)
      // An update is only sent when there is something to clear: no change, no notification.
      if (sessionsOf(userID).length > 0 || status(userID).customStatus === '') return
      update(userID, { customStatus: '' })
      push(userID, false)
    }, options.customStatusClearDelayMs)
    // A pending clear must not keep a Node process alive; `dispose()` cancels it anyway.
    ;(timer as { unref?: () => void }).unref?.()
    clearTimers.set(userID, timer)
  }

  return {
    status,
    update,
    push,
    sessionsOf,
    /** Every open session. */
    openSessions: (): S[] => sessions.filter((s) => s.open),
    /** Changes a user's status as another device or a REST call would, and pushes it. */
    setStatus(userID: string, patch: { statusType?: number; customStatus?: string }, except?: S): void {
      update(userID, patch)
      push(userID, true, except)
    },
    addFriends(a: string, b: string): void {
      for (const [one, other] of [
        [a, b],
        [b, a],
      ] as const) {
        const set = friends.get(one) ?? new Set<string>()
        set.add(other)
        friends.set(one, set)
      }
    },
    consoleEnabled: () => consoleEnabled,
    setConsoleEnabled(on: boolean): void {
      consoleEnabled = on
    },
    friendAutoNotify: () => friendAutoNotify,
    setFriendAutoNotify(on: boolean): void {
      friendAutoNotify = on
    },
    rateLimit: () => rateLimit,
    setRateLimit(limit: { calls: number; perMs: number } | false): void {
      rateLimit = limit
      callTimes.clear()
    },
    userError: (userID: string) => userErrors.get(userID),
    setUserError(userID: string, error: { code: number; message: string } | null): void {
      if (error) userErrors.set(userID, { code: error.code, message: error.message })
      else userErrors.delete(userID)
    },
    subscriptionCap: () => subscriptionCap,
    /**
     * Changes the cap. It applies from each session's next subscribe: a session already holding more keeps them
     * until then (the server trims a list when it is added to).
     */
    setSubscriptionCap(cap: number): void {
      subscriptionCap = checkSubscriptionCap(cap)
    },
    /**
     * A session subscribes: each distinct ID once, in request order. One's own ID and IDs with a per-ID error are
     * answered as failures and change nothing; every other ID goes to the newest end of the session's list (an ID
     * already held moves there: its place is refreshed). Past the cap the oldest are dropped silently (recorded
     * in `droppedSubscriptions`), even ones of this very request.
     */
    subscribe(session: S, userIDList: readonly string[]): SdkFailure[] {
      const failures: SdkFailure[] = []
      for (const userID of new Set(userIDList)) {
        const failure = userErrors.get(userID)
        if (userID === session.userID) {
          failures.push({
            userID,
            code: SUBSCRIBE_OWN_ID_CODE,
            message: 'cannot subscribe to your own status',
          })
        } else if (failure) {
          failures.push({ userID, ...failure })
        } else {
          session.subscriptions.delete(userID)
          session.subscriptions.add(userID)
          while (session.subscriptions.size > subscriptionCap) {
            const oldest = session.subscriptions.values().next().value as string
            session.subscriptions.delete(oldest)
            dropped.push({ userID: session.userID, session: session.id, dropped: oldest, at: now() })
          }
        }
      }
      return failures
    },
    /** A session unsubscribes from these IDs (IDs it does not hold are ignored), or from all with `'all'`. */
    unsubscribe(session: S, userIDList: readonly string[] | 'all'): void {
      if (userIDList === 'all') session.subscriptions.clear()
      else for (const userID of userIDList) session.subscriptions.delete(userID)
    },
    /** The subscriptions dropped past the cap, in order; only those of one subscriber when `userID` is given. */
    droppedSubscriptions(userID?: string): DroppedSubscription[] {
      return dropped.filter((entry) => userID === undefined || entry.userID === userID).map((e) => ({ ...e }))
    },
    clearDropped(): void {
      dropped = []
    },
    /** Whom the user is subscribed to now, over all of the user's sessions, oldest first per session. */
    subscriptionsOf(userID: string): string[] {
      const union = new Set<string>()
      for (const session of sessionsOf(userID)) for (const id of session.subscriptions) union.add(id)
      return [...union]
    },
    /** Applies the frequency limit: true when the call is refused (a refused call does not count). */
    overLimit(userID: string, family: PresenceFamily): boolean {
      if (rateLimit === false) return false
      const at = now()
      const key = `${userID}\n${family}`
      const recent = (callTimes.get(key) ?? []).filter(
        (time) => at - time < (rateLimit as { perMs: number }).perMs,
      )
      callTimes.set(key, recent)
      if (recent.length >= rateLimit.calls) return true
      recent.push(at)
      return false
    },
    /** A session logs in; the first one of its user makes the user online and tells everyone but itself. */
    open(session: S): void {
      const first = sessionsOf(session.userID).length === 0
      sessions.push(session)
      if (!first) return
      cancelClear(session.userID)
      update(session.userID, { statusType: STATUS_ONLINE })
      push(session.userID, true, session)
    },
    /** A session logs out; its subscriptions go, and the last one makes its user not logged in. */
    close(session: S): void {
      if (!session.open) return
      session.open = false
      session.subscriptions.clear()
      sessions.splice(sessions.indexOf(session), 1)
      if (sessionsOf(session.userID).length > 0) return
      update(session.userID, { statusType: STATUS_UNLOGINED })
      push(session.userID, false)
      if (status(session.userID).customStatus !== '') scheduleClear(session.userID)
    },
    pendingTimers: () => clearTimers.size,
    dispose(): void {
      for (const userID of [...clearTimers.keys()]) cancelClear(userID)
    },
  }
}

/** The model of one server. */
export type PresenceModel<S extends PresenceSessionState> = ReturnType<typeof createPresenceModel<S>>
