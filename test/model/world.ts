/**
 * The world one scenario runs in: a fake SDK on fake time, what is mounted (the stage), the server's status
 * history (to judge views that are not live), and the driver that shows the stage (React or the core alone).
 */
import { vi } from 'vitest'
import { type StatusClientOptions, TIM_EVENT } from '../../src/core'
import { createFakeTim, type FakeTim } from '../../src/testing'
import type { Scenario, Slot, StatusType, ViewKind } from './model'

export const START = Date.UTC(2025, 0, 1)
export const SUBSCRIPTION_CAP = 12
export const LATENCY_MS = 20
export const STALE_TIME_MS = 30_000
/** Fake time given to converge: well past the 30 s retry cap, the stale time and the grace. */
export const SETTLE_MS = 120_000
export const STEP_MS = 5_000
/** The SDK refused the call before sending it: it was made while the SDK was not logged in or not ready. */
export const NOT_READY_CODES: readonly number[] = [2024, 3000, 2999, 3003, 3005]

/** One mounted view: a badge (one ID) or a hook (several), live (subscribe) or fetch-only. */
export interface View {
  key: number
  slot: Slot
  view: ViewKind
  ids: string[]
  subscribe: boolean
  /** Its retain's priority (core driver; see `Driver.priorityOf`). */
  priority: number
}

export interface ProviderSlot {
  present: boolean
  /** Changes when the provider is mounted again (a new React key, a new client). */
  key: number
}

/** What is mounted: the two provider slots and the views under them. */
export interface Stage {
  slots: [ProviderSlot, ProviderSlot]
  views: View[]
}

/** A status as a view shows it (undefined: unknown / not loaded). */
export interface Shown {
  statusType: number
  customStatus?: string
}

/** Shows a stage, and reads what its views show. React or the core alone. */
export interface Driver {
  show(stage: Stage): Promise<void>
  /** Runs a change outside the views (server, SDK), letting the views follow (React: inside act). */
  act(change: () => void): Promise<void>
  advance(ms: number): Promise<void>
  shown(view: View): Record<string, Shown | undefined>
  /** The priority the engine gives the view's retain (the React layer sets its own). */
  priorityOf(view: View): number
  /** The code of the error a hook shows (`useUserStatus().error`); null when none. */
  shownError(view: View): number | null
  /** Whether the view is mounted now (under a mounted provider), so that `shown` can read it. */
  isShowing(view: View): boolean
  /** Calls `listener` whenever what views show may have changed (core: a store write; React: a DOM change). */
  watch(listener: () => void): void
  dispose(): Promise<void>
}

export interface StatusRecord {
  at: number
  /** Its place among the records of `World.samples` and `World.received` (see `nextSeq`). */
  seq: number
  statusType: StatusType
  customStatus: string
}

/** What one view showed for one ID from `at` on (`gone`: the view was unmounted). */
export interface ShownSample {
  seq: number
  at: number
  view: number
  id: string
  shown: Shown | undefined | 'gone'
}

/** A status push the SDK delivered to the app (`USER_STATUS_UPDATED`), one per status. */
export interface Received {
  seq: number
  at: number
  userID: string
  statusType: number
  customStatus: string
}

/** What happened to the session and the network, by the number of calls made before it (to place calls). */
export interface SessionEvent {
  callIndex: number
  at: number
  kind: 'ready' | 'ended' | 'logoutStarted' | 'disconnected' | 'connected' | 'forgotten'
  /** Of 'disconnected': the engine was listening (see `engineListening`), so it knows the network is down. */
  heard?: boolean
}

/** What the model wanted live from one `show` on, placed among the calls by the number made before it. */
export interface WantedSnapshot {
  callIndex: number
  at: number
  /** The IDs of views mounted live. */
  mounted: ReadonlySet<string>
  /** Those and the look-ahead of lists (which the engine moves only while it can send: not while offline). */
  wanted: ReadonlySet<string>
  /** The IDs of subscribes still unanswered then: the engine cannot know yet whether the server holds them. */
  subscribing: ReadonlySet<string>
}

export interface World {
  readonly scenario: Scenario
  readonly tim: FakeTim
  readonly options: StatusClientOptions
  readonly stage: Stage
  /** Every status each ID had on the server, oldest first (unknown users start UNLOGINED, 3). */
  readonly history: Map<string, StatusRecord[]>
  readonly events: SessionEvent[]
  /** What was wanted live, at every `show` (see `recordingWanted`). */
  readonly shows: WantedSnapshot[]
  /** Every change of what a view shows, in order (see `recordingShown`). */
  readonly samples: ShownSample[]
  /** The last thing each view showed of each ID (by view key, then ID), as recorded in `samples`. */
  readonly lastShown: Map<number, Map<string, string>>
  /** Every status pushed to the app, in order. */
  readonly received: Received[]
  /** Listeners the model itself keeps on the SDK (to record `events` and `received`). */
  readonly ownListeners: number
  nextKey: number
  /** The last sequence number given (see `nextSeq`). */
  seq: number
  faultIndex: number
  network: 'connected' | 'disconnected'
  disconnectedAt: number
  /** The engine heard the network go down and has listened ever since. */
  outageHeard: boolean
}

export function createWorld(scenario: Scenario): World {
  const { limits, flavor, readyDelayMs } = scenario
  const tim = createFakeTim({
    latencyMs: LATENCY_MS,
    subscriptionCap: SUBSCRIPTION_CAP,
    limits,
    flavor,
    readyDelayMs,
  })
  const options: StatusClientOptions = {
    maxSubscriptions: scenario.maxSubscriptions,
    unsubscribeDelayMs: scenario.unsubscribeDelayMs,
    gcTimeMs: scenario.gcTimeMs,
    staleTimeMs: STALE_TIME_MS,
    rateLimit: { calls: 20, perMs: 5000 },
    limits,
    offlineDelayMs: scenario.offlineDelayMs,
  }
  const now = Date.now()
  const events: SessionEvent[] = []
  const received: Received[] = []
  const record = (kind: SessionEvent['kind']) => () =>
    events.push({ callIndex: tim.calls.length, at: Date.now(), kind })
  tim.on('sdkStateReady', record('ready'))
  tim.on('sdkStateNotReady', record('ended'))
  tim.on('kickedOut', record('ended'))
  tim.on(TIM_EVENT.USER_STATUS_UPDATED, (event: { data: unknown }) => {
    const statuses = Array.isArray(event.data) ? (event.data as Omit<Received, 'seq' | 'at'>[]) : []
    for (const { userID, statusType, customStatus } of statuses)
      received.push({ seq: nextSeq(world), at: Date.now(), userID, statusType, customStatus })
  })
  const world: World = {
    scenario,
    tim,
    options,
    events,
    shows: [],
    samples: [],
    lastShown: new Map(),
    received,
    ownListeners: 4,
    stage: {
      slots: [
        { present: true, key: 0 },
        { present: false, key: 0 },
      ],
      views: [],
    },
    history: new Map(),
    nextKey: 1,
    seq: 0,
    faultIndex: 0,
    network: 'connected',
    disconnectedAt: now,
    outageHeard: false,
  }
  return world
}

/** The next sequence number: it orders status changes, pushes and samples that share a millisecond. */
export function nextSeq(world: World): number {
  return ++world.seq
}

/**
 * The engine listens to the SDK: a handler of the SDK's network events (NET_STATE_CHANGE) is registered on the fake
 * SDK. The model keeps none of its own, so any there is the engine's, and it is told when the network drops.
 */
export function engineListening(tim: FakeTim): boolean {
  return tim.listenerCount(TIM_EVENT.NET_STATE_CHANGE) > 0
}

/** Records a session or network event made by the model (not one the SDK emits). */
export function recordEvent(world: World, kind: SessionEvent['kind']): void {
  const event: SessionEvent = { callIndex: world.tim.calls.length, at: Date.now(), kind }
  if (kind === 'disconnected') {
    event.heard = engineListening(world.tim)
    world.outageHeard = event.heard
  }
  world.events.push(event)
}

/**
 * Called after each command: an engine that stopped listening during an outage cannot know, once it listens
 * again, that the network is down (the SDK has no getter for it), so its calls then are no fault of its own.
 */
export function noteListening(world: World): void {
  if (world.network !== 'disconnected' || !world.outageHeard) return
  if (engineListening(world.tim)) return
  world.outageHeard = false
  recordEvent(world, 'forgotten')
}

/** Turns faults on (decisions consumed in order, round and round) or off. */
export function setFaults(world: World, on: boolean): void {
  const { faults } = world.scenario
  world.tim.setFaults(on ? () => faults[world.faultIndex++ % faults.length] : null)
}

/** The views that are mounted now (their provider is). */
export function mountedViews(stage: Stage): View[] {
  return stage.views.filter((view) => stage.slots[view.slot].present)
}

/** The statuses an ID had on the server at any time from `from` on. */
export function statusesSince(world: World, id: string, from: number): StatusRecord[] {
  const records = world.history.get(id) ?? []
  const initial: StatusRecord = {
    at: Number.NEGATIVE_INFINITY,
    seq: Number.NEGATIVE_INFINITY,
    statusType: 3,
    customStatus: '',
  }
  let atFrom = initial
  for (const record of records) if (record.at <= from) atFrom = record
  return [atFrom, ...records.filter((record) => record.at > from)]
}

/** Moves fake time in steps, so that every timer and what it causes runs. */
export async function advanceInSteps(driver: Driver, total: number): Promise<void> {
  for (let passed = 0; passed < total; passed += STEP_MS)
    await driver.advance(Math.min(STEP_MS, total - passed))
}

/** Fake time for one scenario; returns the undo. */
export function startScenarioTime(): () => void {
  vi.useFakeTimers({ now: START })
  return () => {
    vi.clearAllTimers()
    vi.useRealTimers()
  }
}
