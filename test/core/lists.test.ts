// What big lists need of the engine: keep-once retains (prefetch), refreshing fetched IDs that are not live,
// what is on screen asked first, queries that wait to fill while the budget runs low, and the visibility tracker.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { lookAhead, prefetchList } from '../../src/core'
import { inspectPeer } from '../../src/core/inspect'
import { paceMs } from '../../src/core/planner'
import type { StatusClientOptions } from '../../src/core/types'
import { createVisibilityTracker, type VisibilityOptions } from '../../src/core/visibility'
import { RECENT_PRIORITY, VISIBLE_PRIORITY } from '../../src/core/visibilityRules'
import { inspectEngine } from '../../src/testing'
import { callsOf, idsOf, login, logout, maxCallsInWindow, startClient, userIDs } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

const queriedIDs = (tim: Awaited<ReturnType<typeof startClient>>['tim']) =>
  callsOf(tim, 'getUserStatus')
    .filter((call) => call.sentToBackend !== null)
    .flatMap((call) => call.userIDList ?? [])

describe("retain(ids, { fetch: 'once' })", () => {
  it('asks each ID once, keeps it past gcTimeMs and staleTimeMs, and never refreshes it', async () => {
    const { tim, client } = await startClient({}, { gcTimeMs: 1000, staleTimeMs: 2000 })
    const ids = userIDs(1200)
    client.retain(ids, { fetch: 'once' })
    await vi.advanceTimersByTimeAsync(500)
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList?.length)).toEqual([500, 500, 200])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(3)
    expect(client.getStatus('user0700')).toMatchObject({ userID: 'user0700' })
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
  })

  it('is forgotten gcTimeMs after its release', async () => {
    const { client } = await startClient({}, { gcTimeMs: 1000 })
    const release = client.retain(['a', 'b'], { fetch: 'once' })
    await vi.advanceTimersByTimeAsync(5000)
    expect(inspectEngine(client)?.peers).toBe(3) // a, b and the own ID
    release()
    await vi.advanceTimersByTimeAsync(2000)
    client.retain(['c'], { fetch: false })
    await vi.advanceTimersByTimeAsync(10)
    expect(client.getStatus('a')).toBeUndefined()
  })

  it('a reconnect asks again what is fetched, not what is only kept; a new login asks everything', async () => {
    const { tim, client } = await startClient()
    client.retain(['kept'], { fetch: 'once' })
    client.retain(['fetched'])
    await vi.advanceTimersByTimeAsync(500)
    tim.clearCalls()
    tim.setNetworkState('disconnected')
    await vi.advanceTimersByTimeAsync(100)
    tim.setNetworkState('connected')
    await vi.advanceTimersByTimeAsync(500)
    expect(queriedIDs(tim)).toEqual(['fetched'])
    tim.clearCalls()
    await logout(tim)
    await login(tim, 'me')
    await vi.advanceTimersByTimeAsync(500)
    expect(queriedIDs(tim).sort()).toEqual(['fetched', 'kept'])
  })
})

describe('fetched but not live', () => {
  it('is asked again from 80 % of staleTimeMs while retained; subscribed IDs are not', async () => {
    const { tim, client } = await startClient({}, { staleTimeMs: 10_000 })
    client.retain(['polled'])
    client.retain(['live'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(500)
    tim.clearCalls()
    await vi.advanceTimersByTimeAsync(7000)
    expect(queriedIDs(tim)).toEqual([])
    await vi.advanceTimersByTimeAsync(3000)
    expect(queriedIDs(tim)).toEqual(['polled'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(queriedIDs(tim)).toEqual(['polled', 'polled'])
  })
})

describe('the query queue', () => {
  it('asks IDs of a higher priority first when the budget frees', async () => {
    const { tim, client } = await startClient({}, { limits: { query: 2 } })
    // Spend the budget: 20 calls of 2 IDs.
    client.retain(userIDs(40, 'filler'))
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(20)
    client.retain(userIDs(6, 'offscreen'))
    client.retain(['seen1', 'seen2'], { priority: VISIBLE_PRIORITY })
    client.retain(['recent'], { priority: RECENT_PRIORITY })
    await vi.advanceTimersByTimeAsync(5500)
    const next = callsOf(tim, 'getUserStatus').slice(20)
    expect(next[0]?.userIDList?.sort()).toEqual(['seen1', 'seen2'])
    expect(next[1]?.userIDList).toContain('recent')
  })

  it('while a quarter or less of the budget is left, a query that is not full waits up to 250 ms to fill', async () => {
    const { tim, client } = await startClient()
    // Full queries go at once, whatever is left.
    for (let i = 0; i < 15; i++) {
      client.retain(userIDs(500, `early${i}-`))
      await vi.advanceTimersByTimeAsync(30)
    }
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(15)
    // Past the spacing of small calls after the last one (paceMs).
    await vi.advanceTimersByTimeAsync(400)
    // 5 calls left: rows arriving one per 50 ms share one call, sent 250 ms after the first.
    for (let i = 0; i < 4; i++) {
      client.retain([`late${i}`])
      await vi.advanceTimersByTimeAsync(50)
    }
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(15)
    await vi.advanceTimersByTimeAsync(60)
    const late = callsOf(tim, 'getUserStatus').slice(15)
    expect(late.map((call) => call.userIDList?.sort())).toEqual([['late0', 'late1', 'late2', 'late3']])
  })

  it('a stream of single rows spreads its calls over the window: none waits for the window to free', async () => {
    const { tim, client } = await startClient()
    const askedAt = new Map<string, number>()
    const waits: number[] = []
    client.store.subscribe(() => {
      for (const [id, at] of askedAt) {
        if (client.getStatus(id) === undefined) continue
        waits.push(Date.now() - at)
        askedAt.delete(id)
      }
    })
    // A list read slowly for 12 s: one row every 25 ms, each fetched.
    for (let i = 0; i < 480; i++) {
      const id = `row${i}`
      askedAt.set(id, Date.now())
      client.retain([id])
      await vi.advanceTimersByTimeAsync(25)
    }
    await vi.advanceTimersByTimeAsync(1000)
    expect(waits).toHaveLength(480)
    // At most one spacing of small calls and a round trip: spending the window at once would leave rows waiting
    // seconds for it to free.
    expect(Math.max(...waits)).toBeLessThanOrEqual(paceMs(5250, 20) + 50)
    expect(maxCallsInWindow(tim, 'getUserStatus')).toBeLessThanOrEqual(20)
  })
})

describe('createVisibilityTracker', () => {
  /** A tracker whose screen of 20 rows has been still for a second (asked for, live), the calls log cleared. */
  async function screenAtRest() {
    const { tim, client } = await startClient()
    const tracker = createVisibilityTracker(client)
    const screen = userIDs(20, 'top').map((id) => tracker.track(id, 'visible'))
    for (const row of screen) row.setVisible(true)
    await vi.advanceTimersByTimeAsync(1000)
    tim.clearCalls()
    return { tim, client, tracker, screen }
  }

  it('a row on screen while nothing moves is fetched and subscribed at once, with the others of its turn', async () => {
    const { tim, client } = await startClient({}, { unsubscribeDelayMs: 1000 })
    // Spare retains the tracker makes (a row on screen asks for itself: it should take none).
    const spares: string[] = []
    const retain = client.retain.bind(client)
    client.retain = (ids, options) => {
      if (options?.fetch === 'spare') spares.push(...ids)
      return retain(ids, options)
    }
    const tracker = createVisibilityTracker(client)
    const rows = ['a', 'b', 'c'].map((id) => tracker.track(id, 'visible'))
    for (const row of rows) row.setVisible(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList?.sort())).toEqual([['a', 'b', 'c']])
    expect(callsOf(tim, 'subscribeUserStatus').map((call) => call.userIDList?.sort())).toEqual([
      ['a', 'b', 'c'],
    ])
    expect(rows.every((row) => row.seen)).toBe(true)
    // On screen from the first report: no spare place was ever taken, one retain a row.
    expect(spares).toEqual([])
    expect(['a', 'b', 'c'].map((id) => inspectPeer(client, id)?.retains.fetch)).toEqual([1, 1, 1])
    rows[0]?.setVisible(false)
    expect(rows[0]?.seen).toBe(true)
    await vi.advanceTimersByTimeAsync(2500)
    expect(rows[0]?.seen).toBe(false)
    await vi.advanceTimersByTimeAsync(2000)
    expect(callsOf(tim, 'unsubscribeUserStatus').map((call) => call.userIDList)).toEqual([['a']])
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['b', 'c'])
  })

  it('while rows leave fast (a fling), a row seen for less than the dwell asks for nothing', async () => {
    const { tim, client } = await startClient()
    const tracker = createVisibilityTracker(client)
    const ids = userIDs(400)
    const rows = ids.map((id) => tracker.track(id, 'visible'))
    for (const row of rows) row.setVisible(false)
    // The screen the fling starts from: asked at once.
    for (const row of rows.slice(0, 20)) row.setVisible(true)
    await vi.advanceTimersByTimeAsync(1000)
    tim.clearCalls()
    // 20 rows a frame: the rows on screen leave as the next ones come.
    for (let start = 20; start < 400; start += 20) {
      for (const row of rows.slice(start - 20, start)) row.setVisible(false)
      for (const row of rows.slice(start, start + 20)) row.setVisible(true)
      await vi.advanceTimersByTimeAsync(16)
    }
    const last = rows.slice(380)
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
    expect(callsOf(tim, 'getUserStatus')).toEqual([])
    // Where the fling stops, the rows are asked after the full dwell.
    await vi.advanceTimersByTimeAsync(200)
    expect(callsOf(tim, 'subscribeUserStatus').map((call) => call.userIDList?.sort())).toEqual([
      ids.slice(380),
    ])
    expect(last.every((row) => row.seen)).toBe(true)
    expect(rows.slice(20, 380).some((row) => row.seen)).toBe(false)
  })

  it('while rows leave slowly (reading down a list), a row that comes on screen is asked after a short wait', async () => {
    const { tim, client } = await startClient()
    const tracker = createVisibilityTracker(client)
    const ids = userIDs(100)
    const rows = ids.map((id) => tracker.track(id, 'visible'))
    for (const row of rows) row.setVisible(false)
    for (const row of rows.slice(0, 15)) row.setVisible(true)
    await vi.advanceTimersByTimeAsync(1000)
    tim.clearCalls()
    // 50 rows a second on a screen of 15: each row stays about 0.3 s.
    for (let next = 15; next < 40; next++) {
      rows[next - 15]?.setVisible(false)
      rows[next]?.setVisible(true)
      await vi.advanceTimersByTimeAsync(20)
    }
    rows[40 - 15]?.setVisible(false)
    rows[40]?.setVisible(true)
    await vi.advanceTimersByTimeAsync(80)
    // Row 39 came 100 ms ago: past the short wait (the full dwell would still hold it), so it is retained live.
    expect(rows[39]?.seen).toBe(true)
    expect(inspectEngine(client)?.onScreen).toContain(ids[39])
    await vi.advanceTimersByTimeAsync(1000)
    expect(idsOf(tim, 'subscribeUserStatus')).toContain(ids[39])
  })

  it('a mounted row takes a spare place in a query sent anyway, and never makes one of its own', async () => {
    const { tim, client } = await startClient()
    const tracker = createVisibilityTracker(client)
    const below = userIDs(30, 'below').map((id) => tracker.track(id, 'visible'))
    for (const row of below) row.setVisible(false)
    await vi.advanceTimersByTimeAsync(5000)
    expect(callsOf(tim, 'getUserStatus')).toEqual([])
    expect(client.getStatus('below0000')).toBeUndefined()
    tracker.track('header', 'visible').setVisible(true)
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList?.length)).toEqual([31])
    expect(client.getStatus('below0029')).toMatchObject({ userID: 'below0029' })
    // Known now: coming on screen costs a subscribe, no query.
    below[0]?.setVisible(true)
    await vi.advanceTimersByTimeAsync(500)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(1)
    expect(idsOf(tim, 'subscribeUserStatus')).toEqual(['header', 'below0000'])
  })

  it('rows mounted and unmounted during a fling take no place in any query', async () => {
    const { tim, client, tracker, screen } = await screenAtRest()
    // A virtual list flung by 20 rows a frame: rows unmount, the next mount (React's order), show for a frame.
    let current = screen
    for (let frame = 0; frame < 20; frame++) {
      for (const row of current) row.release()
      current = userIDs(20, `f${frame}-`).map((id) => tracker.track(id, 'visible'))
      for (const row of current) row.setVisible(true)
      // Mid-fling, something else is asked for: a query goes, with spare room for mounted rows.
      if (frame === 10) client.retain(['header'])
      await vi.advanceTimersByTimeAsync(16)
    }
    const asked = idsOf(tim, 'getUserStatus')
    expect(asked).toContain('header')
    expect(asked.filter((id) => id.startsWith('f'))).toEqual([])
  })

  /**
   * A virtual list of `ids`: `screen` rows on screen from `top` and `overscan` more mounted below (none above, for
   * brevity). A frame reports as an IntersectionObserver does: rows that left, then rows mounted (on screen or
   * not), then rows that came; rows out of the range unmount.
   */
  function virtualList(
    tracker: ReturnType<typeof createVisibilityTracker>,
    ids: readonly string[],
    screen: number,
    overscan: number,
  ) {
    const rows = new Map<number, ReturnType<typeof tracker.track>>()
    let top = 0
    const onScreen = (index: number) => index >= top && index < top + screen
    const layout = (from: number) => {
      const was = (index: number) => index >= from && index < from + screen
      for (const [index, row] of rows) if (was(index) && !onScreen(index)) row.setVisible(false)
      for (const [index, row] of rows) {
        if (index >= top && index < top + screen + overscan) continue
        row.release()
        rows.delete(index)
      }
      for (let index = top; index < Math.min(ids.length, top + screen + overscan); index++) {
        if (rows.has(index)) {
          if (onScreen(index) && !was(index)) rows.get(index)?.setVisible(true)
          continue
        }
        const row = tracker.track(ids[index] as string, 'visible')
        rows.set(index, row)
        row.setVisible(onScreen(index))
      }
    }
    layout(-screen)
    return {
      /** Scrolls down by `by` rows in one frame. */
      scroll(by: number) {
        const from = top
        top += by
        layout(from)
      },
      get top() {
        return top
      },
    }
  }

  /**
   * A client and tracker whose virtual list of `rows` users (15 on screen, `overscan` below) has been still for a
   * second: the screen asked for and live.
   */
  async function listAtRest({
    rows = 100,
    overscan = 5,
    client: clientOptions = {},
    tracker: trackerOptions = {},
  }: {
    rows?: number
    overscan?: number
    client?: StatusClientOptions
    tracker?: VisibilityOptions
  } = {}) {
    const { tim, client } = await startClient({}, clientOptions)
    const tracker = createVisibilityTracker(client, trackerOptions)
    const ids = userIDs(rows)
    const list = virtualList(tracker, ids, 15, overscan)
    await vi.advanceTimersByTimeAsync(1000)
    return { tim, client, tracker, ids, list }
  }

  it('rows mounted below a steady scroll are subscribed ahead: live from the frame they scroll in', async () => {
    const { tim, client, ids, list } = await listAtRest({ overscan: 10 })
    // Mounted on a still screen: the overscan takes spare places, no subscription.
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(ids.slice(0, 15))
    // Reading down at 10 rows a second: each row is mounted a second before it shows.
    const notLive: string[] = []
    for (let frame = 0; frame < 40; frame++) {
      list.scroll(1)
      const came = ids[list.top + 14] as string
      // Rows mounted once the screen moved: on screen from frame 10.
      if (frame >= 10 && !tim.backend.subscriptionsOf('me').includes(came)) notLive.push(came)
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(notLive).toEqual([])
    // Ranked like the rows that just left, below those on screen.
    expect(inspectPeer(client, ids[list.top + 20] as string)?.priority).toBe(RECENT_PRIORITY)
    expect(maxCallsInWindow(tim, 'subscribeUserStatus')).toBeLessThanOrEqual(20)
  })

  it('a row that scrolls in and the row mounted with it are asked for in one turn, so in one call', async () => {
    const { tim, ids, list } = await listAtRest()
    tim.clearCalls()
    // The first frame of a scroll: row 15 (mounted on the still screen) shows, row 20 mounts below.
    list.scroll(1)
    await vi.advanceTimersByTimeAsync(200)
    expect(callsOf(tim, 'subscribeUserStatus').map((call) => call.userIDList?.sort())).toEqual([
      [ids[15], ids[20]],
    ])
  })

  it('rows mounted in a fling, or left below where a scroll stopped, are not live for long', async () => {
    const { tim, ids, list } = await listAtRest({ rows: 1_000, client: { unsubscribeDelayMs: 1000 } })
    // A fling, 40 rows a frame: the rows it mounts are not about to be read.
    for (let frame = 0; frame < 15; frame++) {
      list.scroll(40)
      await vi.advanceTimersByTimeAsync(16)
    }
    await vi.advanceTimersByTimeAsync(1000)
    const below = ids.slice(list.top + 15, list.top + 20)
    const flung = ids.slice(20, list.top)
    expect(
      idsOf(tim, 'subscribeUserStatus').filter((id) => flung.includes(id) || below.includes(id)),
    ).toEqual([])
    // A slow scroll that stops: the rows it mounted below were subscribed ahead, and are let go.
    for (let frame = 0; frame < 5; frame++) {
      list.scroll(1)
      await vi.advanceTimersByTimeAsync(100)
    }
    const ahead = ids.slice(list.top + 15, list.top + 20)
    await vi.advanceTimersByTimeAsync(500)
    expect(tim.backend.subscriptionsOf('me')).toEqual(expect.arrayContaining(ahead.slice(0, 3)))
    // leaveGraceMs (2 s) after they came near, then the engine's unsubscribe delay.
    await vi.advanceTimersByTimeAsync(4000)
    const held = tim.backend.subscriptionsOf('me')
    expect(held.filter((id) => ahead.includes(id))).toEqual([])
    expect(held).toEqual(expect.arrayContaining(ids.slice(list.top, list.top + 15)))
  })

  it('only rows live while on screen go ahead, no more of them than rows on screen, and none once released', async () => {
    const { tim, client, tracker, ids, list } = await listAtRest()
    list.scroll(1)
    // Mounted while the screen moves steadily: a row fetched only, a row taken off the page at once (its element
    // removed), a row released before it comes near, then a page of 40 rows appended below.
    const fetchOnly = tracker.track('fetch-only', false)
    fetchOnly.setVisible(false)
    tracker.track('removed', 'visible').setVisible(false, true)
    const gone = tracker.track('gone', 'visible')
    gone.setVisible(false)
    gone.release()
    const page = userIDs(40, 'page').map((id) => tracker.track(id, 'visible'))
    for (const row of page) row.setVisible(false)
    await vi.advanceTimersByTimeAsync(1000)
    const subscribed = idsOf(tim, 'subscribeUserStatus')
    // No more ahead than rows visible (14 past their dwell): row 20, mounted by the scroll, and the first 13 of
    // the page.
    expect(subscribed).toContain(ids[20])
    expect(subscribed.filter((id) => id.startsWith('page'))).toEqual(userIDs(13, 'page').reverse())
    expect(subscribed).not.toContain('fetch-only')
    expect(subscribed).not.toContain('removed')
    expect(subscribed).not.toContain('gone')
    expect(inspectPeer(client, 'gone')).toBeUndefined()
  })

  it('a scroll from rest that turns into a fling subscribes none of the rows it passes', async () => {
    const { tim, ids, list } = await listAtRest({ rows: 1_000 })
    tim.clearCalls()
    // 3 rows a frame: the first frames look steady (few rows have left yet), then it is a fling.
    for (let frame = 0; frame < 30; frame++) {
      list.scroll(3)
      await vi.advanceTimersByTimeAsync(16)
    }
    // Only the rows its first frame brought on screen may be asked for (on screen for the short wait, as in any
    // scroll); none it mounted on the way.
    const passed = ids.slice(18, list.top)
    expect(idsOf(tim, 'subscribeUserStatus').filter((id) => passed.includes(id))).toEqual([])
  })

  it('leaveGraceMs: 0 subscribes nothing ahead', async () => {
    const { tim, ids, list } = await listAtRest({ overscan: 10, tracker: { leaveGraceMs: 0 } })
    tim.clearCalls()
    for (let frame = 0; frame < 5; frame++) {
      list.scroll(1)
      await vi.advanceTimersByTimeAsync(100)
    }
    await vi.advanceTimersByTimeAsync(1000)
    // Only the rows that came on screen.
    expect(idsOf(tim, 'subscribeUserStatus').sort()).toEqual(ids.slice(15, 20))
  })

  it('a row mounted long enough takes its spare place while it dwells on screen', async () => {
    const { tim, client, tracker, screen } = await screenAtRest()
    // A fling: the screen empties, a row mounts below (worth a spare place after the full dwell), then shows.
    for (const row of screen) row.setVisible(false)
    const row = tracker.track('x', 'visible')
    row.setVisible(false)
    await vi.advanceTimersByTimeAsync(100)
    row.setVisible(true)
    // Past its mount's dwell, still in its own: a query sent now carries it.
    await vi.advanceTimersByTimeAsync(70)
    expect(row.seen).toBe(false)
    client.retain(['header'])
    await vi.advanceTimersByTimeAsync(0)
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList?.sort())).toEqual([['header', 'x']])
  })

  it('subscribe: true past the cap: rows on screen at mount are the ones subscribed, from the first call', async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: 2 })
    const tracker = createVisibilityTracker(client)
    const rows = ['r0', 'r1', 'r2', 'r3', 'r4'].map((id) => tracker.track(id, true))
    // The observer's first report, a frame later (however late it comes, nothing is retained before it).
    await vi.advanceTimersByTimeAsync(16)
    rows.forEach((row, index) => {
      row.setVisible(index === 1 || index === 3)
    })
    await vi.advanceTimersByTimeAsync(1000)
    expect(callsOf(tim, 'subscribeUserStatus').map((call) => call.userIDList?.sort())).toEqual([['r1', 'r3']])
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['r1', 'r3'])
    expect(client.getEntry('r0').subscription).toBe('polled')
  })

  it('alwaysVisible: rows are live from the start, with no dwell', async () => {
    const { tim, client } = await startClient()
    createVisibilityTracker(client, { alwaysVisible: true }).track('a', 'visible')
    await vi.advanceTimersByTimeAsync(100)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['a'])
  })
})

describe('room at the cap', () => {
  it('new live IDs at a full cap end the oldest graces, a tenth of the cap ahead, in few calls', async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: 20, unsubscribeDelayMs: 60_000 })
    const releases = userIDs(20, 'old').map((id) => client.retain([id], { subscribe: true }))
    await vi.advanceTimersByTimeAsync(500)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(20)
    for (const release of releases) release()
    await vi.advanceTimersByTimeAsync(1000)
    // A list read down: one new row every frame for a while.
    for (const id of userIDs(4, 'new')) {
      client.retain([id], { subscribe: true })
      await vi.advanceTimersByTimeAsync(16)
    }
    await vi.advanceTimersByTimeAsync(1000)
    // The first needs room for 1, and 2 more are made: the next two find room; the fourth makes room again.
    expect(callsOf(tim, 'unsubscribeUserStatus').map((call) => call.userIDList)).toEqual([
      ['old0000', 'old0001', 'old0002'],
      ['old0003', 'old0004', 'old0005'],
    ])
    const held = tim.backend.subscriptionsOf('me')
    expect(held.length).toBeLessThanOrEqual(20)
    expect(held).toEqual(expect.arrayContaining(userIDs(4, 'new')))
    expect(held.filter((id) => id.startsWith('old'))).toHaveLength(14)
  })
})

describe('review findings', () => {
  it('offline, a fetched status waiting to be asked again sets no timer loop', async () => {
    let timers = 0
    const clock = {
      now: () => Date.now(),
      setTimeout: (fn: () => void, ms: number) => {
        timers++
        return setTimeout(fn, ms)
      },
      clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    }
    const { tim, client } = await startClient({}, { staleTimeMs: 10_000, clock })
    client.retain(['a'])
    await vi.advanceTimersByTimeAsync(500)
    tim.setNetworkState('disconnected')
    const before = timers
    await vi.advanceTimersByTimeAsync(20_000)
    expect(timers - before).toBeLessThan(10)
    tim.setNetworkState('connected')
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.getEntry('a').fetching).toBe(false)
  })

  it('a status answered again (a reconnect) is next asked from 80 % of staleTimeMs after that answer', async () => {
    const { tim, client } = await startClient({}, { staleTimeMs: 10_000 })
    client.retain(['a'])
    await vi.advanceTimersByTimeAsync(100)
    await vi.advanceTimersByTimeAsync(5000)
    tim.setNetworkState('disconnected')
    tim.setNetworkState('connected')
    await vi.advanceTimersByTimeAsync(100)
    tim.clearCalls()
    await vi.advanceTimersByTimeAsync(7000)
    expect(queriedIDs(tim)).toEqual([])
    await vi.advanceTimersByTimeAsync(3000)
    expect(queriedIDs(tim)).toEqual(['a'])
  })

  it('subscribe: false rows on screen in a prefetched list make nothing live', async () => {
    const { tim, client } = await startClient()
    client.retain(userIDs(500), { fetch: 'once' })
    const tracker = createVisibilityTracker(client)
    for (const id of userIDs(10)) tracker.track(id, false).setVisible(true)
    await vi.advanceTimersByTimeAsync(2000)
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
  })

  it('a badge far from the screen (a chat header) does not stretch the look-ahead window', async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: 150 })
    const ids = userIDs(5000)
    prefetchList(client, ids)
    const tracker = createVisibilityTracker(client)
    tracker.track('user4000', true).setVisible(true)
    for (const id of ids.slice(0, 10)) tracker.track(id, 'visible').setVisible(true)
    await vi.advanceTimersByTimeAsync(15_000)
    const held = new Set(tim.backend.subscriptionsOf('me'))
    expect(ids.slice(0, 50).filter((id) => !held.has(id))).toEqual([])
    expect([...held].filter((id) => id >= 'user3901' && id <= 'user4040')).toEqual(['user4000'])
  })

  it('with 1 call per window, a prefetch is still sent', async () => {
    const { tim, client } = await startClient({}, { rateLimit: { calls: 1 } })
    client.retain(['a', 'b', 'c'], { fetch: 'once' })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(queriedIDs(tim).sort()).toEqual(['a', 'b', 'c'])
    expect(client.getEntry('a').fetching).toBe(false)
  })

  it('lookAhead() turned on after a list was kept opens its window at once, not at the next event', async () => {
    const { tim, client } = await startClient()
    const ids = userIDs(200)
    client.retain(ids, { fetch: 'once' })
    for (const id of ids.slice(50, 55)) client.retain([id], { subscribe: true, priority: VISIBLE_PRIORITY })
    await vi.advanceTimersByTimeAsync(3000)
    expect(tim.backend.subscriptionsOf('me')).not.toContain('user0090')
    lookAhead(client)
    await vi.advanceTimersByTimeAsync(3000)
    // 40 rows past the last one on screen.
    expect(tim.backend.subscriptionsOf('me')).toContain('user0094')
    expect(tim.backend.subscriptionsOf('me')).not.toContain('user0095')
  })
})
