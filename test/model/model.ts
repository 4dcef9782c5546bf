/**
 * The generated input of the model-based properties: a scenario (engine and fake-SDK settings, the fault decisions
 * consumed in order while faults are on) and a sequence of plain-data commands. Everything that varies comes from
 * fast-check's seed: no Math.random, no real time.
 */
import fc from 'fast-check'
import type { FaultDecision } from '../../src/testing'

export const ME = 'me'
/** 29 other users and the own ID: some IDs are shared by several views, some views hold the own ID. */
export const OTHERS = Array.from({ length: 29 }, (_, index) => `u${String(index).padStart(2, '0')}`)
export const POOL = [...OTHERS, ME]
/** A few IDs used more often, so that views share them. */
const HOT = ['u00', 'u01', 'u02', 'u03', 'u04', ME]

/** The fake SDK's (and the server's) limits; the engine is given the same ones. */
export interface Limits {
  query: number
  subscribe: number
  unsubscribe: number
}
export const DEFAULT_LIMITS: Limits = { query: 500, subscribe: 100, unsubscribe: 100 }
/** Small limits so that a handful of IDs already needs several calls (and unsubscribe-all). */
export const SMALL_LIMITS: Limits = { query: 5, subscribe: 3, unsubscribe: 3 }

export type Slot = 0 | 1
/**
 * `prefetch`: a list's IDs asked once and kept (`fetch: 'once'`, `usePrefetchStatus`); `spare`: IDs asked only in
 * the spare room of queries sent anyway (`fetch: 'spare'`: rows mounted off screen), and with `subscribe` live too
 * (rows mounted below a steady scroll, subscribed ahead at priority 1).
 */
export type ViewKind = 'badge' | 'hook' | 'prefetch' | 'spare'
export type StatusType = 1 | 2 | 3

export type Command =
  /** `priority` is the retain's in the core (what is on screen ranks 2); React badges rank 2 and hooks 0. */
  | { kind: 'mount'; slot: Slot; view: ViewKind; ids: string[]; subscribe: boolean; priority: number }
  /** Badges mounted one by one, `gapMs` apart (a list scrolled into view); then unmounted the same way, or not. */
  | { kind: 'burst'; slot: Slot; ids: string[]; subscribe: boolean; gapMs: number; unmountAfter: boolean }
  | { kind: 'unmount'; pick: number }
  | { kind: 'provider'; slot: Slot; action: 'toggle' | 'remount' }
  | { kind: 'setStatus'; id: string; statusType: StatusType; customStatus: string }
  | { kind: 'session'; action: 'login' | 'logout' | 'kickOut' }
  | { kind: 'network'; state: 'connected' | 'disconnected' }
  /**
   * The network drops; meanwhile the statuses of IDs in use change (`picks` into the mounted IDs, each to the status
   * `shift` places on from its own), so their pushes are lost; `ms` later it comes back.
   */
  | { kind: 'outage'; picks: number[]; shift: 1 | 2; customStatus: string; ms: number }
  /**
   * A blip (a page reload, a lid closed and opened): a user watched live and held on the server (`pick` into them;
   * with none, a live badge of one is mounted first), online for a moment, goes `to` offline or unlogined and comes
   * back online `percent` % of `offlineDelayMs` later (with the guard off, `percent` × 10 ms), so shorter or longer
   * than the delay.
   */
  | { kind: 'flap'; pick: number; to: 2 | 3; percent: number; customStatus: string }
  | { kind: 'advance'; ms: number }
  | { kind: 'faults'; on: boolean }

export interface Scenario {
  /** React only: the whole tree under <StrictMode>. */
  strict: boolean
  /** Core only: a client goes with destroy() instead of its stop. */
  destroy: boolean
  loggedIn: boolean
  /** `'tim-js-sdk'` has no isReady()/getLoginUser(): the engine asks getMyProfile() instead. */
  flavor: 'chat' | 'tim-js-sdk'
  /** Between login() resolving and SDK_READY (calls then are refused with 3000). */
  readyDelayMs: number
  maxSubscriptions: number
  unsubscribeDelayMs: number
  /** Small ones forget idle IDs while timers (rechecks, polls, retries) may still hold them. */
  gcTimeMs: number
  /** The flap guard: a drop from online of another user shows this long after it is heard (0: at once). */
  offlineDelayMs: number
  limits: Limits
  faultsAtStart: boolean
  /** Consumed in order (and again from the start) by every request made while faults are on. */
  faults: Exclude<FaultDecision, undefined>[]
  commands: Command[]
}

const idArbitrary = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...HOT) },
  { weight: 3, arbitrary: fc.constantFrom(...POOL) },
)
const slotArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Slot>(0) },
  { weight: 1, arbitrary: fc.constant<Slot>(1) },
)

const mountArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant('mount' as const),
    slot: slotArbitrary,
    view: fc.constant('badge' as const),
    ids: idArbitrary.map((id) => [id]),
    subscribe: fc.boolean(),
    priority: fc.constantFrom(0, 0, 2),
  }),
  fc.record({
    kind: fc.constant('mount' as const),
    slot: slotArbitrary,
    view: fc.constant('hook' as const),
    ids: fc.uniqueArray(idArbitrary, { minLength: 1, maxLength: 8 }),
    subscribe: fc.boolean(),
    priority: fc.constantFrom(0, 0, 1, 2),
  }),
  fc.record({
    kind: fc.constant('mount' as const),
    slot: slotArbitrary,
    view: fc.constant('prefetch' as const),
    ids: fc.uniqueArray(idArbitrary, { minLength: 1, maxLength: 12 }),
    subscribe: fc.constant(false),
    priority: fc.constant(0),
  }),
  fc.record({
    kind: fc.constant('mount' as const),
    slot: slotArbitrary,
    view: fc.constant('spare' as const),
    ids: fc.uniqueArray(idArbitrary, { minLength: 1, maxLength: 8 }),
    subscribe: fc.boolean(),
    priority: fc.constantFrom(0, 1),
  }),
)

const burstArbitrary = fc.record({
  kind: fc.constant('burst' as const),
  slot: slotArbitrary,
  ids: fc.array(idArbitrary, { minLength: 5, maxLength: 30 }),
  subscribe: fc.oneof(
    { weight: 3, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
  unmountAfter: fc.boolean(),
})

const advanceArbitrary = fc.record({
  kind: fc.constant('advance' as const),
  ms: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 8000 })),
})

/**
 * How long a blip lasts, in % of `offlineDelayMs`: shorter than it (some just shorter), or longer by more than the
 * slack the invariant allows (some just longer).
 */
const blipPercentArbitrary = fc.oneof(
  fc.integer({ min: 1, max: 99 }),
  fc.constantFrom(90, 99),
  fc.integer({ min: 120, max: 250 }),
  fc.constantFrom(120, 150),
)

const faultArbitrary: fc.Arbitrary<Exclude<FaultDecision, undefined>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('ok' as const) },
  { weight: 3, arbitrary: fc.record({ fail: fc.constantFrom(2996, 2800, 2801, 2805, 9999) }) },
  { weight: 1, arbitrary: fc.record({ lose: fc.constantFrom(2801, 2801, 2800, 9999) }) },
)

function commandArbitrary(withFaults: boolean): fc.Arbitrary<Command> {
  const commands: fc.WeightedArbitrary<Command>[] = [
    { weight: 6, arbitrary: mountArbitrary },
    { weight: 2, arbitrary: burstArbitrary },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('unmount' as const), pick: fc.nat(40) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('provider' as const),
        slot: fc.constantFrom<Slot>(0, 1),
        action: fc.constantFrom('toggle' as const, 'remount' as const),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('setStatus' as const),
        id: fc.constantFrom(...OTHERS),
        statusType: fc.constantFrom<StatusType>(1, 2, 3),
        customStatus: fc.constantFrom('', 'busy', 'away'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('session' as const),
        action: fc.constantFrom('login' as const, 'login' as const, 'logout' as const, 'kickOut' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('network' as const),
        state: fc.constantFrom('connected' as const, 'disconnected' as const),
      }),
    },
    // A change while offline, then a reconnect: found only if the engine asks again for what is in use.
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('outage' as const),
        picks: fc.array(fc.nat(40), { minLength: 1, maxLength: 3 }),
        shift: fc.constantFrom<1 | 2>(1, 2),
        customStatus: fc.constantFrom('', 'busy', 'away'),
        ms: fc.constantFrom(0, 50, 1000, 5000),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('flap' as const),
        pick: fc.nat(40),
        to: fc.constantFrom<2 | 3>(2, 3),
        percent: blipPercentArbitrary,
        customStatus: fc.constantFrom('', 'busy'),
      }),
    },
    { weight: 5, arbitrary: advanceArbitrary },
  ]
  if (withFaults) {
    commands.push({
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('faults' as const), on: fc.boolean() }),
    })
  }
  return fc.oneof(...commands)
}

/** What a scenario may hold: `withFaults` false gives fault-free scenarios (no faults at all). */
export interface ScenarioShape {
  withFaults: boolean
  limits: readonly Limits[]
  minCommands?: number
  maxCommands?: number
}

export function scenarioArbitrary(shape: ScenarioShape): fc.Arbitrary<Scenario> {
  const { withFaults, limits, minCommands = 5, maxCommands = 25 } = shape
  return fc.record({
    strict: fc.boolean(),
    destroy: fc.boolean(),
    loggedIn: fc.oneof(
      { weight: 6, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    flavor: fc.constantFrom('chat' as const, 'tim-js-sdk' as const),
    readyDelayMs: fc.constantFrom(0, 0, 300),
    maxSubscriptions: fc.constantFrom(4, 10, 12),
    unsubscribeDelayMs: fc.constantFrom(0, 300, 5000),
    gcTimeMs: fc.constantFrom(0, 1000, 300_000),
    // Off, short (scenarios stay fast), and the default.
    offlineDelayMs: fc.constantFrom(0, 300, 5000),
    limits: fc.constantFrom(...limits),
    faultsAtStart: withFaults ? fc.boolean() : fc.constant(false),
    faults: withFaults
      ? fc.array(faultArbitrary, { minLength: 1, maxLength: 40 })
      : fc.constant<Scenario['faults']>(['ok']),
    commands: fc.array(commandArbitrary(withFaults), { minLength: minCommands, maxLength: maxCommands }),
  })
}
