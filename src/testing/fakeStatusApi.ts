/**
 * The status APIs of the fake SDK (`getUserStatus`, `subscribeUserStatus`, `unsubscribeUserStatus`,
 * `setSelfStatus`), as the real SDK does them: the ready gate first, then the parameter check, then the plan, then
 * the truncation to its per-call limits (see `createFakeTim` for what was read from the real SDK).
 */
import type { SdkFailure, SdkUserStatus } from '../core/sdk'
import { TIM_ERROR } from '../core/sdk'
import { PARAMS_VALIDATE_FAILED } from './eventHub'
import type { BackendSession, FakeBackend } from './fakeBackendTypes'
import { type FakeRequests, peekList, peekParam, readParam, TimError } from './fakeRequests'
import type { FakeResponse, FakeTim } from './fakeTimTypes'

const STATUS_ONLINE = 1

/** What the status APIs need of the client they belong to. */
export interface StatusApiContext {
  backend: FakeBackend
  requests: FakeRequests
  limit: { query: number; subscribe: number; unsubscribe: number }
  /** The session while the client is ready; null before SDK_READY and after a logout. */
  readySession(): BackendSession | null
  notReadyError(api: string): TimError
  /** The own custom status the SDK caches (answered locally for the own ID). */
  ownCustomStatus(): string
  setOwnCustomStatus(text: string): void
}

type StatusApiMethods = Pick<
  FakeTim,
  'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus' | 'setSelfStatus'
>

const planError = (api: string): TimError =>
  new TimError(
    TIM_ERROR.CANNOT_USE_COMMERCIAL_ABILITY,
    `${api}: the purchased plan does not include user status`,
  )

const failuresOnly = (data: {
  failureUserList: SdkFailure[]
}): FakeResponse<{ failureUserList: SdkFailure[] }> => ({
  code: 0,
  data: { failureUserList: data.failureUserList },
})

/** A non-empty array of user IDs, as `getUserStatus` and `subscribeUserStatus` check it. */
function userIDListOf(args: readonly unknown[]): string[] {
  const value = readParam(args, 'userIDList')
  if (!Array.isArray(value) || value.length === 0) throw new Error(PARAMS_VALIDATE_FAILED)
  return value as string[]
}

export function createStatusApi(context: StatusApiContext): StatusApiMethods {
  const { backend, requests, limit, readySession, notReadyError } = context
  const { startCall, rejectNow, resolveNow, checked, request } = requests

  return {
    getUserStatus(...args: unknown[]) {
      const call = startCall('getUserStatus', { userIDList: peekList(args) })
      const current = readySession()
      if (!current) return rejectNow(call, notReadyError('getUserStatus'))
      const ids = checked(call, () => userIDListOf(args))
      const rest = [...ids]
      const ownIndex = rest.indexOf(current.userID)
      let own: SdkUserStatus | undefined
      if (ownIndex > -1) {
        rest.splice(ownIndex, 1)
        own = { userID: current.userID, statusType: STATUS_ONLINE, customStatus: context.ownCustomStatus() }
      }
      if (rest.length === 0) {
        return resolveNow(call, { code: 0, data: { successUserList: own ? [own] : [], failureUserList: [] } })
      }
      if (!backend.planEnabled) return rejectNow(call, planError('getUserStatus'))
      // As the SDK: the length test uses the list without the own ID, the slice is taken from the original list.
      const sent = rest.length > limit.query ? ids.slice(0, limit.query) : rest
      return request(
        call,
        current,
        sent,
        (target) => target.getUserStatus(sent),
        (data) => ({
          code: 0 as const,
          data: {
            successUserList: own ? [own, ...data.successUserList] : data.successUserList,
            failureUserList: data.failureUserList,
          },
        }),
      )
    },

    subscribeUserStatus(...args: unknown[]) {
      const call = startCall('subscribeUserStatus', { userIDList: peekList(args) })
      const current = readySession()
      if (!current) return rejectNow(call, notReadyError('subscribeUserStatus'))
      const ids = checked(call, () => userIDListOf(args))
      if (!backend.planEnabled) return rejectNow(call, planError('subscribeUserStatus'))
      const sent = ids.length > limit.subscribe ? ids.slice(0, limit.subscribe) : [...ids]
      return request(call, current, sent, (target) => target.subscribe(sent), failuresOnly)
    },

    unsubscribeUserStatus(...args: unknown[]) {
      const call = startCall('unsubscribeUserStatus', { userIDList: peekList(args) })
      const current = readySession()
      if (!current) return rejectNow(call, notReadyError('unsubscribeUserStatus'))
      const value = checked(call, () => {
        const raw = readParam(args, 'userIDList')
        // The SDK's checker lets through what it deems "empty" (undefined, null, 0, '') and arrays.
        const passes = raw === undefined || raw === null || raw === 0 || raw === '' || Array.isArray(raw)
        if (!passes) throw new Error(PARAMS_VALIDATE_FAILED)
        return raw
      })
      if (!backend.planEnabled) return rejectNow(call, planError('unsubscribeUserStatus'))
      const ids = checked(call, () => {
        if (value === undefined || value === '') return []
        // The SDK spreads the value: null and 0 are not iterable.
        if (!Array.isArray(value)) throw new TypeError(`${String(value)} is not iterable`)
        return [...(value as string[])]
      })
      const sent = ids.length > limit.unsubscribe ? ids.slice(0, limit.unsubscribe) : ids
      if (sent.length === 0) {
        call.unsubscribeAll = true
        return request(call, current, [], (target) => target.unsubscribe('all'), failuresOnly)
      }
      return request(call, current, sent, (target) => target.unsubscribe(sent), failuresOnly)
    },

    setSelfStatus(...args: unknown[]) {
      const peeked = peekParam(args, 'customStatus')
      const call = startCall('setSelfStatus', typeof peeked === 'string' ? { customStatus: peeked } : {})
      const current = readySession()
      if (!current) return rejectNow(call, notReadyError('setSelfStatus'))
      const text = checked(call, () => {
        const value = readParam(args, 'customStatus')
        if (typeof value !== 'string') throw new Error(PARAMS_VALIDATE_FAILED)
        return value
      })
      return request(
        call,
        current,
        [],
        (target) => target.setSelfStatus(text),
        (data) => {
          context.setOwnCustomStatus(text)
          return {
            code: 0 as const,
            data: { userID: data.userID, statusType: STATUS_ONLINE, customStatus: text },
          }
        },
      )
    },
  }
}
