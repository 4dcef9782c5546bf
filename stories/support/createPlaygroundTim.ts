/**
 * THE place where the playground gets its SDK and backend. Every story makes its SDK instances through
 * `createPlaygroundTim`, so switching the whole playground to another backend is a change here only.
 *
 * Kinds (the SDK switch in the toolbar, .storybook/preview.tsx):
 * - `fake`: the test double of `react-tim-status/testing` (no account, no network).
 * - `real` / `real-tim-js-sdk`: the UNMODIFIED `@tencentcloud/chat` / `tim-js-sdk`, logged in to a local IM
 *   backend (`createLocalIm`) that stands in for Tencent's servers in the page: no request leaves the page.
 *
 * Stories call the backend controls (`tim.backend.setStatus`, `setConsoleEnabled`, ...) and read `tim.calls`
 * through `PlaygroundTim`, which every kind offers. The double's extra controls (`failNext`, `setNetworkState`,
 * `kickOut`, `setLatency`) are reached through `fakeOnly(tim)`; a story that uses them lists `sdks: ['fake']` in
 * `playground({ sdks })` and falls back to the double when the toolbar asks for another kind.
 */
import { TIM_EVENT, type TimLike } from '../../src'
import {
  createFakeBackend,
  createFakeTim,
  createLocalIm,
  type FakeBackend,
  type FakeErrorInfo,
  type FakeTim,
  type LocalIm,
  type SdkCall,
  type StatusApi,
} from '../../src/testing'
import { routeToLocalIm } from './localImRouter'

/** The SDK kinds the playground can run on, with the words the toolbar shows. */
export const PLAYGROUND_SDKS = {
  fake: { title: 'Test double (react-tim-status/testing)' },
  real: { title: 'Real @tencentcloud/chat, local IM backend' },
  'real-tim-js-sdk': { title: 'Real tim-js-sdk, local IM backend' },
} as const

/** One of `PLAYGROUND_SDKS`. */
export type PlaygroundSdkKind = keyof typeof PLAYGROUND_SDKS

/** The kinds that run an unmodified SDK against `createLocalIm`. */
export type RealSdkKind = Exclude<PlaygroundSdkKind, 'fake'>

/** The default kind, and the one used when the toolbar asks for one this build does not know. */
export const DEFAULT_PLAYGROUND_SDK: PlaygroundSdkKind = 'fake'

/** What stories may do to the backend, whatever the kind (the server and the IM console). */
export type PlaygroundBackend = Pick<
  FakeBackend,
  | 'now'
  | 'setStatus'
  | 'getStatus'
  | 'addFriends'
  | 'setPlanEnabled'
  | 'setConsoleEnabled'
  | 'setFriendAutoNotify'
  | 'setUserError'
  | 'subscriptionsOf'
  | 'sessionCount'
> & {
  readonly sdk: PlaygroundSdkKind
  /** Resolves once what the backend sent so far (pushes, a new plan) reached the SDK instances. */
  delivered(): Promise<void>
}

/** What every kind of playground SDK instance offers: the SDK surface, its backend and its call log. */
interface PlaygroundTimBase extends TimLike {
  readonly sdk: PlaygroundSdkKind
  readonly backend: PlaygroundBackend
  /** Every status-API call on this instance, in order (the double's `tim.calls`). */
  readonly calls: readonly SdkCall[]
  login(options: { userID: string; userSig: string }): Promise<unknown>
  logout(): Promise<unknown>
  /** Destroys the instance, and its backend once no instance uses it. Called after the story (preview.tsx). */
  dispose(): Promise<void>
}

/** The test double, with its extra controls. */
export type FakePlaygroundTim = PlaygroundTimBase & Omit<FakeTim, 'backend'> & { readonly sdk: 'fake' }

/** An unmodified SDK instance logged in to a local IM backend. */
export interface RealPlaygroundTim extends PlaygroundTimBase {
  readonly sdk: RealSdkKind
  /** The local backend and this instance's SDKAppID: `local.im.caught` lists every socket and request. */
  readonly local: { readonly im: LocalIm; readonly SDKAppID: number }
  setLogLevel(level: number): void
  destroy(): Promise<unknown>
}

/** An SDK instance for `<StatusProvider tim>`, with the controls of the backend behind it. */
export type PlaygroundTim = FakePlaygroundTim | RealPlaygroundTim

/** Options of `createPlaygroundTim`. */
export interface PlaygroundTimOptions {
  /** Which SDK to make; default `DEFAULT_PLAYGROUND_SDK`. */
  sdk?: PlaygroundSdkKind
  /** A backend shared with other instances (two sessions of one user, a friend watching); default a new one. */
  backend?: PlaygroundBackend
  /** Network round trip of every call and push, in real milliseconds. Default 60. */
  latencyMs?: number
}

/** Options of `createPlaygroundBackend`. */
export interface PlaygroundBackendOptions {
  /** Real kinds: the delay of every frame of the local IM, in ms (the double takes it per instance). Default 30. */
  latencyMs?: number
}

/** Picks a known kind from whatever the toolbar global holds. */
export function playgroundSdkKind(value: unknown): PlaygroundSdkKind {
  return typeof value === 'string' && value in PLAYGROUND_SDKS
    ? (value as PlaygroundSdkKind)
    : DEFAULT_PLAYGROUND_SDK
}

/** The double's own controls, for a story that declared `sdks: ['fake']`. */
export function fakeOnly(tim: PlaygroundTim): FakePlaygroundTim {
  if (tim.sdk !== 'fake') throw new Error(`This control needs the test double; the story runs on ${tim.sdk}`)
  return tim
}

/**
 * The double's backend with all its controls (its request log, its subscription cap), for a story that declared
 * `sdks: ['fake']`: `createPlaygroundBackend('fake')` is a `createFakeBackend()`.
 */
export function fakeBackendOf(backend: PlaygroundBackend): FakeBackend {
  if (backend.sdk !== 'fake')
    throw new Error(`This control needs the test double; the story runs on ${backend.sdk}`)
  return backend as unknown as FakeBackend
}

// ---------------------------------------------------------------------------------------------------------------
// Real SDKs against the local IM.

/** What the playground uses of either SDK module (`TencentCloudChat`, `TIM`). */
interface RealSdkModule {
  create(options: { SDKAppID: number }): TimLike & {
    login(options: { userID: string; userSig: string }): Promise<unknown>
    logout(): Promise<unknown>
    destroy(): Promise<unknown>
    setLogLevel(level: number): void
  }
}

const SDK_IMPORTS: Record<RealSdkKind, () => Promise<{ default: unknown }>> = {
  real: () => import('@tencentcloud/chat'),
  'real-tim-js-sdk': () => import('tim-js-sdk'),
}

const loadedSdks = new Map<RealSdkKind, Promise<RealSdkModule>>()
let loadingChain: Promise<unknown> = Promise.resolve()

/**
 * Loads an SDK module with `window.Worker` hidden while it is evaluated, and puts `Worker` back afterwards.
 * Both SDKs read `typeof Worker` once, at module evaluation: with a `Worker` they move their socket into a
 * Web Worker, which the local IM on the page cannot reach; without one they keep the socket on the page.
 * Loads run one at a time, so two never hide and restore over each other.
 */
function loadSdk(kind: RealSdkKind): Promise<RealSdkModule> {
  let loading = loadedSdks.get(kind)
  if (!loading) {
    loading = loadingChain.then(async () => {
      const page = window as unknown as Record<string, unknown>
      const worker = Object.getOwnPropertyDescriptor(window, 'Worker')
      delete page.Worker
      try {
        const module = await SDK_IMPORTS[kind]()
        return module.default as RealSdkModule
      } finally {
        if (worker) Object.defineProperty(window, 'Worker', worker)
      }
    })
    loadingChain = loading.catch(() => {})
    loadedSdks.set(kind, loading)
  }
  return loading
}

/** A local IM backend with the playground's backend controls, and a count of the instances using it. */
interface RealBackend extends PlaygroundBackend {
  readonly im: LocalIm
  /** An instance starts using it; the returned function ends that, and disposes the backend after the last. */
  attach(): () => void
}

function createRealBackend(sdk: RealSdkKind, options: PlaygroundBackendOptions): RealBackend {
  const im = createLocalIm({ latencyMs: options.latencyMs ?? 30 })
  let users = 0
  return {
    sdk,
    im,
    now: () => Date.now(),
    delivered: () => im.idle(),
    setStatus: (userID, patch) => im.setStatus(userID, patch),
    getStatus: (userID) => im.getStatus(userID),
    addFriends: (a, b) => im.addFriends(a, b),
    setPlanEnabled: (on) => im.setPurchaseBits(on),
    setConsoleEnabled: (on) => im.setConsoleEnabled(on),
    setFriendAutoNotify: (on) => im.setFriendAutoNotify(on),
    setUserError: (userID, error: FakeErrorInfo | null) => im.setUserError(userID, error),
    subscriptionsOf: (userID) => im.subscriptionsOf(userID),
    sessionCount: (userID) => im.sessionCount(userID),
    attach() {
      users++
      let attached = true
      return () => {
        if (!attached) return
        attached = false
        if (--users === 0) im.dispose()
      }
    },
  }
}

function isRealBackend(backend: PlaygroundBackend): backend is RealBackend {
  return 'im' in backend && 'attach' in backend
}

/** How long `dispose` waits for the SDK's `destroy` before it takes the local IM away. */
const DESTROY_WAIT_MS = 500

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A distinct SDKAppID per instance: `create` returns the same instance for the same SDKAppID in one module. */
let nextSDKAppID = 1_400_100_000

const STATUS_APIS: readonly StatusApi[] = [
  'getUserStatus',
  'subscribeUserStatus',
  'unsubscribeUserStatus',
  'setSelfStatus',
]

/** Replaces the instance's status APIs by wrappers that log each call into `calls`, as the double does. */
function recordStatusCalls(instance: TimLike, calls: SdkCall[]): void {
  const methods = instance as unknown as Record<StatusApi, (...args: unknown[]) => Promise<unknown>>
  for (const api of STATUS_APIS) {
    const original = methods[api].bind(instance)
    methods[api] = (...args: unknown[]) => {
      const options = args[0] as { userIDList?: unknown; customStatus?: unknown } | undefined
      const call: SdkCall = { api, at: Date.now(), sentToBackend: null, outcome: 'pending' }
      if (Array.isArray(options?.userIDList)) call.userIDList = [...(options.userIDList as string[])]
      if (api === 'unsubscribeUserStatus' && !call.userIDList?.length) call.unsubscribeAll = true
      if (api === 'setSelfStatus' && typeof options?.customStatus === 'string') {
        call.customStatus = options.customStatus
      }
      calls.push(call)
      let result: Promise<unknown>
      try {
        result = original(...args)
      } catch (error) {
        call.outcome = 'threw'
        throw error
      }
      return Promise.resolve(result).then(
        (value) => {
          call.outcome = 'ok'
          return value
        },
        (error: { code?: number; message?: string }) => {
          call.outcome = { code: Number(error?.code), message: String(error?.message ?? error) }
          throw error
        },
      )
    }
  }
}

async function createRealTim(sdk: RealSdkKind, options: PlaygroundTimOptions): Promise<RealPlaygroundTim> {
  const given = options.backend
  if (given && !isRealBackend(given))
    throw new Error(`createPlaygroundTim: a ${given.sdk} backend for ${sdk}`)
  const backend = given ?? createRealBackend(sdk, { latencyMs: options.latencyMs })
  const module = await loadSdk(sdk)
  const SDKAppID = nextSDKAppID++
  const detach = backend.attach()
  const unroute = routeToLocalIm(SDKAppID, backend.im)
  const instance = module.create({ SDKAppID })
  instance.setLogLevel(4)
  const calls: SdkCall[] = []
  recordStatusCalls(instance, calls)
  let disposed: Promise<void> | null = null
  return Object.assign(instance, {
    sdk,
    backend,
    calls,
    local: { im: backend.im, SDKAppID },
    dispose() {
      // The logout reaches the local IM within a few frames; give it at most DESTROY_WAIT_MS, then close the IM.
      disposed ??= Promise.race([instance.destroy().catch(() => {}), delay(DESTROY_WAIT_MS)]).then(() => {
        unroute()
        detach()
      })
      return disposed
    },
  })
}

// ---------------------------------------------------------------------------------------------------------------

/** A backend for `createPlaygroundTim({ backend })`. */
export function createPlaygroundBackend(
  sdk: PlaygroundSdkKind = DEFAULT_PLAYGROUND_SDK,
  options: PlaygroundBackendOptions = {},
): PlaygroundBackend {
  switch (sdk) {
    case 'fake':
      // The double's backend applies a change at once; its pushes take the instance's latency.
      return Object.assign(createFakeBackend(), { sdk, delivered: () => Promise.resolve() })
    case 'real':
    case 'real-tim-js-sdk':
      return createRealBackend(sdk, options)
  }
}

/** Every instance `createPlaygroundTim` made, so the preview can dispose those a story loaded. */
const instances = new WeakSet<object>()

/** True for an instance made by `createPlaygroundTim`. */
export function isPlaygroundTim(value: unknown): value is PlaygroundTim {
  return typeof value === 'object' && value !== null && instances.has(value)
}

/** Makes one SDK instance for the playground (not logged in: see `loginAs`). */
export async function createPlaygroundTim(options: PlaygroundTimOptions = {}): Promise<PlaygroundTim> {
  const sdk = options.sdk ?? DEFAULT_PLAYGROUND_SDK
  let tim: PlaygroundTim
  switch (sdk) {
    case 'fake': {
      const backend = options.backend ?? createPlaygroundBackend(sdk)
      const fake = createFakeTim({
        backend: backend as unknown as FakeBackend,
        latencyMs: options.latencyMs ?? 60,
      })
      tim = Object.assign(fake, {
        sdk,
        backend,
        async dispose() {
          // Not awaited: with a long latency (the Loading story) the answer would hold up the next story.
          fake.destroy().catch(() => {})
        },
      }) as FakePlaygroundTim
      break
    }
    case 'real':
    case 'real-tim-js-sdk':
      tim = await createRealTim(sdk, options)
      break
  }
  instances.add(tim)
  return tim
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

/** Disposes the playground instances among a story's loaded values (one level deep), after the story. */
export async function disposeLoadedTims(loaded: Record<string, unknown>): Promise<void> {
  const found = new Set<PlaygroundTim>()
  const visit = (value: unknown, depth: number) => {
    if (isPlaygroundTim(value)) found.add(value)
    else if (depth > 0 && typeof value === 'object' && value !== null) {
      for (const inner of Object.values(value)) visit(inner, depth - 1)
    }
  }
  visit(loaded, 2)
  await Promise.all([...found].map((tim) => tim.dispose()))
}
