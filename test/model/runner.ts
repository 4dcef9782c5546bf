/**
 * Runs one scenario against a driver: the commands (checking the server, then the engine's belief, after each),
 * then faults stop and time passes until everything converges (then the flap guard is judged over the whole run
 * from what the views showed), then every provider goes and time passes again.
 * Public behaviour is checked first; the engine's own picture (belief.ts) after it.
 */
import { vi } from 'vitest'
import { checkBelief, checkBeliefSettled } from './belief'
import { checkFlaps, recordingShown } from './flaps'
import { checkCallLog, checkConverged, checkServer, checkTornDown } from './invariants'
import { type Command, ME, OTHERS, type Scenario, type StatusType } from './model'
import { mountedLive, recordingWanted } from './wanted'
import {
  advanceInSteps,
  createWorld,
  type Driver,
  LATENCY_MS,
  mountedViews,
  nextSeq,
  noteListening,
  recordEvent,
  SETTLE_MS,
  setFaults,
  startScenarioTime,
  type World,
} from './world'

/** Makes the driver of a world (React or the core alone). */
export type DriverFactory = (world: World) => Driver

const ignore = () => {}

async function performSession(world: World, driver: Driver, action: 'login' | 'logout' | 'kickOut') {
  const { tim } = world
  await driver.act(() => {
    // A login while logged in, or a logout while logged out, is refused by the SDK: nothing to see.
    if (action === 'login') tim.login({ userID: ME }).catch(ignore)
    else if (action === 'logout') {
      recordEvent(world, 'logoutStarted')
      tim.logout().catch(ignore)
    } else tim.kickOut()
  })
}

async function performMount(world: World, driver: Driver, command: Command & { kind: 'mount' }) {
  const { slot, view, ids, subscribe, priority } = command
  world.stage.views.push({
    key: world.nextKey++,
    slot,
    view,
    ids,
    subscribe,
    priority,
  })
  await driver.show(world.stage)
}

async function performBurst(world: World, driver: Driver, command: Command & { kind: 'burst' }) {
  const { slot, ids, subscribe, gapMs, unmountAfter } = command
  const { views } = world.stage
  const keys: number[] = []
  for (const id of ids) {
    const key = world.nextKey++
    keys.push(key)
    views.push({ key, slot, view: 'badge', ids: [id], subscribe, priority: 0 })
    await driver.show(world.stage)
    await driver.advance(gapMs)
  }
  if (!unmountAfter) return
  for (const key of keys) {
    views.splice(
      views.findIndex((view) => view.key === key),
      1,
    )
    await driver.show(world.stage)
    await driver.advance(gapMs)
  }
}

async function performProvider(world: World, driver: Driver, command: Command & { kind: 'provider' }) {
  const slot = world.stage.slots[command.slot]
  if (command.action === 'remount' || !slot.present) slot.key++
  slot.present = command.action === 'remount' || !slot.present
  await driver.show(world.stage)
}

/**
 * An outage lasts at least one round trip: the fake SDK still delivers the replies and pushes that were on the
 * way when the network dropped, even after the reconnect, which a real socket would have lost.
 */
async function setNetwork(world: World, driver: Driver, state: 'connected' | 'disconnected') {
  if (state === 'connected' && world.network === 'disconnected') {
    const rest = world.disconnectedAt + LATENCY_MS + 1 - Date.now()
    if (rest > 0) await driver.advance(rest)
  }
  if (state === 'disconnected' && world.network === 'connected') world.disconnectedAt = Date.now()
  world.network = state
  recordEvent(world, state)
  await driver.act(() => world.tim.setNetworkState(state))
}

/** The server changes a status (and the model records it in the status history). */
function setStatus(world: World, driver: Driver, id: string, statusType: StatusType, customStatus: string) {
  const records = world.history.get(id) ?? []
  records.push({ at: Date.now(), seq: nextSeq(world), statusType, customStatus })
  world.history.set(id, records)
  return driver.act(() => world.tim.backend.setStatus(id, { statusType, customStatus }))
}

/** See the `outage` command: the IDs changed are mounted ones, so that a missing refetch shows in a view. */
async function performOutage(world: World, driver: Driver, command: Command & { kind: 'outage' }) {
  await setNetwork(world, driver, 'disconnected')
  const mounted = new Set(mountedViews(world.stage).flatMap((view) => view.ids))
  mounted.delete(ME)
  const pool = mounted.size > 0 ? [...mounted] : OTHERS
  for (const pick of command.picks) {
    const id = pool[pick % pool.length] as string
    const { statusType } = world.tim.backend.getStatus(id)
    const next = (((statusType - 1 + command.shift) % 3) + 1) as StatusType
    await setStatus(world, driver, id, next, command.customStatus)
  }
  await driver.advance(command.ms)
  await setNetwork(world, driver, 'connected')
}

/** How long before a blip its user is online at least: longer than a push takes, so that views show them online. */
const ONLINE_BEFORE_BLIP_MS = 200

/**
 * The user of a blip: one that views watch live and the server holds (so its pushes arrive). When there is none, a
 * live badge of a mounted (or other) user is mounted first, on a provider that is there.
 */
async function flapTarget(world: World, driver: Driver, pick: number): Promise<string> {
  const live = mountedLive(world)
  const held = world.tim.backend.subscriptionsOf(ME).filter((id) => live.has(id))
  if (held.length > 0) return held[pick % held.length] as string
  const mounted = mountedViews(world.stage)
    .flatMap((view) => view.ids)
    .filter((id) => id !== ME)
  const pool = mounted.length > 0 ? mounted : OTHERS
  const id = pool[pick % pool.length] as string
  const slot = world.stage.slots[0].present || !world.stage.slots[1].present ? 0 : 1
  await performMount(world, driver, {
    kind: 'mount',
    slot,
    view: 'badge',
    ids: [id],
    subscribe: true,
    priority: 2,
  })
  await driver.advance(ONLINE_BEFORE_BLIP_MS)
  return id
}

/** See the `flap` command: online (for a while), away, and online again after a blip shorter or longer than the delay. */
async function performFlap(world: World, driver: Driver, command: Command & { kind: 'flap' }) {
  const id = await flapTarget(world, driver, command.pick)
  const { customStatus } = command
  // Online (again: a push the app hears ends any drop it still holds back), for longer than a push takes.
  await setStatus(world, driver, id, 1, customStatus)
  await driver.advance(ONLINE_BEFORE_BLIP_MS)
  await setStatus(world, driver, id, command.to, customStatus)
  const delay = world.scenario.offlineDelayMs
  const blipMs = delay > 0 ? Math.round((delay * command.percent) / 100) : command.percent * 10
  await driver.advance(blipMs)
  await setStatus(world, driver, id, 1, customStatus)
}

async function perform(world: World, driver: Driver, command: Command): Promise<void> {
  const { stage } = world
  switch (command.kind) {
    case 'mount':
      return performMount(world, driver, command)
    case 'burst':
      return performBurst(world, driver, command)
    case 'unmount':
      if (stage.views.length === 0) return
      stage.views.splice(command.pick % stage.views.length, 1)
      return driver.show(stage)
    case 'provider':
      return performProvider(world, driver, command)
    case 'setStatus':
      return setStatus(world, driver, command.id, command.statusType, command.customStatus)
    case 'session':
      return performSession(world, driver, command.action)
    case 'network':
      return setNetwork(world, driver, command.state)
    case 'outage':
      return performOutage(world, driver, command)
    case 'flap':
      return performFlap(world, driver, command)
    case 'advance':
      return driver.advance(command.ms)
    case 'faults':
      setFaults(world, command.on)
      return
  }
}

/** Faults stop, the network comes back, and time passes. */
async function converge(world: World, driver: Driver): Promise<void> {
  setFaults(world, false)
  if (world.network !== 'connected') await setNetwork(world, driver, 'connected')
  await advanceInSteps(driver, SETTLE_MS)
}

/** Every provider goes, and time passes. */
async function tearDown(world: World, driver: Driver): Promise<void> {
  for (const slot of world.stage.slots) slot.present = false
  await driver.show(world.stage)
  await advanceInSteps(driver, SETTLE_MS)
}

/** Runs a scenario on fake time and checks every invariant; returns the world (its call log) when all held. */
export async function runScenario(scenario: Scenario, makeDriver: DriverFactory): Promise<World> {
  const restoreTime = startScenarioTime()
  let driver: Driver | undefined
  try {
    const world = createWorld(scenario)
    if (scenario.loggedIn) {
      world.tim.login({ userID: ME }).catch(ignore)
      await vi.advanceTimersByTimeAsync(1000)
    }
    driver = recordingWanted(world, recordingShown(world, makeDriver(world)))
    if (scenario.faultsAtStart) setFaults(world, true)
    await driver.show(world.stage)
    for (const command of scenario.commands) {
      await perform(world, driver, command)
      noteListening(world)
      checkServer(world)
      checkBelief(world)
    }
    await converge(world, driver)
    checkFlaps(world)
    checkServer(world)
    checkConverged(world, driver)
    checkBeliefSettled(world)
    await tearDown(world, driver)
    checkTornDown(world)
    checkCallLog(world)
    return world
  } finally {
    await driver?.dispose()
    restoreTime()
  }
}
