/**
 * Look-ahead in prefetched lists. A keep-once retain of several IDs (`usePrefetchStatus`) gives the engine the
 * order of a list. Around the rows on screen (peers retained live at `ON_SCREEN` priority or above), the engine keeps a
 * window of the list live at `NEAR_PRIORITY`: rows a slow scroll brings next are subscribed before they show, in a
 * few calls of up to 100, and answered by the query that follows such a subscribe. The window moves only when the
 * rows on screen come within a quarter of its edge (or leave it, after a fling), so reading and small scrolls cost
 * nothing; rows it leaves are released with the usual grace, and the whole window while nothing of the list is on
 * screen.
 */
import { type Demand, retain } from './demand'
import type { Engine } from './engine'
import type { Peer } from './peers'

/** Rows kept live on each side of what is on screen. */
export const LOOK_AHEAD = 40
/** Priority of the window's retains: below what is on screen, like what just left it. */
export const NEAR_PRIORITY = 1

const NEAR: Demand = { fetch: false, keep: false, subscribe: true, priority: NEAR_PRIORITY }

export interface KeptList {
  readonly peers: readonly Peer[]
  readonly index: Map<Peer, number>
  /** The window kept live: first and last index; null while none is. */
  window: [number, number] | null
  /** The release of the window's retain. */
  release: (() => void) | null
}

/** Registers a list (the IDs of one keep-once retain, in order); returns its release. */
export function trackList(engine: Engine, peers: readonly Peer[]): () => void {
  const list: KeptList = { peers, index: new Map(), window: null, release: null }
  peers.forEach((peer, index) => {
    if (!list.index.has(peer)) list.index.set(peer, index)
  })
  engine.lists.add(list)
  engine.listsDirty = true
  return () => {
    engine.lists.delete(list)
    list.release?.()
    list.release = null
  }
}

/**
 * Where the screen is in the list: the first and last index of the largest run of rows on screen whose gaps are
 * under `LOOK_AHEAD` (a badge elsewhere, such as a chat header showing a contact of the list, does not stretch the
 * window); null when none of them is in it.
 */
function focusOf(engine: Engine, list: KeptList): [number, number] | null {
  const at: number[] = []
  for (const peer of engine.onScreen) {
    const index = list.index.get(peer)
    if (index !== undefined) at.push(index)
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

/** Moves each list's window when the rows on screen came near its edge or left it. */
export function moveWindows(engine: Engine): void {
  if (!engine.listsDirty) return
  engine.listsDirty = false
  for (const list of engine.lists) {
    const focus = focusOf(engine, list)
    if (!focus) {
      // Nothing of it on screen (a fling, a list scrolled out of view): its window goes, with the usual grace.
      list.release?.()
      list.release = null
      list.window = null
      continue
    }
    const [first, last] = focus
    const end = list.peers.length - 1
    const window = list.window
    const margin = LOOK_AHEAD / 4
    if (
      window &&
      (first - window[0] >= margin || window[0] === 0) &&
      (window[1] - last >= margin || window[1] === end)
    ) {
      continue
    }
    const next: [number, number] = [Math.max(0, first - LOOK_AHEAD), Math.min(end, last + LOOK_AHEAD)]
    // The new window's retain first, then the old one's release: rows in both never drop to zero retains.
    const ids = list.peers.slice(next[0], next[1] + 1).map((peer) => peer.id)
    const release = retain(engine, ids, NEAR)
    list.release?.()
    list.release = release
    list.window = next
  }
}

/**
 * Keeps `engine.onScreen` level with a peer: retained live at `ON_SCREEN` priority or above by some retain (a row
 * on screen that asked not to be live, `subscribe: false`, moves no window, nor do the windows' own retains). A
 * change moves the windows on the next pass.
 */
export function noteFocus(engine: Engine, peer: Peer): void {
  const on = peer.liveOnScreen > 0
  if (on === engine.onScreen.has(peer)) return
  if (on) engine.onScreen.add(peer)
  else engine.onScreen.delete(peer)
  if (engine.lists.size > 0) engine.listsDirty = true
}
