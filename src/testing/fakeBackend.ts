/**
 * An in-memory stand-in for Tencent Cloud IM's user-status backend, shared by any number of fake SDK clients
 * (several users, or several devices of one user). It holds what the server holds: each user's status, the
 * sessions that are logged in, who each session subscribed to, friendships, the console switch, the plan, and a
 * per-user frequency limit. It never touches the network; time comes from `options.now` and `setTimeout`, so
 * vitest's fake timers drive it.
 *
 * Choices made where the real service is not documented (each is stated where it is implemented):
 * - subscriptions are kept per session (a session's subscriptions go when it logs out or is kicked out);
 * - each session's list of subscriptions has a cap (`subscriptionCap`, default `Infinity`: none): a subscribe
 *   that takes it past the cap drops the EARLIEST subscriptions silently (no error, no event; those users are
 *   just no longer pushed), as Tencent's native SDK references describe; subscribing an ID the session already
 *   holds refreshes its place (it becomes the newest); a lowered cap applies from the next subscribe; every drop
 *   is recorded in `droppedSubscriptions`. The real cap's size is not published;
 * - the user's own ID in a subscribe request and a custom status over 100 UTF-8 bytes are refused with
 *   `FAKE_TIM_ERROR.INVALID_PARAMETER` (70402), a code not checked against the live service;
 * - a query answers each distinct ID once, in the order first asked;
 * - a request is checked for the frequency limit (2996) before the console switch (72001), so a request refused
 *   with 72001 still counts toward the limit;
 * - the last session's logout pushes UNLOGINED with the custom status still set; the clear that follows
 *   `customStatusClearDelayMs` later pushes again only when there was a custom status to clear;
 * - `setSelfStatus` is echoed to the calling session too (the guide says own changes arrive through
 *   `USER_STATUS_UPDATED`; the SDK itself emits nothing locally), switchable with `echoSelfStatus`.
 */

import type { SdkFailure, SdkUserStatus } from '../core/sdk'
import { TIM_ERROR } from '../core/sdk'
import { MAX_CUSTOM_STATUS_BYTES, utf8ByteLength } from '../core/validate'
import {
  type BackendApi,
  type BackendCall,
  type BackendSession,
  FAKE_TIM_ERROR,
  type FakeBackend,
  type FakeBackendOptions,
  type FakeErrorInfo,
} from './fakeBackendTypes'
import { createPresenceModel, type PresenceFamily } from './presenceModel'

interface SessionRecord {
  readonly id: number
  readonly userID: string
  readonly onPush: (statuses: SdkUserStatus[]) => void
  readonly subscriptions: Set<string>
  open: boolean
}

const STATUS_ONLINE = 1

/** The most a custom status may hold, in UTF-8 bytes (the library's own limit, shared). */
export { MAX_CUSTOM_STATUS_BYTES }

/** Creates an independent fake backend; nothing is shared between two backends. */
export function createFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const now = options.now ?? (() => Date.now())
  const echoSelfStatus = options.echoSelfStatus ?? true
  let planEnabled = options.planEnabled ?? true
  const model = createPresenceModel<SessionRecord>({
    now,
    rateLimit: options.rateLimit === undefined ? { calls: 20, perMs: 5000 } : options.rateLimit,
    consoleEnabled: options.consoleEnabled ?? true,
    friendAutoNotify: options.friendAutoNotify ?? false,
    customStatusClearDelayMs: options.customStatusClearDelayMs ?? 30_000,
    subscriptionCap: options.subscriptionCap ?? Number.POSITIVE_INFINITY,
    // Each recipient gets its own copy so that a handler mutating it cannot reach another session.
    deliver: (session, status) => session.onPush([status]),
  })
  let log: BackendCall[] = []
  let nextSessionID = 1

  const logCall = (entry: BackendCall): BackendCall => {
    log.push(entry)
    return entry
  }

  const FAMILY: Record<BackendApi, PresenceFamily | null> = {
    getUserStatus: 'query',
    subscribeUserStatus: 'subscribe',
    unsubscribeUserStatus: 'unsubscribe',
    // Never limited; own-ID queries never reach the backend.
    setSelfStatus: null,
  }

  /** The checks every request goes through, in the order the fake applies them; returns the refusal if any. */
  const admit = (session: SessionRecord, entry: BackendCall): FakeErrorInfo | null => {
    let error: FakeErrorInfo | null = null
    if (!session.open) {
      error = { code: TIM_ERROR.USER_NOT_LOGGED_IN, message: 'session is logged out' }
    } else if (
      FAMILY[entry.api] !== null &&
      model.overLimit(session.userID, FAMILY[entry.api] as PresenceFamily)
    ) {
      error = { code: TIM_ERROR.OVER_FREQUENCY_LIMIT, message: `${entry.api}: over frequency limit` }
    } else if (entry.api !== 'setSelfStatus' && !model.consoleEnabled()) {
      error = {
        code: TIM_ERROR.STATUS_FEATURE_OFF,
        message: 'user status is not enabled in the IM console',
      }
    }
    if (error) entry.error = error
    return error
  }

  const makeSession = (state: SessionRecord): BackendSession => ({
    id: state.id,
    userID: state.userID,
    get isOpen() {
      return state.open
    },
    getUserStatus(userIDList) {
      const entry = logCall({
        api: 'getUserStatus',
        from: state.userID,
        userIDList: [...userIDList],
        at: now(),
      })
      const error = admit(state, entry)
      if (error) return { ok: false, error }
      const successUserList: SdkUserStatus[] = []
      const failureUserList: SdkFailure[] = []
      // Choice: each distinct ID is answered once, in the order it was first asked.
      for (const userID of new Set(userIDList)) {
        const failure = model.userError(userID)
        if (failure) failureUserList.push({ userID, ...failure })
        else successUserList.push(model.status(userID))
      }
      return { ok: true, data: { successUserList, failureUserList } }
    },
    subscribe(userIDList) {
      const entry = logCall({
        api: 'subscribeUserStatus',
        from: state.userID,
        userIDList: [...userIDList],
        at: now(),
      })
      const error = admit(state, entry)
      if (error) return { ok: false, error }
      // The guide: one cannot subscribe to one's own status (70402, a choice). Past the cap the oldest go.
      return { ok: true, data: { failureUserList: model.subscribe(state, userIDList) } }
    },
    unsubscribe(userIDList) {
      const all = userIDList === 'all'
      const entry = logCall(
        all
          ? { api: 'unsubscribeUserStatus', from: state.userID, unsubscribeAll: true, at: now() }
          : { api: 'unsubscribeUserStatus', from: state.userID, userIDList: [...userIDList], at: now() },
      )
      const error = admit(state, entry)
      if (error) return { ok: false, error }
      model.unsubscribe(state, userIDList)
      return { ok: true, data: { failureUserList: [] } }
    },
    setSelfStatus(customStatus) {
      const entry = logCall({ api: 'setSelfStatus', from: state.userID, customStatus, at: now() })
      let error = admit(state, entry)
      if (!error && utf8ByteLength(customStatus) > MAX_CUSTOM_STATUS_BYTES) {
        error = {
          code: FAKE_TIM_ERROR.INVALID_PARAMETER,
          message: `customStatus is longer than ${MAX_CUSTOM_STATUS_BYTES} UTF-8 bytes`,
        }
        entry.error = error
      }
      if (error) return { ok: false, error }
      model.setStatus(state.userID, { customStatus }, echoSelfStatus ? undefined : state)
      return { ok: true, data: { userID: state.userID, statusType: STATUS_ONLINE, customStatus } }
    },
    close() {
      model.close(state)
    },
  })

  return {
    now,
    get planEnabled() {
      return planEnabled
    },
    get consoleEnabled() {
      return model.consoleEnabled()
    },
    get friendAutoNotify() {
      return model.friendAutoNotify()
    },
    setStatus: (userID, patch) => model.setStatus(userID, patch),
    getStatus: model.status,
    addFriends: model.addFriends,
    setPlanEnabled(on) {
      planEnabled = on
    },
    setConsoleEnabled: model.setConsoleEnabled,
    setFriendAutoNotify: model.setFriendAutoNotify,
    get subscriptionCap() {
      return model.subscriptionCap()
    },
    setSubscriptionCap: model.setSubscriptionCap,
    setUserError: model.setUserError,
    subscriptionsOf: model.subscriptionsOf,
    droppedSubscriptions: model.droppedSubscriptions,
    clearDropped: model.clearDropped,
    sessionCount: (userID) => model.sessionsOf(userID).length,
    get log() {
      return log
    },
    clearLog() {
      log = []
    },
    openSession(userID, onPush) {
      const session: SessionRecord = {
        id: nextSessionID++,
        userID,
        onPush,
        subscriptions: new Set(),
        open: true,
      }
      model.open(session)
      return makeSession(session)
    },
  }
}
