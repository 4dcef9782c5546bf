import { cancelTimers, type Engine, settleAll } from './engine'
import { type StatusError, toStatusError } from './errors'
import { classify } from './failurePolicy'
import { NEVER } from './peers'
import { applyPush } from './queries'
import { settle } from './reconciler'
import { TIM_EVENT, type TimLike } from './sdk'
import { readProfileUserID } from './sdkCall'
import { fetchSelf, isSelfFresh } from './selfStatus'
import type { NetworkState, Readiness } from './types'

type SdkHandler = (event: { name?: string; data?: unknown }) => void

/** The SDK's login and connection as the engine knows them. */
export interface Session {
  readiness: Readiness
  /** Logged in (ready, or offline while logged in). */
  loggedIn: boolean
  userID: string | null
  network: NetworkState
  /** Bumped whenever the session ends (logout, kick-out, detach): answers of calls sent before are dropped. */
  generation: number
  /** Bumped for every look at readiness, so that only the newest answer counts. */
  probe: number
  handlers: Record<string, SdkHandler> | null
}

export function createSession(): Session {
  return {
    readiness: 'not-logged-in',
    loggedIn: false,
    userID: null,
    network: 'connected',
    generation: 0,
    probe: 0,
    handlers: null,
  }
}

function loginUserOf(tim: TimLike): string | undefined {
  try {
    const user = String(tim.getLoginUser?.() ?? '')
    return user === '' ? undefined : user
  } catch {
    return undefined
  }
}

/**
 * The logged-in user per `getMyProfile`: null when the SDK says it is not logged in (or has no `getMyProfile`),
 * undefined when it names nobody. Rejects when the call failed for another reason (look again later).
 */
async function profileUserID(tim: TimLike): Promise<string | undefined | null> {
  if (typeof tim.getMyProfile !== 'function') return null
  try {
    return readProfileUserID(await tim.getMyProfile())
  } catch (error) {
    if (classify(toStatusError(error)) === 'not-ready') return null
    throw error
  }
}

function publish(engine: Engine): void {
  const { session } = engine
  const readiness: Readiness = !session.loggedIn
    ? session.readiness
    : session.network === 'connected'
      ? 'ready'
      : 'offline'
  session.readiness = readiness
  engine.store.write((w) =>
    w.global({ readiness, ready: readiness === 'ready', userID: session.userID, network: session.network }),
  )
}

/** Logged in as `me` (null: the user ID cannot be had). Every ID in use is fetched and subscribed again. */
function goReady(engine: Engine, me: string | null): void {
  const { session } = engine
  if (session.loggedIn && session.userID === me) return
  if (session.loggedIn) goNotReady(engine, 'logged-out')
  session.generation++
  session.loggedIn = true
  session.userID = me
  engine.errorApi = null
  engine.queryLimit = engine.options.limits.query
  for (const family of Object.values(engine.families)) family.planRetries = 0
  engine.store.write((w) => {
    w.global({ error: null })
    publish(engine)
    // The own ID first: it leaves the query work (the SDK answers it itself) before a full query can take it along.
    const own = me === null ? undefined : engine.peers.get(me)
    if (own) settle(engine, own)
    settleAll(engine)
  })
  if (me !== null) fetchSelf(engine)
}

/**
 * The session ended (logout, kick-out, destroy) or the SDK said it is not ready: the server dropped the session's
 * subscriptions, and statuses are asked again after the next login.
 */
export function goNotReady(engine: Engine, readiness: Exclude<Readiness, 'ready' | 'offline'>): void {
  const { session } = engine
  session.generation++
  session.probe++
  // The SDK says NOT_READY after KICKED_OUT: the first reason is the one that tells why.
  if (session.loggedIn || session.readiness !== 'kicked-out') session.readiness = readiness
  session.loggedIn = false
  session.userID = null
  cancelTimers(engine)
  engine.grace.clear()
  for (const peer of engine.peers.values()) {
    peer.server = 'absent'
    peer.querying = false
    peer.inGrace = false
    peer.refused = false
    peer.freshAt = NEVER
  }
  engine.held = 0
  engine.leaving = 0
  engine.store.write((w) => {
    // The own status is live only while logged in as that user.
    w.global({ self: undefined })
    publish(engine)
    settleAll(engine)
  })
}

/** At start, and when a call says the SDK is not ready: the SDK may have become ready, or stopped being so. */
export async function findOutReadiness(engine: Engine): Promise<void> {
  const { tim, session } = engine
  const mine = ++session.probe
  let id: string | undefined | null
  try {
    // null: not logged in; undefined: logged in as someone the SDK does not name.
    id =
      typeof tim.isReady === 'function' ? (tim.isReady() ? loginUserOf(tim) : null) : await profileUserID(tim)
  } catch {
    // The SDK could not say (a network failure): SDK_READY may have come already, so look again in a while.
    if (mine !== session.probe) return
    const { clock } = engine.options
    const timer = clock.setTimeout(() => {
      engine.timers.delete(timer)
      void findOutReadiness(engine)
    }, engine.options.retryDelayMs)
    engine.timers.add(timer)
    return
  }
  if (mine !== session.probe) return
  if (id !== null) goReady(engine, id ?? engine.options.userID ?? null)
  else if (session.loggedIn) goNotReady(engine, 'not-logged-in')
}

/** A call was refused because the SDK is not ready: why, as the SDK's code says it. */
export function onNotReadyError(engine: Engine, error: StatusError): void {
  if (error.code === 3003) goNotReady(engine, 'kicked-out')
  else if (error.code === 3005) goNotReady(engine, 'logged-out')
  else void findOutReadiness(engine)
}

async function onSdkReady(engine: Engine): Promise<void> {
  const { tim, session, options } = engine
  const mine = ++session.probe
  const id = loginUserOf(tim) ?? options.userID ?? (await profileUserID(tim).catch(() => null)) ?? null
  if (mine === session.probe) goReady(engine, id)
}

function onNetwork(engine: Engine, data: unknown): void {
  const state = (data as { state?: unknown } | undefined)?.state
  const { session } = engine
  if (state !== 'connected' && state !== 'connecting' && state !== 'disconnected') return
  const wasOffline = session.readiness === 'offline'
  session.network = state
  publish(engine)
  if (wasOffline && session.readiness === 'ready') {
    // Pushes may have been missed while offline: every status in use (subscribed, or fetched) is asked again;
    // statuses only kept (a prefetched list) are not. And the own status if it never came (an SDK_READY while
    // offline).
    for (const peer of engine.peers.values()) {
      const inUse = peer.server === 'present' || peer.fetchers > 0 || peer.waiting > 0
      if (peer.id !== session.userID && inUse) peer.freshAt = NEVER
    }
    settleAll(engine)
    if (!isSelfFresh(engine)) fetchSelf(engine)
  }
}

/** Starts listening to the SDK and finds out whether it is ready (it may have been before the engine started). */
export function attach(engine: Engine): void {
  if (engine.attached) return
  engine.attached = true
  const handlers: Record<string, SdkHandler> = {
    [TIM_EVENT.SDK_READY]: () => void onSdkReady(engine),
    [TIM_EVENT.SDK_NOT_READY]: () => goNotReady(engine, 'logged-out'),
    [TIM_EVENT.KICKED_OUT]: () => goNotReady(engine, 'kicked-out'),
    [TIM_EVENT.SDK_DESTROY]: () => goNotReady(engine, 'not-logged-in'),
    [TIM_EVENT.NET_STATE_CHANGE]: (event) => onNetwork(engine, event.data),
    [TIM_EVENT.USER_STATUS_UPDATED]: (event) => applyPush(engine, event.data),
  }
  engine.session.handlers = handlers
  for (const [name, handler] of Object.entries(handlers)) engine.tim.on(name, handler)
  void findOutReadiness(engine)
}

/**
 * Stops listening: nothing is held on the server and no client is started. Answers still on the way are dropped,
 * and what was fetched counts as stale from now on (pushes are not heard while detached).
 */
export function detach(engine: Engine): void {
  const { session } = engine
  if (!engine.attached) return
  engine.attached = false
  for (const [name, handler] of Object.entries(session.handlers ?? {})) engine.tim.off(name, handler)
  session.handlers = null
  session.network = 'connected'
  goNotReady(engine, 'not-logged-in')
}
