/**
 * Runs one scenario against a driver: the commands (checking the server, then the engine's belief, after each),
 * then faults stop and time passes until everything converges, then every provider goes and time passes again.
 * Public behaviour is checked first; the engine's own picture (belief.ts) after it.
 */
import { vi } from 'vitest'
import { checkBelief, checkBeliefSettled } from './belief'
import { checkCallLog, checkConverged, checkServer, checkTornDown } from './invariants'
import { type Command, ME, OTHERS, type Scenario, type StatusType } from './model'
import { recordingWanted } from './wanted'
import {
  advanceInSteps,
  createWorld,
  type Driver,
  LATENCY_MS,
  mountedViews,
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
  records.push({ at: Date.now(), statusType, customStatus })
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
    driver = recordingWanted(world, makeDriver(world))
    if (scenario.faultsAtStart) setFaults(world, true)
    await driver.show(world.stage)
    for (const command of scenario.commands) {
      await perform(world, driver, command)
      noteListening(world)
      checkServer(world)
      checkBelief(world)
    }
    await converge(world, driver)
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
