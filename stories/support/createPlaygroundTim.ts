/**
 * THE place where the playground gets its SDK and backend. Every story makes its SDK instances through
 * `createPlaygroundTim`, so switching the whole playground to another backend is a change here only.
 *
 * Today there is one kind: the test double of `react-tim-status/testing` (no account, no network). To add the
 * unmodified SDK against a local backend, add a kind to `PLAYGROUND_SDKS` and a branch below; the toolbar switch
 * in .storybook/preview.tsx appears by itself once there are two kinds. Stories call the backend controls
 * (`tim.backend.setStatus`, `failNext`, `setNetworkState`, ...) through `PlaygroundTim`, so another kind has to
 * offer the same controls, or a story lists the kinds it supports in `playground({ sdks })`.
 */
import { TIM_EVENT } from '../../src'
import { createFakeBackend, createFakeTim, type FakeBackend, type FakeTim } from '../../src/testing'

/** The SDK kinds the playground can run on, with the words the toolbar shows. */
export const PLAYGROUND_SDKS = {
  fake: { title: 'Test double (react-tim-status/testing)' },
} as const

/** One of `PLAYGROUND_SDKS`. */
export type PlaygroundSdkKind = keyof typeof PLAYGROUND_SDKS

/** The default kind, and the one used when the toolbar asks for one this build does not know. */
export const DEFAULT_PLAYGROUND_SDK: PlaygroundSdkKind = 'fake'

/** An SDK instance for `<StatusProvider tim>`, with the controls of the backend behind it. */
export type PlaygroundTim = FakeTim

/** The backend one or more playground SDK instances talk to (share it for several sessions or users). */
export type PlaygroundBackend = FakeBackend

/** Options of `createPlaygroundTim`. */
export interface PlaygroundTimOptions {
  /** Which SDK to make; default `DEFAULT_PLAYGROUND_SDK`. */
  sdk?: PlaygroundSdkKind
  /** A backend shared with other instances (two sessions of one user, a friend watching); default a new one. */
  backend?: PlaygroundBackend
  /** Network round trip of every call and push, in real milliseconds. Default 60. */
  latencyMs?: number
}

/** Picks a known kind from whatever the toolbar global holds. */
export function playgroundSdkKind(value: unknown): PlaygroundSdkKind {
  return typeof value === 'string' && value in PLAYGROUND_SDKS
    ? (value as PlaygroundSdkKind)
    : DEFAULT_PLAYGROUND_SDK
}

/** A backend for `createPlaygroundTim({ backend })`. */
export function createPlaygroundBackend(sdk: PlaygroundSdkKind = DEFAULT_PLAYGROUND_SDK): PlaygroundBackend {
  switch (sdk) {
    case 'fake':
      return createFakeBackend()
  }
}

/** Makes one SDK instance for the playground (not logged in: see `loginAs`). */
export function createPlaygroundTim(options: PlaygroundTimOptions = {}): PlaygroundTim {
  const sdk = options.sdk ?? DEFAULT_PLAYGROUND_SDK
  switch (sdk) {
    case 'fake':
      return createFakeTim({
        backend: options.backend ?? createPlaygroundBackend(sdk),
        latencyMs: options.latencyMs ?? 60,
      })
  }
}

/** Logs in and resolves once the SDK said SDK_READY (as an app waits before calling status APIs). */
export function loginAs(tim: PlaygroundTim, userID: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onReady = () => {
      tim.off(TIM_EVENT.SDK_READY, onReady)
      resolve()
    }
    tim.on(TIM_EVENT.SDK_READY, onReady)
    tim.login({ userID, userSig: 'playground' }).catch((error: unknown) => {
      tim.off(TIM_EVENT.SDK_READY, onReady)
      reject(error)
    })
  })
}
