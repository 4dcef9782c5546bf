/**
 * The requests of one fake SDK client: its call log, its latency, its connection (requests made while it is down are
 * held and sent on reconnect, or time out) and the faults injected for tests. `createFakeTim` builds its APIs on it.
 */

import { TIM_ERROR, TIM_NET_STATE } from '../core/sdk'
import type { BackendResult, BackendSession } from './fakeBackendTypes'
import type { FakeNetState, FakeTimError, SdkCall } from './fakeTimTypes'
import { createFaultInjector, type FailableApi, type StatusApi } from './faultInjector'

/** The SDK's errors: `Error` instances carrying `code`, `message` and `data`. */
export class TimError extends Error implements FakeTimError {
  readonly code: number
  readonly data: Record<string, unknown> = {}
  constructor(code: number, message: string) {
    super(message)
    this.code = code
  }
}

/** Runs `run` after `ms` (a timer), or in a microtask when `ms` is 0. */
export function schedule(ms: number, run: () => void): void {
  if (ms > 0) setTimeout(run, ms)
  else queueMicrotask(run)
}

/** Reads `args[0][key]` as the SDK's checker does: only with exactly one argument, throwing on null/undefined. */
export function readParam(args: readonly unknown[], key: string): unknown {
  if (args.length !== 1) return undefined
  const options = args[0]
  if (options === undefined || options === null) {
    throw new TypeError(`Cannot read properties of ${options} (reading '${key}')`)
  }
  return (options as Record<string, unknown>)[key]
}

/** Like `readParam` but never throws: for recording what the caller passed. */
export function peekParam(args: readonly unknown[], key: string): unknown {
  const options = args.length === 1 ? args[0] : undefined
  return typeof options === 'object' && options !== null
    ? (options as Record<string, unknown>)[key]
    : undefined
}

export function peekList(args: readonly unknown[]): string[] | undefined {
  const value = peekParam(args, 'userIDList')
  return Array.isArray(value) ? [...value] : undefined
}

export interface FakeRequestsOptions {
  /** The backend's clock (calls are stamped with it). */
  now: () => number
  latencyMs: number
  requestTimeoutMs: number
}

export type FakeRequests = ReturnType<typeof createFakeRequests>

export function createFakeRequests({ now, latencyMs, requestTimeoutMs }: FakeRequestsOptions) {
  let latency = latencyMs
  let netState: FakeNetState = TIM_NET_STATE.CONNECTED
  let calls: SdkCall[] = []
  const faults = createFaultInjector(now)
  const waitingForNetwork: { send: () => void; timer: ReturnType<typeof setTimeout> }[] = []

  const failCall = (call: SdkCall | null, error: TimError): TimError => {
    if (call) call.outcome = { code: error.code, message: error.message }
    return error
  }

  const takeInjected = (api: FailableApi): TimError | null => {
    const failure = faults.takeFailure(api)
    return failure ? new TimError(failure.code, failure.message) : null
  }

  return {
    faults,
    takeInjected,
    get latency() {
      return latency
    },
    setLatency(ms: number) {
      latency = ms
    },
    get connected() {
      return netState === TIM_NET_STATE.CONNECTED
    },
    /** Sets the connection; on reconnect, held requests are resent in the order they were made. */
    setNetState(state: FakeNetState) {
      netState = state
      if (state !== TIM_NET_STATE.CONNECTED) return
      for (const entry of waitingForNetwork.splice(0)) {
        clearTimeout(entry.timer)
        entry.send()
      }
    },
    get calls() {
      return calls
    },
    clearCalls() {
      calls = []
    },

    /** Records a call of a status API (its outcome pending). */
    startCall(api: StatusApi, extra: Partial<SdkCall>): SdkCall {
      const call: SdkCall = { api, ...extra, at: now(), sentToBackend: null, outcome: 'pending' }
      calls.push(call)
      return call
    },
    rejectNow: <T>(call: SdkCall, error: TimError): Promise<T> => Promise.reject(failCall(call, error)),
    resolveNow<T>(call: SdkCall, value: T): Promise<T> {
      call.outcome = 'ok'
      return Promise.resolve(value)
    },
    /** Runs a synchronous parameter check, marking the call as thrown if it throws. */
    checked<T>(call: SdkCall, check: () => T): T {
      try {
        return check()
      } catch (error) {
        call.outcome = 'threw'
        throw error
      }
    },

    /**
     * Sends one request to the backend (now, or on reconnect) and answers `latency` ms later. The backend handles
     * it on arrival, so its effects (subscriptions, log, frequency window) exist before the promise settles.
     */
    request<T, R>(
      call: SdkCall,
      from: BackendSession,
      sent: string[],
      perform: (target: BackendSession) => BackendResult<T>,
      shape: (data: T) => R,
    ): Promise<R> {
      const failure = takeInjected(call.api)
      if (failure) {
        return new Promise<R>((_, reject) => schedule(latency, () => reject(failCall(call, failure))))
      }
      return new Promise<R>((resolve, reject) => {
        const send = (): void => {
          const fault = faults.faultOf(call.api, sent)
          if (fault && 'fail' in fault) {
            // Refused before it left: the backend never sees it, as with `failNext`.
            schedule(latency, () => reject(failCall(call, new TimError(fault.fail.code, fault.fail.message))))
            return
          }
          call.sentToBackend = [...sent]
          const result = perform(from)
          schedule(latency, () => {
            if (fault) {
              // Applied by the backend, but the reply never came back.
              reject(failCall(call, new TimError(fault.lose.code, fault.lose.message)))
              return
            }
            if (!result.ok) {
              reject(failCall(call, new TimError(result.error.code, result.error.message)))
              return
            }
            const value = shape(result.data)
            call.outcome = 'ok'
            resolve(value)
          })
        }
        if (netState === TIM_NET_STATE.CONNECTED) {
          send()
          return
        }
        const entry = {
          send,
          timer: setTimeout(() => {
            waitingForNetwork.splice(waitingForNetwork.indexOf(entry), 1)
            reject(failCall(call, new TimError(TIM_ERROR.NETWORK_TIMEOUT, `${call.api}: request timed out`)))
          }, requestTimeoutMs),
        }
        waitingForNetwork.push(entry)
      })
    },
  }
}
