/**
 * What the model wants live, from what is mounted: the IDs of live views, and the look-ahead of prefetched lists
 * around what is on screen. Also records, at each `show`, what was wanted from then on (for the release grace).
 */
// The one place the model reads an engine constant: how many rows the look-ahead keeps live on each side of the
// screen (a documented behaviour, docs/lists.md).
import { LOOK_AHEAD } from '../../src/core/lookAhead'
import { ME } from './model'
import { type Driver, mountedViews, type World } from './world'

/**
 * The look-ahead of prefetched lists (docs/lists.md): around the IDs on screen (retained live at priority 2 or
 * above), a window of `LOOK_AHEAD` IDs on each side of a list of several IDs is live at priority 1.
 */
export function lookAhead(world: World, driver: Driver): Set<string> {
  const views = mountedViews(world.stage)
  // On screen: retained live at priority 2 or above by one view.
  const onScreen = new Set(
    views.filter((view) => view.subscribe && driver.priorityOf(view) >= 2).flatMap((view) => view.ids),
  )
  const out = new Set<string>()
  for (const view of views) {
    if (view.view !== 'prefetch' || view.ids.length < 2) continue
    const at = view.ids.flatMap((id, index) => (onScreen.has(id) ? [index] : []))
    if (at.length === 0) continue
    const first = Math.max(0, Math.min(...at) - LOOK_AHEAD)
    const last = Math.max(...at) + LOOK_AHEAD
    for (const id of view.ids.slice(first, last + 1)) if (id !== ME) out.add(id)
  }
  return out
}

/** The IDs of views mounted live (not the own ID). */
export function mountedLive(world: World): Set<string> {
  return new Set(
    mountedViews(world.stage)
      .filter((view) => view.subscribe)
      .flatMap((view) => view.ids)
      .filter((id) => id !== ME),
  )
}

/** The IDs wanted live: mounted live, or in the look-ahead of a list. */
export function wantedLive(world: World, driver: Driver): Set<string> {
  const live = mountedLive(world)
  for (const id of lookAhead(world, driver)) live.add(id)
  return live
}

/** The IDs wanted live, each at the highest priority of any view retaining it (live or not). */
export function livePriorities(world: World, driver: Driver): Map<string, number> {
  const views = mountedViews(world.stage)
  const out = new Map<string, number>()
  for (const id of lookAhead(world, driver)) out.set(id, 1)
  for (const view of views) {
    if (view.subscribe) for (const id of view.ids) if (id !== ME && !out.has(id)) out.set(id, 0)
  }
  for (const view of views) {
    for (const id of view.ids) {
      const priority = out.get(id)
      if (priority !== undefined) out.set(id, Math.max(priority, driver.priorityOf(view)))
    }
  }
  return out
}

/**
 * The driver, recording before each `show` what the new stage wants live: the engine hears of the change during
 * the show, so every call from then on is judged against it.
 */
export function recordingWanted(world: World, driver: Driver): Driver {
  return {
    ...driver,
    async show(stage) {
      const { calls } = world.tim
      const subscribing = calls.filter(
        (call) => call.api === 'subscribeUserStatus' && call.outcome === 'pending',
      )
      world.shows.push({
        callIndex: calls.length,
        at: Date.now(),
        mounted: mountedLive(world),
        wanted: wantedLive(world, driver),
        subscribing: new Set(subscribing.flatMap((call) => call.userIDList ?? [])),
      })
      await driver.show(stage)
    },
  }
}
