/**
 * The invariants of the model-based properties, judged only from public behaviour: what the fake SDK was asked
 * (`tim.calls`), what its server holds and received (`tim.backend`), and what the views show. The engine's own
 * picture is an extra check (belief.ts).
 */
import { expect, vi } from 'vitest'
import type { SdkCall } from '../../src/testing'
import { ME } from './model'
import { checkReleaseGrace } from './releaseGrace'
import { livePriorities, wantedLive } from './wanted'
import {
  type Driver,
  mountedViews,
  NOT_READY_CODES,
  type SessionEvent,
  type Shown,
  STALE_TIME_MS,
  START,
  statusesSince,
  type View,
  type World,
} from './world'

const WINDOW_MS = 5000
const CALLS_PER_WINDOW = 20
type FamilyApi = 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus'
const FAMILY_APIS: readonly FamilyApi[] = ['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus']

/** A query of the own ID alone: the SDK answers it locally, never counted by the server. */
function isOwnQuery(call: SdkCall): boolean {
  return call.api === 'getUserStatus' && call.userIDList?.length === 1 && call.userIDList[0] === ME
}

function describeCall(call: SdkCall): string {
  const ids = call.unsubscribeAll ? 'ALL' : (call.userIDList ?? []).join(',')
  return `${call.api}(${ids}) at +${call.at - START} ms -> ${JSON.stringify(call.outcome)}`
}

/** What the SDK had told (events) and what the model was doing when a call was made. */
interface CallContext {
  /** The last session event was SDK_READY (not SDK_NOT_READY / KICKED_OUT). */
  ready: boolean
  /** `tim.logout()` was called and its SDK_NOT_READY has not come yet. */
  loggingOut: boolean
  offline: boolean
  /** The network is down and the engine has known it since (see `noteListening`). */
  knownOffline: boolean
}

function applyEvent(context: CallContext, event: SessionEvent): void {
  const { kind } = event
  if (kind === 'ready') Object.assign(context, { ready: true, loggingOut: false })
  else if (kind === 'ended') Object.assign(context, { ready: false, loggingOut: false })
  else if (kind === 'logoutStarted') context.loggingOut = true
  else if (kind === 'forgotten') context.knownOffline = false
  else Object.assign(context, { offline: kind === 'disconnected', knownOffline: event.heard === true })
}

/** The context of each call of the log, in order. */
function callContexts(world: World): CallContext[] {
  const { events } = world
  const context: CallContext = { ready: false, loggingOut: false, offline: false, knownOffline: false }
  const contexts: CallContext[] = []
  let next = 0
  for (let index = 0; index < world.tim.calls.length; index++) {
    while (next < events.length && (events[next] as SessionEvent).callIndex <= index) {
      applyEvent(context, events[next] as SessionEvent)
      next++
    }
    contexts.push({ ...context })
  }
  return contexts
}

/** The most calls whose `at` falls into one closed window of WINDOW_MS. */
function busiestWindow(times: readonly number[]): number {
  let most = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while ((times[first] as number) < (times[last] as number) - WINDOW_MS) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

/**
 * Nothing is sent while logged out: no call is made after SDK_NOT_READY / KICKED_OUT until the next SDK_READY.
 * The SDK may still refuse a call as not ready (2024, 3000, 2999, 3003, 3005) when the engine could not know:
 * made while `tim.logout()` was under way, or while the network was down (the SDK held it, and the session ended
 * before it went out). Any other not-ready refusal fails.
 */
function checkReadiness(call: SdkCall, context: CallContext): void {
  const what = describeCall(call)
  expect(context.ready, `made after SDK_NOT_READY / KICKED_OUT, before SDK_READY: ${what}`).toBe(true)
  expect(context.knownOffline, `made while the network was down, as the engine had heard: ${what}`).toBe(
    false,
  )
  if (typeof call.outcome !== 'object' || !NOT_READY_CODES.includes(call.outcome.code)) return
  expect(
    context.loggingOut || context.offline,
    `refused as not ready, made with no logout under way and the network up: ${what}`,
  ).toBe(true)
}

function checkOneCall(world: World, call: SdkCall): void {
  const ids = call.userIDList ?? []
  const what = describeCall(call)
  expect(call.outcome, `settled and not thrown: ${what}`).not.toBe('threw')
  expect(call.outcome, `settled: ${what}`).not.toBe('pending')
  expect(new Set(ids).size, `no ID twice in one call: ${what}`).toBe(ids.length)
  const { limits } = world.scenario
  if (call.api === 'getUserStatus') {
    expect(ids.length, `at most ${limits.query} IDs: ${what}`).toBeLessThanOrEqual(limits.query)
    if (ids.includes(ME)) expect(ids, `the own ID is queried alone: ${what}`).toEqual([ME])
  } else if (call.api === 'subscribeUserStatus' || call.api === 'unsubscribeUserStatus') {
    const limit = call.api === 'subscribeUserStatus' ? limits.subscribe : limits.unsubscribe
    expect(ids.length, `at most ${limit} IDs: ${what}`).toBeLessThanOrEqual(limit)
    expect(ids, `the own ID is never (un)subscribed: ${what}`).not.toContain(ME)
  }
}

/**
 * The whole call log: limits per call, budgets per family, nothing sent while logged out, no drop past the cap,
 * no unsubscribe within the release grace.
 */
export function checkCallLog(world: World): void {
  const { tim } = world
  const contexts = callContexts(world)
  tim.calls.forEach((call, index) => {
    checkOneCall(world, call)
    checkReadiness(call, contexts[index] as CallContext)
  })
  for (const api of FAMILY_APIS) {
    const times = tim.calls.filter((call) => call.api === api && !isOwnQuery(call)).map((call) => call.at)
    expect(busiestWindow(times), `${api} calls in one ${WINDOW_MS} ms window`).toBeLessThanOrEqual(
      CALLS_PER_WINDOW,
    )
  }
  // Calls the SDK held through an outage the engine could not know of all reach the server on reconnect.
  if (!contexts.some((context) => context.offline)) {
    const refused = tim.backend.log.filter((entry) => entry.error?.code === 2996)
    expect(refused, 'the server refused calls as over its frequency limit').toEqual([])
  }
  expect(tim.backend.droppedSubscriptions(), 'the server dropped subscriptions past its cap').toEqual([])
  checkReleaseGrace(world)
}

/** At any time: the server never holds more than `maxSubscriptions` for the own sessions, and dropped none. */
export function checkServer(world: World): void {
  const { tim, scenario } = world
  expect(tim.backend.subscriptionsOf(ME).length, 'server subscriptions').toBeLessThanOrEqual(
    scenario.maxSubscriptions,
  )
  expect(tim.backend.droppedSubscriptions(), 'the server dropped subscriptions past its cap').toEqual([])
}

/** A status as a view of this kind shows it: a badge shows only the status type. */
function asShown(view: View, status: { statusType: number; customStatus: string }): Shown {
  return view.view === 'badge'
    ? { statusType: status.statusType }
    : { statusType: status.statusType, customStatus: status.customStatus }
}

const sorted = (ids: Iterable<string>) => [...ids].sort()

function checkSubscriptions(world: World, driver: Driver, live: Set<string>): void {
  const { tim, scenario } = world
  const server = new Set(tim.backend.subscriptionsOf(ME))
  // Past the cap, higher priorities come first: every ID of a priority is held if that priority and the ones
  // above it fit.
  const priorities = livePriorities(world, driver)
  for (const level of new Set(priorities.values())) {
    const atOrAbove = [...priorities].filter(([, priority]) => priority >= level).map(([id]) => id)
    if (atOrAbove.length > scenario.maxSubscriptions) continue
    expect(
      atOrAbove.filter((id) => !server.has(id)),
      `live IDs of priority >= ${level} missing on the server`,
    ).toEqual([])
  }
  if (live.size <= scenario.maxSubscriptions) {
    expect(sorted(server), 'server subscriptions = IDs mounted live').toEqual(sorted(live))
  } else {
    expect(server.size, 'server subscriptions when more are wanted than the cap').toBe(
      scenario.maxSubscriptions,
    )
    expect(
      [...server].filter((id) => !live.has(id)),
      'server subscriptions not mounted live',
    ).toEqual([])
  }
}

function checkViews(world: World, driver: Driver, live: Set<string>): void {
  const { tim, stage } = world
  for (const view of mountedViews(stage)) {
    const shown = driver.shown(view)
    if (view.view === 'hook') {
      expect(driver.shownError(view), `hook #${view.key} shows an error after faults stopped`).toBeNull()
    }
    for (const id of view.ids) {
      const what = `${view.view} #${view.key} (${view.subscribe ? 'live' : 'fetch'}) shows ${id}`
      if (id === ME) {
        expect(shown[id], what).toEqual(asShown(view, tim.backend.getStatus(id)))
        continue
      }
      if (view.view === 'spare') {
        // Asked only in queries sent anyway, live or not (a change between such a query and the subscribe is asked
        // again only in the next query sent anyway): unknown, or a status it had at some time.
        const ever = statusesSince(world, id, START).map((record) => asShown(view, record))
        if (shown[id] !== undefined) expect(ever, `${what}: a status it had`).toContainEqual(shown[id])
        continue
      }
      if (live.has(id)) {
        expect(shown[id], what).toEqual(asShown(view, tim.backend.getStatus(id)))
        continue
      }
      if (view.view === 'prefetch') {
        // Asked once and kept, not refreshed: known, and a status it had at some time.
        const ever = statusesSince(world, id, START).map((record) => asShown(view, record))
        expect(shown[id], `${what}: known`).toBeDefined()
        expect(ever, `${what}: a status it had`).toContainEqual(shown[id])
        continue
      }
      // Fetch-only: kept fresh (asked again before it goes stale), so a status the server held within the stale
      // time of now. Faults stopped long ago, so nothing holds a query back; the flap guard may hold a drop from
      // online it answered for up to offlineDelayMs, showing the status before it meanwhile.
      const from = Date.now() - STALE_TIME_MS - world.scenario.offlineDelayMs
      const allowed = statusesSince(world, id, from).map((record) => asShown(view, record))
      expect(allowed, `${what}: a status it had since +${from - START} ms`).toContainEqual(shown[id])
    }
  }
}

/** After faults stopped and time passed: the server holds what is mounted live; views show the server's status. */
export function checkConverged(world: World, driver: Driver): void {
  const { tim } = world
  const live = wantedLive(world, driver)
  // Logged in (both flavors: tim-js-sdk has no isReady); SDK_READY has long come by now.
  if (tim.backend.sessionCount(ME) === 0) {
    expect(tim.backend.subscriptionsOf(ME), 'logged out: nothing subscribed').toEqual([])
    return
  }
  checkSubscriptions(world, driver, live)
  // IDs past the cap that only the look-ahead or spare views want live are neither live nor refreshed: they show
  // what their views' own rules allow. Live views that fetch keep theirs fresh by queries past the cap.
  const server = new Set(tim.backend.subscriptionsOf(ME))
  const fetchedLive = new Set(
    mountedViews(world.stage)
      .filter((view) => view.subscribe && view.view !== 'spare')
      .flatMap((view) => view.ids),
  )
  const exact = new Set([...live].filter((id) => server.has(id) || fetchedLive.has(id)))
  checkViews(world, driver, exact)
}

/** After every provider went and time passed: nothing held, nothing listened to, no timer left. */
export function checkTornDown(world: World): void {
  const { tim } = world
  expect(tim.backend.subscriptionsOf(ME), 'torn down: server subscriptions').toEqual([])
  expect(tim.listenerCount() - world.ownListeners, 'torn down: SDK listeners').toBe(0)
  expect(vi.getTimerCount(), 'torn down: timers left').toBe(0)
}
