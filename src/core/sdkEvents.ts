/**
 * Listening to the SDK: its login, connection and status events, and finding out whether it is ready when the
 * engine starts (it may have been long before). What each event means for the engine's state is said here, once.
 */
import type { Engine } from './engine'
import { type StatusError, toStatusError } from './errors'
import { classify } from './failurePolicy'
import { readProfileUserID, readStatus } from './responses'
import { type SdkHandlers, TIM_EVENT, type TimLike } from './sdk'
import type { EndReason } from './session'

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

/** Writes the session's readiness into the store. */
function publish(engine: Engine): void {
  const { session } = engine
  const { readiness, userID, network } = session
  engine.store.write((writer) => writer.global({ readiness, ready: readiness === 'ready', userID, network }))
}

/** Logged in as `me` (null: the user ID cannot be had). Every ID in use is fetched and subscribed again. */
function goReady(engine: Engine, me: string | null): void {
  const { session } = engine
  if (session.isLoggedInAs(me)) return
  if (session.loggedIn) goNotReady(engine, 'logged-out')
  session.begin(me)
  engine.newSession()
  engine.store.write(() => {
    engine.error.reset()
    publish(engine)
    // The own ID first: it leaves the query work (the SDK answers it itself) before a full query can take it along.
    if (me !== null && engine.knows(me)) engine.settle(me)
    engine.settleAll(engine.ids())
  })
  if (me !== null) engine.self.fetch()
}

/**
 * The session ended (logout, kick-out, destroy) or the SDK said it is not ready: the server dropped the session's
 * subscriptions, and statuses are asked again after the next login.
 */
export function goNotReady(engine: Engine, reason: EndReason): void {
  engine.session.end(reason)
  engine.newSession()
  engine.demand.endAllGraces()
  engine.ledger.reset()
  engine.knowledge.reset()
  engine.store.write((writer) => {
    engine.guard.flush(writer)
    // The own status is live only while logged in as that user.
    writer.global({ self: undefined })
    publish(engine)
    engine.settleAll(engine.ids())
  })
}

/**
 * `USER_STATUS_UPDATED`: one store write for the whole event, at once (it joins answers the store holds, if any);
 * only the listeners of the changed IDs wake.
 */
export function applyPush(engine: Engine, data: unknown): void {
  const list = Array.isArray(data) ? data : []
  const now = engine.options.clock.now()
  const sequence = engine.nextPush()
  engine.store.write((writer) => {
    for (const item of list) {
      const status = readStatus(item)
      if (!status) continue
      const id = status.userID
      engine.knowledge.pushed(id, sequence, now)
      if (id === engine.session.userID) engine.self.apply(status, now)
      else engine.guard.show(writer, id, status, now)
      engine.settle(id)
    }
  })
}

/** At start, and when a call says the SDK is not ready: the SDK may have become ready, or stopped being so. */
async function findOutReadiness(engine: Engine): Promise<void> {
  const { tim, session } = engine
  const mine = session.probe()
  let id: string | undefined | null
  try {
    // null: not logged in; undefined: logged in as someone the SDK does not name.
    id =
      typeof tim.isReady === 'function' ? (tim.isReady() ? loginUserOf(tim) : null) : await profileUserID(tim)
  } catch {
    // The SDK could not say (a network failure): SDK_READY may have come already, so look again in a while.
    if (session.isNewest(mine))
      engine.timers.later(() => void findOutReadiness(engine), engine.options.retryDelayMs)
    return
  }
  if (!session.isNewest(mine)) return
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
  const mine = session.probe()
  const id = loginUserOf(tim) ?? options.userID ?? (await profileUserID(tim).catch(() => null)) ?? null
  if (session.isNewest(mine)) goReady(engine, id)
}

function onNetwork(engine: Engine, data: unknown): void {
  const state = (data as { state?: unknown } | undefined)?.state
  if (state !== 'connected' && state !== 'connecting' && state !== 'disconnected') return
  const { session } = engine
  const reconnected = session.setNetwork(state)
  publish(engine)
  if (!reconnected) return
  // Pushes may have been missed while offline: every status in use (subscribed, or fetched) is asked again;
  // statuses only kept (a prefetched list) are not. And the own status if it never came (an SDK_READY while
  // offline).
  const ids = engine.ids()
  for (const id of ids) {
    const inUse =
      engine.ledger.of(id).state === 'present' || engine.demand.of(id).fetchers > 0 || engine.waiters.has(id)
    if (id !== session.userID && inUse) engine.knowledge.invalidate(id)
  }
  engine.settleAll(ids)
  if (!engine.self.isFresh()) engine.self.fetch()
}

/** Starts listening to the SDK and finds out whether it is ready (it may have been before the engine started). */
export function attach(engine: Engine): void {
  if (engine.attached) return
  const handlers: SdkHandlers = {
    [TIM_EVENT.SDK_READY]: () => void onSdkReady(engine),
    [TIM_EVENT.SDK_NOT_READY]: () => goNotReady(engine, 'logged-out'),
    [TIM_EVENT.KICKED_OUT]: () => goNotReady(engine, 'kicked-out'),
    [TIM_EVENT.SDK_DESTROY]: () => goNotReady(engine, 'not-logged-in'),
    [TIM_EVENT.NET_STATE_CHANGE]: (event) => onNetwork(engine, event.data),
    [TIM_EVENT.USER_STATUS_UPDATED]: (event) => applyPush(engine, event.data),
  }
  engine.listen(handlers)
  for (const [name, handler] of Object.entries(handlers)) engine.tim.on(name, handler)
  void findOutReadiness(engine)
}

/**
 * Stops listening: nothing is held on the server and no client is started. Answers still on the way are dropped,
 * and what was fetched counts as stale from now on (pushes are not heard while detached).
 */
export function detach(engine: Engine): void {
  const handlers = engine.listen(null)
  if (!handlers) return
  // Deaf first: a listener of the store update below may start a client, which must then attach anew.
  for (const [name, handler] of Object.entries(handlers)) engine.tim.off(name, handler)
  engine.session.setNetwork('connected')
  goNotReady(engine, 'not-logged-in')
}
