// The engine's decisions as pure functions: what one ID needs (decide), the calls of one pass (plan), the full
// query sent mid-task, room at the cap, and when to look again. No engine, no SDK, no timers.
import { describe, expect, it } from 'vitest'
import { decide, type Situation } from '../../src/core/decide'
import { NOBODY, type Wanted } from '../../src/core/demand'
import { type Known, NEVER } from '../../src/core/knowledge'
import { FILL_WAIT_MS, nextWake, type PlanInput, paceMs, plan, planFullQuery } from '../../src/core/planner'
import type { ServerState, Subscription } from '../../src/core/serverLedger'
import { graceToEnd, SubscriptionCap } from '../../src/core/subscriptionCap'
import { askDelay, motionOf } from '../../src/core/visibilityRules'
import { userIDs } from '../helpers'

const NOW = 1_000_000

function input(
  overrides: Partial<PlanInput> & {
    query?: string[]
    subscribe?: string[]
    unsubscribe?: string[]
    keep?: string[]
    spare?: string[]
  } = {},
): PlanInput {
  const { query = [], subscribe = [], unsubscribe = [], keep = [], spare = [], ...rest } = overrides
  return {
    now: NOW,
    limits: { query: 500, subscribe: 100, unsubscribe: 100 },
    budget: { query: 20, subscribe: 20, unsubscribe: 20 },
    callsPerWindow: 20,
    windowMs: 5250,
    lastSent: { query: null, subscribe: null, unsubscribe: null },
    cap: Number.POSITIVE_INFINITY,
    held: 0,
    wantedLive: 0,
    subscribing: 0,
    work: {
      query: new Set(query),
      subscribe: new Set(subscribe),
      unsubscribe: new Set(unsubscribe),
      keep: new Set(keep),
      spare: new Set(spare),
    },
    waitingSince: { query: null, subscribe: null, unsubscribe: null },
    serverOf: () => 'absent',
    priorityOf: () => 0,
    ...rest,
  }
}

describe('plan', () => {
  it('packs queries full, the newest first, and leaves the work it was given as it was', () => {
    const ids = userIDs(1200)
    const given = input({ query: ids })
    const calls = plan(given)
    expect(calls.query.map((batch) => batch.length)).toEqual([500, 500, 200])
    expect(calls.query[0]).toEqual(ids.slice(700))
    expect(calls.query[2]).toEqual(ids.slice(0, 200))
    expect(given.work.query.size).toBe(1200)
    expect(calls.waitingSince.query).toBeNull()
  })

  it('asks what is on screen (a higher priority) first when the budget is short', () => {
    const ids = userIDs(1000)
    const onScreen = new Set(['user0003', 'user0004'])
    const calls = plan(
      input({
        query: ids,
        budget: { query: 1, subscribe: 20, unsubscribe: 20 },
        priorityOf: (id) => (onScreen.has(id) ? 2 : 0),
      }),
    )
    expect(calls.query).toHaveLength(1)
    expect(calls.query[0]).toEqual(expect.arrayContaining([...onScreen]))
    // What is left has waited since now.
    expect(calls.waitingSince.query).toBe(NOW)
  })

  it('while the budget is low, a query that is not full waits up to FILL_WAIT_MS to fill, then goes', () => {
    const low = { query: 5, subscribe: 20, unsubscribe: 20 }
    const waiting = plan(input({ query: userIDs(10), budget: low }))
    expect(waiting.query).toEqual([])
    expect(waiting.fillDue).toBe(NOW + FILL_WAIT_MS)
    expect(waiting.waitingSince.query).toBe(NOW)
    const due = plan(
      input({
        query: userIDs(10),
        budget: low,
        now: NOW + FILL_WAIT_MS,
        waitingSince: { query: NOW, subscribe: null, unsubscribe: null },
      }),
    )
    expect(due.query.map((batch) => batch.length)).toEqual([10])
    // Not low: a small query goes at once (nothing sent lately to space it from).
    expect(plan(input({ query: userIDs(10), budget: { ...low, query: 6 } })).query).toHaveLength(1)
  })

  it('spaces small calls evenly once the window holds more than two: a full one goes at once', () => {
    expect(paceMs(5250, 20)).toBeCloseTo(291.67, 2)
    const spent = (calls: number, last: number, ids = userIDs(3)) =>
      input({
        query: ids,
        budget: { query: calls, subscribe: 20, unsubscribe: 20 },
        lastSent: { query: last, subscribe: null, unsubscribe: null },
      })
    // 2 spent: at once.
    expect(plan(spent(18, NOW - 10)).query).toHaveLength(1)
    // 3 spent, the last 100 ms ago: waits until paceMs after it.
    const paced = plan(spent(17, NOW - 100))
    expect(paced.query).toEqual([])
    expect(paced.fillDue).toBeCloseTo(NOW - 100 + paceMs(5250, 20), 6)
    expect(plan(spent(17, NOW - 292)).query).toHaveLength(1)
    // Full: at once.
    expect(plan(spent(17, NOW - 100, userIDs(500))).query).toHaveLength(1)
  })

  it('spaces small subscribes and unsubscribes the same way (room made an ID a frame spent the window)', () => {
    for (const family of ['subscribe', 'unsubscribe'] as const) {
      const spent = (calls: number, last: number, ids = userIDs(3)) =>
        input({
          [family]: ids,
          held: 500,
          wantedLive: 1,
          budget: { query: 20, subscribe: 20, unsubscribe: 20, [family]: calls },
          lastSent: { query: null, subscribe: null, unsubscribe: null, [family]: last },
        })
      expect(plan(spent(18, NOW - 10))[family], family).toHaveLength(1)
      const paced = plan(spent(17, NOW - 100))
      expect(paced[family], family).toEqual([])
      expect(paced.fillDue).toBeCloseTo(NOW - 100 + paceMs(5250, 20), 6)
      expect(plan(spent(17, NOW - 292))[family], family).toHaveLength(1)
      expect(plan(spent(17, NOW - 100, userIDs(100)))[family], family).toHaveLength(1)
    }
  })

  it('an unsubscribe that took all its work leaves nothing waiting; one that could not, waits from now', () => {
    const since = { query: null, subscribe: null, unsubscribe: NOW - 1000 }
    const sent = plan(input({ unsubscribe: userIDs(3), held: 500, wantedLive: 1, waitingSince: since }))
    expect(sent.unsubscribe).toHaveLength(1)
    expect(sent.waitingSince.unsubscribe).toBeNull()
    const budget = { query: 20, subscribe: 20, unsubscribe: 1 }
    const short = plan(
      input({ unsubscribe: userIDs(150), held: 500, wantedLive: 1, budget, waitingSince: since }),
    )
    expect(short.unsubscribe.map((batch) => batch.length)).toEqual([100])
    expect(short.waitingSince.unsubscribe).toBe(NOW)
  })

  it('subscribes within the cap: unknown subscriptions are counted as held, absent ones need room', () => {
    const server: Record<string, ServerState> = { a: 'absent', b: 'unknown', c: 'absent', d: 'absent' }
    const calls = plan(
      input({ subscribe: ['a', 'b', 'c', 'd'], cap: 3, held: 2, serverOf: (id) => server[id] ?? 'absent' }),
    )
    // The newest first: d takes the one free place, b needs none.
    expect(calls.subscribe).toEqual([['d', 'b']])
    expect(calls.waitingSince.subscribe).toBe(NOW)
  })

  it('unsubscribes everything in one call when nothing is wanted live and more than one call is held', () => {
    const ids = userIDs(250)
    const all = plan(input({ unsubscribe: ids, held: 250 }))
    expect(all.unsubscribeAll).toBe(true)
    expect(all.unsubscribe).toEqual([ids])
    const some = plan(input({ unsubscribe: ids, held: 250, wantedLive: 1 }))
    expect(some.unsubscribeAll).toBe(false)
    expect(some.unsubscribe.map((batch) => batch.length)).toEqual([100, 100, 50])
    // One call's worth held, some held still wanted, or a subscribe in flight: by list.
    expect(plan(input({ unsubscribe: userIDs(80), held: 80 })).unsubscribeAll).toBe(false)
    expect(plan(input({ unsubscribe: ids.slice(0, 200), held: 250 })).unsubscribeAll).toBe(false)
    expect(plan(input({ unsubscribe: ids, held: 250, subscribing: 1 })).unsubscribeAll).toBe(false)
  })

  it('asks kept IDs (a prefetched list) in list order, leaving the low quarter of the budget to the rest', () => {
    const kept = userIDs(3000)
    const calls = plan(input({ keep: kept, budget: { query: 8, subscribe: 20, unsubscribe: 20 } }))
    // 8 calls left, 5 of them kept back.
    expect(calls.query.map((batch) => batch[0])).toEqual(['user0000', 'user0500', 'user1000'])
  })

  it('fills the last query with kept IDs, those near the screen first', () => {
    const near = new Set(['user0900'])
    const calls = plan(
      input({ query: ['x', 'y'], keep: userIDs(1000), priorityOf: (id) => (near.has(id) ? 1 : 0) }),
    )
    expect(calls.query[0]?.slice(0, 3)).toEqual(['x', 'y', 'user0900'])
    expect(calls.query[0]).toHaveLength(500)
    // The rest of the list follows in its order, none of it asked twice.
    expect(calls.query[1]?.[0]).toBe('user0497')
    expect(calls.query.flat().filter((id) => id === 'user0900')).toHaveLength(1)
  })

  it('gives spare IDs (mounted rows) only the spare room of queries sent anyway, never a call of their own', () => {
    const spare = userIDs(700, 'spare')
    expect(plan(input({ spare })).query).toEqual([])
    const topped = plan(input({ query: ['x'], spare }))
    expect(topped.query.map((batch) => batch.length)).toEqual([500])
    expect(topped.query[0]?.slice(0, 2)).toEqual(['x', 'spare0000'])
    // After kept IDs, in the last call of a prefetch.
    const kept = plan(input({ keep: userIDs(520), spare }))
    expect(kept.query.map((batch) => batch.length)).toEqual([500, 500])
    expect(kept.query[1]?.slice(19, 21)).toEqual(['user0519', 'spare0000'])
    // While the budget is low, a query they fill does not wait to fill.
    const low = { query: 2, subscribe: 20, unsubscribe: 20 }
    expect(plan(input({ query: ['x'], spare: userIDs(10), budget: low })).query).toEqual([])
    expect(plan(input({ query: ['x'], spare, budget: low })).query).toHaveLength(1)
  })
})

describe('planFullQuery', () => {
  const full = userIDs(500)
  it('sends a full query at once, but not while IDs wait to be subscribed, nor from a low budget', () => {
    expect(planFullQuery(input({ query: full }))).toHaveLength(500)
    expect(planFullQuery(input({ query: full.slice(1) }))).toBeNull()
    expect(planFullQuery(input({ query: full, subscribe: ['a'] }))).toBeNull()
    expect(
      planFullQuery(input({ query: full, budget: { query: 5, subscribe: 20, unsubscribe: 20 } })),
    ).toBeNull()
    // The last call of a small budget waits for the pass too.
    const small = { query: 1, subscribe: 1, unsubscribe: 1 }
    expect(planFullQuery(input({ query: full, budget: small, callsPerWindow: 3 }))).toBeNull()
  })
})

describe('graceToEnd', () => {
  it('at the cap, ends the oldest graces of subscriptions held: as many as IDs wait for room, and a tenth of the cap', () => {
    const server: Record<string, ServerState> = Object.fromEntries(
      userIDs(30, 'g').map((id, index) => [id, index === 1 ? 'absent' : index === 2 ? 'unknown' : 'present']),
    )
    const graces = Object.keys(server)
    const given = input({
      subscribe: ['n1', 'n2'],
      cap: 20,
      held: 20,
      serverOf: (id) => server[id] ?? 'absent',
    })
    // 2 wait for room, and 2 more (a tenth of 20): the oldest held, g0001 (not held) skipped.
    expect(graceToEnd(given, 0, graces)).toEqual(['g0000', 'g0002', 'g0003', 'g0004'])
    // An unsubscribe on its way frees room too.
    expect(graceToEnd(given, 1, graces)).toEqual(['g0000', 'g0002', 'g0003'])
    // Room enough (the last rooms made still on their way): nothing ends.
    expect(graceToEnd(given, 2, graces)).toEqual([])
    expect(graceToEnd(input({ subscribe: ['n1'], cap: 20, held: 19 }), 0, graces)).toEqual([])
  })
})

describe('SubscriptionCap', () => {
  it('ranks past the cap and hands back the IDs that moved, the highest ranked last (so subscribed first)', () => {
    const rank: Record<string, number> = { a: 0, b: 1, c: 2, x: 9, y: 3 }
    const byRank = (p: string, q: string) => (rank[q] ?? 0) - (rank[p] ?? 0)
    const cap = new SubscriptionCap()
    for (const id of ['a', 'b', 'c']) cap.note(id, true)
    expect(cap.rank(2, byRank)).toEqual(['a'])
    expect([cap.has('c'), cap.has('b'), cap.has('a')]).toEqual([true, true, false])
    cap.note('x', true)
    cap.note('y', true)
    // In: x and y, x last though it wanted a subscription first (it ranks higher: it gets room first); out: c, b.
    expect(cap.rank(2, byRank)).toEqual(['b', 'c', 'y', 'x'])
    expect(cap.rank(2, byRank)).toEqual([])
  })
})

describe('nextWake', () => {
  it('comes back when the first family with work has budget again, or a fill wait ends', () => {
    const given = input({ query: ['a'] })
    expect(nextWake(given, null, (family) => (family === 'query' ? 700 : 0))).toBe(700)
    expect(nextWake(given, NOW + 100, () => 700)).toBe(100)
    expect(nextWake(input(), null, () => 700)).toBeNull()
  })
})

describe('decide', () => {
  const want = (fields: Partial<Wanted> = {}): Wanted => ({ ...NOBODY, ...fields })
  const sub = (state: ServerState = 'absent', refused = false): Subscription => ({
    state,
    refused,
    error: null,
    sequence: 0,
  })
  const known = (fields: Partial<Known> = {}): Known => ({
    freshAt: NEVER,
    querying: false,
    querySeq: 0,
    pushSeq: 0,
    error: null,
    ...fields,
  })
  const at = (fields: Partial<Situation> = {}): Situation => ({
    isMe: false,
    ready: true,
    waiting: false,
    inGrace: false,
    inLiveSet: false,
    ...fields,
  })
  const STALE = 30_000

  it('asks for a status nobody knows, not for one known and fresh, nor for the own ID', () => {
    expect(decide(want({ fetchers: 1 }), sub(), known(), at(), NOW, STALE).query).toBe(true)
    expect(decide(want({ fetchers: 1 }), sub(), known({ freshAt: NOW - 10 }), at(), NOW, STALE).query).toBe(
      false,
    )
    expect(decide(want({ fetchers: 1 }), sub(), known(), at({ isMe: true }), NOW, STALE).query).toBe(false)
    // Stale, and not subscribed: asked again.
    expect(
      decide(want({ fetchers: 1 }), sub(), known({ freshAt: NOW - STALE }), at(), NOW, STALE).query,
    ).toBe(true)
    // Subscribed: always fresh once known.
    expect(decide(want({ fetchers: 1 }), sub('present'), known({ freshAt: 0 }), at(), NOW, STALE).query).toBe(
      false,
    )
  })

  it('subscribes what is in the live set, keeps a held subscription through its grace, and lets it go after', () => {
    expect(decide(want({ live: 1 }), sub(), known(), at({ inLiveSet: true }), NOW, STALE).subscribe).toBe(
      true,
    )
    expect(
      decide(want({ live: 1 }), sub('unknown'), known(), at({ inLiveSet: true }), NOW, STALE).subscribe,
    ).toBe(true)
    const graced = decide(want(), sub('present'), known(), at({ inGrace: true }), NOW, STALE)
    expect(graced.unsubscribe).toBe(false)
    expect(decide(want(), sub('present'), known(), at(), NOW, STALE).unsubscribe).toBe(true)
    expect(decide(want(), sub('unknown'), known(), at(), NOW, STALE).unsubscribe).toBe(true)
  })

  it('polls a fetched status that is not live from 80 % of staleTimeMs, unless its query failed for good', () => {
    const fetched = known({ freshAt: NOW - 1000 })
    expect(decide(want({ fetchers: 1 }), sub(), fetched, at(), NOW, STALE).staleDue).toBe(
      NOW - 1000 + STALE * 0.8,
    )
    const failed = known({ freshAt: NOW - 1000, error: { code: 72001 } as Known['error'] })
    expect(decide(want({ fetchers: 1 }), sub(), failed, at(), NOW, STALE).staleDue).toBeNull()
    expect(decide(want({ fetchers: 1 }), sub(), fetched, at(), NOW, 0).staleDue).toBeNull()
    // staleTimeMs 0: an answer is not asked again on its own (it would be at once, forever).
    expect(decide(want({ fetchers: 1 }), sub(), fetched, at(), NOW, 0).query).toBe(false)
  })

  it('is idle only with no retain, no grace, nobody waiting, and nothing held or in flight', () => {
    expect(decide(want(), sub(), known({ freshAt: 0 }), at(), NOW, STALE).idle).toBe(true)
    expect(decide(want({ keepers: 1 }), sub(), known(), at(), NOW, STALE).idle).toBe(false)
    expect(decide(want(), sub(), known(), at({ inGrace: true }), NOW, STALE).idle).toBe(false)
    expect(decide(want(), sub(), known(), at({ waiting: true }), NOW, STALE).idle).toBe(false)
    expect(decide(want(), sub('unknown'), known(), at(), NOW, STALE).idle).toBe(false)
    expect(decide(want(), sub(), known({ querying: true }), at(), NOW, STALE).idle).toBe(false)
  })

  it('asks a kept ID only once, and says what the subscription is', () => {
    expect(decide(want({ keepers: 1 }), sub(), known(), at(), NOW, STALE).keepQuery).toBe(true)
    expect(decide(want({ keepers: 1 }), sub(), known({ freshAt: 0 }), at(), NOW, STALE).keepQuery).toBe(false)
    expect(decide(want({ live: 1 }), sub(), known(), at({ inLiveSet: true }), NOW, STALE).subscription).toBe(
      'pending',
    )
    expect(decide(want({ live: 1 }), sub(), known(), at(), NOW, STALE).subscription).toBe('polled')
    expect(decide(want({ live: 1 }), sub('absent', true), known(), at(), NOW, STALE).subscription).toBe(
      'failed',
    )
    expect(decide(want({ live: 1 }), sub(), known(), at({ isMe: true }), NOW, STALE).subscription).toBe(
      'subscribed',
    )
    expect(
      decide(want({ live: 1 }), sub(), known(), at({ ready: false, inLiveSet: true }), NOW, STALE)
        .subscription,
    ).toBe('none')
  })

  it('gives a spare ID (a mounted row) a place in queries while it is not fresh, and keeps it from being idle', () => {
    expect(decide(want({ spares: 1 }), sub(), known(), at(), NOW, STALE).spareQuery).toBe(true)
    expect(decide(want({ spares: 1 }), sub(), known(), at(), NOW, STALE).query).toBe(false)
    expect(decide(want({ spares: 1 }), sub(), known(), at(), NOW, STALE).fetching).toBe(false)
    expect(
      decide(want({ spares: 1 }), sub(), known({ freshAt: NOW - 10 }), at(), NOW, STALE).spareQuery,
    ).toBe(false)
    expect(decide(want({ spares: 1 }), sub(), known({ querying: true }), at(), NOW, STALE).spareQuery).toBe(
      false,
    )
    expect(decide(want({ spares: 1 }), sub(), known(), at({ isMe: true }), NOW, STALE).spareQuery).toBe(false)
    // Wanted fetched too: a query of its own, not a spare place.
    expect(decide(want({ spares: 1, fetchers: 1 }), sub(), known(), at(), NOW, STALE).spareQuery).toBe(false)
    expect(decide(want({ spares: 1 }), sub(), known(), at(), NOW, STALE).idle).toBe(false)
  })
})

describe('motionOf and askDelay', () => {
  it('tells a still screen, a steady scroll and a fling apart by how fast rows leave it', () => {
    expect(motionOf(0, 0, 0)).toBe('still')
    expect(motionOf(30, 0, 0)).toBe('still')
    // 15 rows visible, 25 left in half a second (50 rows a second): a row stays about 0.3 s.
    expect(motionOf(15, 25, 480)).toBe('steady')
    // 100 rows a second on the same screen, or a fling.
    expect(motionOf(15, 50, 480)).toBe('fling')
    expect(motionOf(0, 20, 480)).toBe('fling')
    expect(motionOf(20, 2000, 480)).toBe('fling')
    // The rate is over the time rows have been leaving: 9 rows in the 48 ms since a scroll from rest began is a
    // fling, not the 18 rows a second that half a second would make of it.
    expect(motionOf(6, 9, 48)).toBe('fling')
    // The first row to leave gives no rate yet: over 100 ms at least, so a slow scroll starts steady.
    expect(motionOf(14, 1, 0)).toBe('steady')
    expect(motionOf(12, 3, 0)).toBe('steady')
  })

  it('asks at once on a still screen, soon while it moves steadily, after the dwell in a fling', () => {
    expect(askDelay('still', 150)).toBe(0)
    expect(askDelay('steady', 150)).toBe(40)
    expect(askDelay('fling', 150)).toBe(150)
    // Never longer than the dwell asked for.
    expect(askDelay('steady', 30)).toBe(30)
  })
})
