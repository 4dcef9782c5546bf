import type { StatusError } from './errors'

/**
 * What the engine keeps per user ID ("peer"): what is wanted of it (retains, live or not, their priority), what the
 * server is believed to hold for it, and how fresh its status is. One record per ID, created on first use and
 * dropped by the garbage collector once nothing about it matters.
 */

/**
 * The subscription of one ID as the engine believes the server holds it. `unknown`: a (un)subscribe was sent and
 * its reply was lost, so it may or may not be subscribed; doing what is wanted settles it (a subscribe is harmless).
 */
export type ServerState = 'absent' | 'subscribing' | 'present' | 'unsubscribing' | 'unknown'

export interface Peer {
  readonly id: string
  /** Retains that want a known, fresh status. */
  fetchers: number
  /** Retains that want live changes (a subscription). */
  live: number
  /** Of those, the ones at `ON_SCREEN` priority or above: the row is on screen (see `lists.ts`). */
  liveOnScreen: number
  /** Retains that want its status asked once and kept, never refreshed (`fetch: 'once'`, prefetching lists). */
  keepers: number
  /** `fetch()` calls waiting for this ID. */
  waiting: number
  /** The highest priority among its retains (0 unless set; the React layer ranks what is on screen higher). */
  priority: number
  /**
   * How many retains hold each priority other than 0: undefined while none does; a number while they all hold the
   * same one (`priority`), the usual case (a badge on screen), so that no map is made; else a map by priority.
   */
  priorities: Map<number, number> | number | undefined
  /** Sequence number of the latest live retain: among equal priorities, the most recently retained ranks first. */
  order: number
  server: ServerState
  /** A definite failure of its subscription (per-ID, 3122, 72001): not tried again until a refetch or login. */
  refused: boolean
  /** In the grace after its last live release (a subscription it holds is kept until the grace ends). */
  inGrace: boolean
  /** Counted among the IDs that want a subscription (see `Engine.wantedLive`). */
  counted: boolean
  /** A query carrying it is in flight. */
  querying: boolean
  /** When its status was last answered, pushed, or definitely failed; -Infinity: it must be asked. */
  freshAt: number
  /** Send sequence of the last query / subscribe that carried it. */
  querySeq: number
  subscribeSeq: number
  /** Sequence of the last push for it: a query sent before that push must not overwrite it. */
  pushSeq: number
  /** The shown failure of the last query / subscribe that carried it (its entry's `error` derives from them). */
  queryError: StatusError | null
  subscribeError: StatusError | null
}

/** The priority from which a retain means "on screen" (see `visibility.ts` and `lists.ts`). */
export const ON_SCREEN = 2

/** `freshAt` of a status never answered, or one that must be asked again. */
export const NEVER = Number.NEGATIVE_INFINITY

export function createPeer(id: string): Peer {
  return {
    id,
    fetchers: 0,
    live: 0,
    liveOnScreen: 0,
    keepers: 0,
    waiting: 0,
    priority: 0,
    priorities: undefined,
    order: 0,
    server: 'absent',
    refused: false,
    inGrace: false,
    counted: false,
    querying: false,
    freshAt: NEVER,
    querySeq: 0,
    subscribeSeq: 0,
    pushSeq: 0,
    queryError: null,
    subscribeError: null,
  }
}

/** Adds (`+1`) or removes (`-1`) one retain of `priority`, keeping `peer.priority` the highest held. */
export function countPriority(peer: Peer, priority: number, delta: 1 | -1): void {
  if (priority === 0) return
  let priorities = peer.priorities
  if (priorities === undefined || (typeof priorities === 'number' && priority === peer.priority)) {
    const count = (priorities ?? 0) + delta
    peer.priorities = count > 0 ? count : undefined
    peer.priority = count > 0 ? priority : 0
    return
  }
  if (typeof priorities === 'number') {
    priorities = new Map([[peer.priority, priorities]])
    peer.priorities = priorities
  }
  const count = (priorities.get(priority) ?? 0) + delta
  if (count > 0) priorities.set(priority, count)
  else priorities.delete(priority)
  let highest = 0
  for (const held of priorities.keys()) if (held > highest) highest = held
  peer.priority = highest
  if (priorities.size === 0) peer.priorities = undefined
}

/** Nothing about the peer matters any more: no demand, nothing held on the server, nothing in flight. */
export function isIdle(peer: Peer): boolean {
  return (
    peer.fetchers === 0 &&
    peer.live === 0 &&
    peer.keepers === 0 &&
    peer.waiting === 0 &&
    peer.server === 'absent' &&
    !peer.querying &&
    !peer.inGrace
  )
}

/** Ranks `a` before `b` for the live set: higher priority first, then the more recently retained. */
export function compareRank(a: Peer, b: Peer): number {
  return b.priority - a.priority || b.order - a.order
}
