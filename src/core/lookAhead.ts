/**
 * Look-ahead in prefetched lists, for the apps that prefetch (`usePrefetchStatus`, `prefetchList`): a keep-once
 * retain of several IDs gives the engine the order of a list. Around the rows on screen (IDs retained live at
 * `ON_SCREEN` priority or above), a window of the list is kept live at `NEAR_PRIORITY`: rows a slow scroll brings
 * next are subscribed before they show, in a few calls of up to 100, and answered by the query that follows such a
 * subscribe. The window moves only when the rows on screen come within a quarter of its edge (or leave it, after a
 * fling), so reading and small scrolls cost nothing; rows it leaves are released with the usual grace, and the whole
 * window while nothing of the list is on screen.
 */
import type { Want } from './demand'
import type { Engine } from './engine'
import { engineOf } from './registry'
import { retain } from './requests'
import type { StatusClient } from './statusClient'

/** Rows kept live on each side of what is on screen. */
export const LOOK_AHEAD = 40
/** Priority of the window's retains: below what is on screen, like what just left it. */
const NEAR_PRIORITY = 1

const NEAR: Want = { fetch: false, keep: false, spare: false, subscribe: true, priority: NEAR_PRIORITY }

/** The window kept live in one list. */
interface Window {
  /** Index of each ID in the list (its first place). */
  readonly index: Map<string, number>
  /** First and last index; null while none is kept. */
  range: [number, number] | null
  release: (() => void) | null
}

/**
 * Where the screen is in a list: the first and last index of the largest run of rows on screen whose gaps are
 * under `LOOK_AHEAD` (a badge elsewhere, such as a chat header showing a contact of the list, does not stretch the
 * window); null when none of them is in it. Pure.
 */
function focusOf(onScreen: Iterable<string>, index: ReadonlyMap<string, number>): [number, number] | null {
  const at: number[] = []
  for (const id of onScreen) {
    const place = index.get(id)
    if (place !== undefined) at.push(place)
  }
  if (at.length === 0) return null
  at.sort((a, b) => a - b)
  let [bestStart, bestEnd, start] = [0, 0, 0]
  for (let i = 1; i <= at.length; i++) {
    if (i < at.length && (at[i] as number) - (at[i - 1] as number) < LOOK_AHEAD) continue
    // A run ends at i - 1: the largest so far (the first of equals) is the screen.
    if (i - 1 - start > bestEnd - bestStart) [bestStart, bestEnd] = [start, i - 1]
    start = i
  }
  return [at[bestStart] as number, at[bestEnd] as number]
}

/** The window a list should keep for `focus`, or the one it keeps when that is still good (pure). */
function windowFor(
  focus: [number, number],
  range: [number, number] | null,
  length: number,
): [number, number] {
  const [first, last] = focus
  const end = length - 1
  const margin = LOOK_AHEAD / 4
  if (
    range &&
    (first - range[0] >= margin || range[0] === 0) &&
    (range[1] - last >= margin || range[1] === end)
  ) {
    return range
  }
  return [Math.max(0, first - LOOK_AHEAD), Math.min(end, last + LOOK_AHEAD)]
}

function drop(window: Window | undefined): void {
  window?.release?.()
  if (window) [window.release, window.range] = [null, null]
}

function moveWindows(engine: Engine, windows: Map<readonly string[], Window>): void {
  const { onScreen } = engine.demand
  for (const [list, window] of windows) {
    const focus = focusOf(onScreen, window.index)
    // Nothing of it on screen (a fling, a list scrolled out of view): its window goes, with the usual grace.
    if (!focus) {
      drop(window)
      continue
    }
    const next = windowFor(focus, window.range, list.length)
    if (next === window.range) continue
    // The new window's retain first, then the old one's release: rows in both never drop to zero retains.
    const release = retain(engine, list.slice(next[0], next[1] + 1), NEAR)
    window.release?.()
    window.release = release
    window.range = next
  }
}

function install(engine: Engine): void {
  const { demand } = engine
  const windows = new Map<readonly string[], Window>()
  let moved = true
  const track = (list: readonly string[]) => {
    const index = new Map<string, number>()
    list.forEach((id, place) => {
      if (!index.has(id)) index.set(id, place)
    })
    windows.set(list, { index, range: null, release: null })
  }
  for (const list of demand.lists) track(list)
  demand.onList = (list, kept) => {
    if (kept) track(list)
    else {
      drop(windows.get(list))
      windows.delete(list)
    }
    moved = true
  }
  demand.onFocus = () => {
    if (windows.size > 0) moved = true
  }
  engine.beforePass.add(() => {
    if (!moved) return
    moved = false
    moveWindows(engine, windows)
  })
  // Lists kept before it was installed get their windows now, not at the next event.
  engine.schedule()
}

/** Makes the engine of `client` look ahead in the lists kept in order (once per SDK instance). */
export function lookAhead(client: StatusClient): void {
  const engine = engineOf(client.tim)
  if (engine && engine.demand.onList === null) install(engine)
}

/**
 * Asks once for the status of every ID of a list (ceil(N / 500) calls, in list order) and keeps the answers while
 * retained; around the rows on screen, the engine keeps the next rows of the list live. Returns the release.
 */
export function prefetchList(client: StatusClient, userIDs: readonly string[]): () => void {
  lookAhead(client)
  return client.retain(userIDs, { fetch: 'once' })
}
