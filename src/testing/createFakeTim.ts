/**
 * A test double of the Tencent IM web SDK's user-status surface, backed by `createFakeBackend`.
 *
 * What it copies from the real SDK was read in node_modules/tim-js-sdk/tim-js.js 2.27.6 (class
 * `UserStatusHandler`, the API wrapper made by `TIM.create`, `ModuleManager`, `SignModule`) and found identical in
 * @tencentcloud/chat 3.6.6; the starred points were also observed by running both bundles under jsdom with the
 * network stubbed out and the ready gate forced open:
 * - * Every API except login/logout/destroy/on/off first passes a ready gate: while not ready it rejects with the
 *   not-ready reason, BEFORE any parameter check. The reason is 2024 before any login, 3000 (LOGGING_IN) from the
 *   moment `login()` is called until SDK_READY (also after `login()` resolved), 3005 (LOGGED_OUT) after
 *   `logout()`, 3003 after a multiple-account kick-out. `getMyProfile` is gated the same way.
 * - * Rejections are `Error` instances carrying `code`, `message` and `data` (the SDK's error class extends Error).
 * - * Parameter checks then throw `new Error('Params validate failed.')` synchronously: `userIDList` missing, not an
 *   array or empty for `getUserStatus` / `subscribeUserStatus`; a truthy non-array (or `false`, `NaN`) for
 *   `unsubscribeUserStatus`; `customStatus` not a string. The check reads `args[0][key]` only when exactly one
 *   argument was passed, so `getUserStatus(undefined)` and `unsubscribeUserStatus(undefined)` throw a TypeError
 *   ("Cannot read properties of undefined"), while `unsubscribeUserStatus()` (no argument), `({})`,
 *   `({userIDList: undefined})` and `({userIDList: []})` cancel all subscriptions. `userIDList: null` passes the
 *   check and then throws a TypeError when the plan allows the call.
 * - `getUserStatus` copies the list, removes the FIRST occurrence of the own ID and answers it locally as
 *   `{userID, statusType: 1, customStatus: <cached>}`, placed first; duplicates are not removed (a second own ID is
 *   sent on). With nothing else left it resolves at once: no request, no plan check. Otherwise: plan check
 *   (3122), then, only when the remaining list is longer than the limit, the SDK sends
 *   `originalList.slice(0, limit)`: the slice is taken from the ORIGINAL list, own ID included.
 * - * `subscribeUserStatus` and `unsubscribeUserStatus` check the plan first (3122, even for unsubscribe-all), then
 *   truncate to `list.slice(0, limit)`; the own ID is not removed. An empty list after that is sent as
 *   unsubscribe-all.
 * - `setSelfStatus` is not plan-checked; on success it caches the text and resolves
 *   `{userID, statusType: 1, customStatus}`. It emits NO event locally: own changes reach the caller only as a
 *   backend push (`USER_STATUS_UPDATED`), which also refreshes the cached own custom status.
 * - `logout()` before login rejects 2024; otherwise, when the server answers, the SDK resets and emits
 *   SDK_NOT_READY (no data) before the `logout()` promise resolves. `destroy()` is `logout().finally(emit
 *   SDK_DESTROY {SDKAppID})`, so it rejects 2024 when not logged in.
 * - A kick-out emits KICKED_OUT `{type}` and then resets (SDK_NOT_READY); `isReady()` is still true inside the
 *   KICKED_OUT handlers.
 * - `login()` while logged in resolves `{repeatLogin: true}`; while a login is in flight it rejects 2025.
 * - * Handlers get one argument `{name, data}` (SDK_READY / SDK_NOT_READY carry `data: undefined`). The same
 *   function registered twice runs twice; `off(name, fn)` removes every registration of it. A handler removed
 *   during an emit still runs in that emit. A throwing handler is swallowed and the others still run.
 * - * `TIM.create` of tim-js-sdk returns an object whose `isReady` and `getLoginUser` are undefined;
 *   @tencentcloud/chat has both (`getLoginUser()` is `''` until the login answer arrives).
 * - While the socket is down the SDK keeps requests and resends them on reconnect; a request unanswered for
 *   15 s rejects 2801 (NETWORK_TIMEOUT). Pushes sent while down are lost.
 *
 * Faults for tests (not SDK behaviour): `failNext` (a request fails unsent), `loseNextReply` (a request reaches
 * the backend and is applied, but its reply is lost) and `setFaults` (a function deciding either for every
 * request). They act only on network requests: calls refused by the ready gate, the parameter check or the plan,
 * and own-ID-only queries answered locally, never meet them.
 */
import type { SdkUserStatus } from '../core/sdk'
import { TIM_ERROR, TIM_EVENT } from '../core/sdk'
import { createEventHub, PARAMS_VALIDATE_FAILED } from './eventHub'
import { createFakeBackend } from './fakeBackend'
import { type BackendSession, FAKE_TIM_ERROR, type FakeBackendOptions } from './fakeBackendTypes'
import { createFakeRequests, readParam, schedule, TimError } from './fakeRequests'
import { createStatusApi } from './fakeStatusApi'
import type { FakeResponse, FakeTim, FakeTimOptions } from './fakeTimTypes'

export type {
  FakeNetState,
  FakeResponse,
  FakeTim,
  FakeTimError,
  FakeTimEvent,
  FakeTimOptions,
  SdkCall,
} from './fakeTimTypes'
export type { FailableApi, FaultDecider, FaultDecision, FaultRequest, StatusApi } from './faultInjector'

type Phase = 'idle' | 'loggingIn' | 'loggedIn' | 'ready'

const BACKEND_OPTION_KEYS = [
  'now',
  'rateLimit',
  'planEnabled',
  'consoleEnabled',
  'friendAutoNotify',
  'customStatusClearDelayMs',
  'echoSelfStatus',
  'subscriptionCap',
] as const satisfies readonly (keyof FakeBackendOptions)[]
const NOT_READY_TEXT: Readonly<Record<number, string>> = {
  [TIM_ERROR.USER_NOT_LOGGED_IN]: 'user is not logged in',
  [TIM_ERROR.LOGGING_IN]: 'logging in',
  [FAKE_TIM_ERROR.LOGGED_OUT]: 'logged out',
  [FAKE_TIM_ERROR.KICKED_OUT_MULT_ACCOUNT]: 'kicked out by a login elsewhere',
}

/** Creates a fake SDK client; each one has its own handlers, login state and call log. */
export function createFakeTim(options: FakeTimOptions = {}): FakeTim {
  const {
    backend: sharedBackend,
    latencyMs = 0,
    flavor = 'chat',
    limits,
    readyDelayMs = 0,
    requestTimeoutMs = 15_000,
    SDKAppID = 0,
    ...backendOptions
  } = options
  if (sharedBackend && BACKEND_OPTION_KEYS.some((key) => backendOptions[key] !== undefined)) {
    // Silently ignoring them would hide a misconfigured test; the shared backend has setters for all of them.
    throw new TypeError(
      'createFakeTim: pass backend options to createFakeBackend, not with a shared `backend`',
    )
  }
  const backend = sharedBackend ?? createFakeBackend(backendOptions)
  const limit = {
    query: limits?.query ?? 500,
    subscribe: limits?.subscribe ?? 100,
    unsubscribe: limits?.unsubscribe ?? 100,
  }

  let phase: Phase = 'idle'
  let notReadyReason: number = TIM_ERROR.USER_NOT_LOGGED_IN
  let session: BackendSession | null = null
  let ownCustomStatus = ''
  // Bumped whenever a session ends so that a pending SDK_READY of the old session never fires.
  let generation = 0
  const events = createEventHub()
  const requests = createFakeRequests({ now: () => backend.now(), latencyMs, requestTimeoutMs })
  const { faults } = requests

  const emitEvent = events.emit

  const notReadyError = (api: string): TimError =>
    new TimError(
      notReadyReason,
      `${NOT_READY_TEXT[notReadyReason] ?? 'not ready'} | ${api} | SDK is not ready`,
    )

  const deliverPush = (from: BackendSession, statuses: SdkUserStatus[]): void => {
    // Sent while the socket is down: lost, as on the real connection.
    if (!requests.connected) return
    schedule(requests.latency, () => {
      if (session !== from) return
      for (const status of statuses) if (status.userID === from.userID) ownCustomStatus = status.customStatus
      emitEvent(TIM_EVENT.USER_STATUS_UPDATED, statuses)
    })
  }

  const endSession = (): void => {
    session?.close()
    session = null
    phase = 'idle'
    ownCustomStatus = ''
    generation += 1
  }

  const readySession = (): BackendSession | null => (phase === 'ready' ? session : null)

  const logout = (): Promise<FakeResponse<Record<string, never>>> => {
    const ending = session
    if (!ending) {
      return Promise.reject(new TimError(TIM_ERROR.USER_NOT_LOGGED_IN, 'user is not logged in | logout'))
    }
    notReadyReason = FAKE_TIM_ERROR.LOGGED_OUT
    return new Promise((resolve) =>
      schedule(requests.latency, () => {
        if (session === ending) endSession()
        emitEvent(TIM_EVENT.SDK_NOT_READY, undefined)
        resolve({ code: 0, data: {} })
      }),
    )
  }

  const tim: FakeTim = {
    backend,
    flavor,

    on: events.on,
    off: events.off,

    login(...args: unknown[]) {
      const userID = readParam(args, 'userID')
      const userSig = readParam(args, 'userSig')
      // The SDK requires both as non-empty strings; the fake has no auth, so `userSig` may be left out.
      if (typeof userID !== 'string' || userID.length === 0) throw new Error(PARAMS_VALIDATE_FAILED)
      if (userSig !== undefined && typeof userSig !== 'string') throw new Error(PARAMS_VALIDATE_FAILED)
      if (session) return Promise.resolve({ code: 0, data: { repeatLogin: true } })
      if (phase === 'loggingIn') {
        return Promise.reject(new TimError(FAKE_TIM_ERROR.REPEAT_LOGIN, 'a login is already in progress'))
      }
      phase = 'loggingIn'
      notReadyReason = TIM_ERROR.LOGGING_IN
      return new Promise((resolve) =>
        schedule(requests.latency, () => {
          const opened: BackendSession = backend.openSession(userID, (statuses) =>
            deliverPush(opened, statuses),
          )
          session = opened
          // The login answer carries the stored custom status, which the SDK caches for own-ID queries.
          ownCustomStatus = backend.getStatus(userID).customStatus
          phase = 'loggedIn'
          resolve({ code: 0, data: { repeatLogin: false } })
          const readyGeneration = generation
          schedule(readyDelayMs, () => {
            if (generation !== readyGeneration || phase !== 'loggedIn') return
            phase = 'ready'
            emitEvent(TIM_EVENT.SDK_READY, undefined)
          })
        }),
      )
    },

    logout,

    destroy() {
      return logout().finally(() => emitEvent(TIM_EVENT.SDK_DESTROY, { SDKAppID }))
    },

    getMyProfile() {
      const current = readySession()
      if (!current) return Promise.reject(notReadyError('getMyProfile'))
      const failure = requests.takeInjected('getMyProfile')
      if (failure) return new Promise((_, reject) => schedule(requests.latency, () => reject(failure)))
      // The SDK answers from the profile it fetched at login: no request.
      return Promise.resolve({ code: 0, data: { userID: current.userID, nick: '', avatar: '' } })
    },

    ...createStatusApi({
      backend,
      requests,
      limit,
      readySession,
      notReadyError,
      ownCustomStatus: () => ownCustomStatus,
      setOwnCustomStatus(text) {
        ownCustomStatus = text
      },
    }),

    get calls() {
      return requests.calls
    },

    clearCalls: requests.clearCalls,

    failNext: faults.failNext,
    loseNextReply: faults.loseNextReply,
    setFaults: faults.setFaults,

    setLatency: requests.setLatency,

    emit(eventName, data) {
      emitEvent(eventName, data)
    },

    setNetworkState(state) {
      requests.setNetState(state)
      emitEvent(TIM_EVENT.NET_STATE_CHANGE, { state })
    },

    kickOut() {
      const ending = session
      if (!ending) return
      // The server ends the session first; the SDK then tells the app, and only then resets.
      ending.close()
      emitEvent(TIM_EVENT.KICKED_OUT, { type: 'multipleAccount' })
      notReadyReason = FAKE_TIM_ERROR.KICKED_OUT_MULT_ACCOUNT
      endSession()
      emitEvent(TIM_EVENT.SDK_NOT_READY, undefined)
    },

    listenerCount: events.listenerCount,
    handlerErrors: events.handlerErrors,
  }

  if (flavor === 'chat') {
    tim.isReady = () => phase === 'ready'
    tim.getLoginUser = () => session?.userID ?? ''
  }
  return tim
}
