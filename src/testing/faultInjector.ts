/**
 * Faults for tests of the fake SDK (not SDK behaviour): `failNext` (a request fails unsent), `loseNextReply` (a
 * request reaches the backend and is applied, but its reply is lost) and `setFaults` (a function deciding either
 * for every request). They act only on network requests.
 */
import { TIM_ERROR } from '../core/sdk'
import type { FakeErrorInfo } from './fakeBackendTypes'

/** The status APIs a fake client records in `calls`. */
export type StatusApi = 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus' | 'setSelfStatus'

/** The APIs `failNext` can make fail. */
export type FailableApi = StatusApi | 'getMyProfile'

/** A network request about to be sent, as `setFaults`' function sees it. */
export interface FaultRequest {
  api: StatusApi
  /** The IDs as they would be sent (after truncation / own-ID removal); `[]` for `setSelfStatus` and unsubscribe-all. */
  userIDList: string[]
  /** The backend's `now()` at the moment of sending. */
  at: number
}

/**
 * What happens to one request: `undefined` or `'ok'` (normal), `{fail: code}` (rejected with `code` after the
 * latency and NOT applied, like `failNext`), `{lose: code}` (applied by the backend, but the reply is lost and the
 * call rejects with `code` after the latency, like `loseNextReply`).
 */
export type FaultDecision = undefined | 'ok' | { fail: number } | { lose: number }

/** Decides the fault of every network request of the status APIs (see `FakeTim.setFaults`). */
export type FaultDecider = (request: FaultRequest) => FaultDecision

/** The fault of one request: refused before it left, or applied with its reply lost. */
export type Fault = { fail: FakeErrorInfo } | { lose: FakeErrorInfo }

const STATUS_APIS: readonly StatusApi[] = [
  'getUserStatus',
  'subscribeUserStatus',
  'unsubscribeUserStatus',
  'setSelfStatus',
]

function take<K>(queues: Map<K, FakeErrorInfo[]>, api: K): FakeErrorInfo | null {
  const queue = queues.get(api)
  const next = queue?.shift()
  if (queue && queue.length === 0) queues.delete(api)
  return next ?? null
}

function enqueue<K>(queues: Map<K, FakeErrorInfo[]>, api: K, error: FakeErrorInfo, times: number): void {
  const queue = queues.get(api) ?? []
  for (let count = 0; count < times; count += 1) queue.push({ ...error })
  if (queue.length > 0) queues.set(api, queue)
}

/** The faults of one fake SDK instance. `failNext` queues come first, then `loseNextReply`, then `setFaults`. */
export function createFaultInjector(now: () => number) {
  const failures = new Map<FailableApi, FakeErrorInfo[]>()
  const lostReplies = new Map<StatusApi, FakeErrorInfo[]>()
  let decide: FaultDecider | null = null

  return {
    failNext(api: FailableApi, error: { code: number; message?: string }, times = 1): void {
      enqueue(
        failures,
        api,
        { code: error.code, message: error.message ?? `injected failure ${error.code}` },
        times,
      )
    },
    loseNextReply(api: StatusApi, times = 1, code: number = TIM_ERROR.NETWORK_TIMEOUT): void {
      if (!STATUS_APIS.includes(api)) {
        throw new TypeError(`loseNextReply: ${String(api)} is not a status API that makes a network request`)
      }
      enqueue(lostReplies, api, { code, message: `${api}: reply lost (injected ${code})` }, times)
    },
    setFaults(decider: FaultDecider | null): void {
      decide = decider
    },
    /** A queued `failNext` failure of `api`, taken. */
    takeFailure: (api: FailableApi): FakeErrorInfo | null => take(failures, api),
    /** The fault of a request being sent now: a queued lost reply first, then `setFaults`' function. */
    faultOf(api: StatusApi, sent: readonly string[]): Fault | null {
      const lost = take(lostReplies, api)
      if (lost) return { lose: lost }
      if (!decide) return null
      const decision: unknown = decide({ api, userIDList: [...sent], at: now() })
      if (decision === undefined || decision === 'ok') return null
      if (typeof decision === 'object' && decision !== null) {
        const { fail, lose } = decision as { fail?: unknown; lose?: unknown }
        if (typeof fail === 'number')
          return { fail: { code: fail, message: `${api}: injected failure ${fail}` } }
        if (typeof lose === 'number')
          return { lose: { code: lose, message: `${api}: reply lost (injected ${lose})` } }
      }
      throw new TypeError(
        `setFaults: expected undefined, 'ok', {fail: code} or {lose: code}, got ${JSON.stringify(decision)}`,
      )
    },
  }
}
