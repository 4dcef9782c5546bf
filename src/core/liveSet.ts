/**
 * The subscription cap. The server drops its oldest subscriptions silently once it holds more than its cap, so
 * the engine never holds more than `maxSubscriptions`. Past it, the IDs that want a subscription are ranked
 * (higher priority first, then the most recently retained) and the top ones form the live set; the rest are kept
 * fresh by queries.
 */
import type { Engine } from './engine'
import { compareRank, type Peer } from './peers'
import { settle } from './reconciler'

/** Whether the peer is in the live set: it wants a subscription and ranks within the cap. */
export function wantsLive(engine: Engine, peer: Peer): boolean {
  return peer.counted && (engine.liveSet === null || engine.liveSet.has(peer))
}

/** Ranks again when the IDs wanted live changed and there are more than the cap; settles those that moved. */
export function chooseLiveSet(engine: Engine): void {
  if (!engine.rankDirty) return
  engine.rankDirty = false
  const before = engine.liveSet
  const cap = engine.options.maxSubscriptions
  if (engine.wantedLive <= cap) {
    engine.liveSet = null
    if (before)
      for (const peer of engine.peers.values()) if (peer.counted && !before.has(peer)) settle(engine, peer)
    return
  }
  const ranked: Peer[] = []
  for (const peer of engine.peers.values()) if (peer.counted) ranked.push(peer)
  ranked.sort(compareRank)
  const next = new Set(ranked.slice(0, cap))
  engine.liveSet = next
  for (const peer of ranked)
    if ((before === null || before.has(peer)) !== next.has(peer)) settle(engine, peer)
}

/**
 * At the cap, IDs wanted live wait for room. Subscriptions kept only for their grace give it first, the oldest
 * released first; what is ranked out of the live set is already being unsubscribed.
 */
export function makeRoom(engine: Engine): void {
  // What is already being let go (ranked out of the live set, or an unsubscribe in flight) frees room too.
  let needed = engine.held - engine.options.maxSubscriptions - engine.work.unsubscribe.size - engine.leaving
  for (const peer of engine.work.subscribe) if (peer.server === 'absent') needed++
  if (needed <= 0) return
  const ending: Peer[] = []
  for (const peer of engine.grace.keys()) {
    if (needed <= 0) break
    if (peer.server !== 'present' && peer.server !== 'unknown') continue
    ending.push(peer)
    needed--
  }
  for (const peer of ending) {
    engine.grace.delete(peer)
    peer.inGrace = false
    settle(engine, peer)
  }
}
