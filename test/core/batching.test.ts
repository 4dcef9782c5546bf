import { afterEach, describe, expect, it, vi } from 'vitest'
import { TIM_EVENT } from '../../src/core/sdk'
import type { StatusClient } from '../../src/core/statusClient'
import type { FakeTim } from '../../src/testing'
import { callsOf, login, settle, startClient, userIDs } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('query batching', () => {
  it('1,200 callers in one tick, with duplicates and the own ID, cost exactly 3 getUserStatus calls', async () => {
    const { tim, client } = await startClient()
    const ids = userIDs(1200)
    for (const [i, id] of ids.entries()) tim.backend.setStatus(id, { statusType: i % 2 ? 1 : 2 })
    await settle()
    tim.clearCalls()

    // One caller per ID, plus callers repeating IDs and asking for the own ID.
    for (const id of ids) client.retain([id])
    client.retain(ids.slice(0, 300))
    client.retain(['me', ids[5] as string, ids[5] as string])
    await vi.advanceTimersByTimeAsync(100)

    const queries = callsOf(tim, 'getUserStatus')
    expect(queries).toHaveLength(3)
    for (const call of queries) {
      expect(call.userIDList?.length).toBeLessThanOrEqual(500)
      expect(call.userIDList).not.toContain('me')
    }
    const asked = queries.flatMap((call) => call.userIDList ?? [])
    expect(new Set(asked).size).toBe(1200)
    expect(asked).toHaveLength(1200)
    // Every status is the backend's.
    expect(client.getStatus('user0001')?.statusType).toBe(1)
    expect(client.getStatus('user1198')?.statusType).toBe(2)
    expect(ids.every((id) => client.getStatus(id) !== undefined)).toBe(true)
    expect(client.getStatus('me')?.statusType).toBe(1)
  })

  it('1,200 IDs subscribed by 1,200 callers cost exactly 12 subscribeUserStatus calls, never the own ID', async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: Number.POSITIVE_INFINITY })
    const ids = userIDs(1200)
    for (const id of ids) client.retain([id], { subscribe: true })
    client.retain([...ids.slice(0, 50), 'me'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)

    expect(callsOf(tim, 'getUserStatus')).toHaveLength(3)
    const subscribes = callsOf(tim, 'subscribeUserStatus')
    expect(subscribes).toHaveLength(12)
    for (const call of subscribes) {
      expect(call.userIDList?.length).toBeLessThanOrEqual(100)
      expect(call.userIDList).not.toContain('me')
    }
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(ids)
    expect(client.getEntry('user0042').subscription).toBe('subscribed')
  })

  it('does not ask again for IDs known and fresh, nor for IDs already in flight', async () => {
    const { tim, client } = await startClient({ latencyMs: 200 })
    client.retain(['a', 'b'])
    await settle()
    client.retain(['a', 'b', 'c']) // a and b are in flight
    await vi.advanceTimersByTimeAsync(500)
    const asked = callsOf(tim, 'getUserStatus').flatMap((call) => call.userIDList ?? [])
    expect(asked.sort()).toEqual(['a', 'b', 'c'])

    tim.clearCalls()
    client.retain(['a', 'b', 'c'])
    await vi.advanceTimersByTimeAsync(500)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(0)
  })

  it('asks again once a fetched status is stale (staleTimeMs), unless the ID is subscribed', async () => {
    const { tim, client } = await startClient({}, { staleTimeMs: 10_000 })
    const release = client.retain(['a'])
    client.retain(['b'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    release()
    await vi.advanceTimersByTimeAsync(11_000)
    tim.clearCalls()
    client.retain(['a', 'b'])
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'getUserStatus').flatMap((call) => call.userIDList ?? [])).toEqual(['a'])
  })

  it('staleTimeMs: 0 polls nothing: a status is asked again only when something asks for it', async () => {
    const { tim, client } = await startClient({}, { staleTimeMs: 0 })
    const queriesOf = (id: string) =>
      callsOf(tim, 'getUserStatus').filter((call) => call.userIDList?.includes(id))
    const first = client.retain(['a'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(queriesOf('a')).toHaveLength(1)
    // Another component mounting asks again, once.
    const second = client.retain(['a'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(queriesOf('a')).toHaveLength(2)
    // A live (subscribed) status is not asked again by a retain.
    client.retain(['b'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(1000)
    const asked = queriesOf('b').length
    client.retain(['b'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(queriesOf('b')).toHaveLength(asked)
    first()
    second()
  })

  it('fetch() resolves with the statuses, sharing calls with everything else of the tick', async () => {
    const { tim, client } = await startClient()
    tim.backend.setStatus('bob', { statusType: 1, customStatus: 'coding' })
    const a = client.fetch(['bob', 'carol'])
    const b = client.fetch(['carol', 'dave'])
    await vi.advanceTimersByTimeAsync(100)
    const [first, second] = await Promise.all([a, b])
    expect(first.bob).toMatchObject({ userID: 'bob', statusType: 1, customStatus: 'coding' })
    expect(second.dave).toMatchObject({ statusType: 3 })
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(1)
  })

  it('keeps an answer from overwriting a push that arrived while the query was in flight', async () => {
    const { tim, client } = await startClient({ latencyMs: 1000 })
    tim.backend.setStatus('bob', { statusType: 2 })
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(10) // query sent with bob offline
    tim.emit('onUserStatusUpdated', [{ userID: 'bob', statusType: 1, customStatus: 'back' }])
    await vi.advanceTimersByTimeAsync(2000)
    expect(client.getStatus('bob')).toMatchObject({ statusType: 1, customStatus: 'back' })
  })

  it('sends newest IDs first when the budget is short, and drops IDs nobody wants any more', async () => {
    const { tim, client } = await startClient(
      {},
      { rateLimit: { calls: 1, perMs: 5000 }, limits: { query: 2 } },
    )
    const old = client.retain(['old1', 'old2'])
    await vi.advanceTimersByTimeAsync(10) // uses the only call of the window
    old()
    const stale = client.retain(['stale1', 'stale2'])
    await settle()
    stale() // released before it could be sent
    client.retain(['mid1', 'mid2'])
    await settle()
    client.retain(['new1', 'new2'])
    await vi.advanceTimersByTimeAsync(11_000)
    const lists = callsOf(tim, 'getUserStatus').map((call) => call.userIDList)
    // The window's one call carries what was asked for last; the earlier wanted IDs follow in the next window.
    expect(lists).toEqual([
      ['old1', 'old2'],
      ['new1', 'new2'],
      ['mid1', 'mid2'],
    ])
  })
  it('sends a query as soon as it is full, in the middle of the task that filled it', async () => {
    const { tim, client } = await startClient()
    const ids = userIDs(1200)
    // One task (a list mounting row by row): the first 500 go while the rest still mount, the other 700 after it.
    for (const [i, id] of ids.entries()) {
      client.retain([id])
      if (i === 498) expect(callsOf(tim, 'getUserStatus')).toHaveLength(0)
      if (i === 499) expect(callsOf(tim, 'getUserStatus')).toHaveLength(1)
    }
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(2)
    expect(callsOf(tim, 'getUserStatus')[0]?.userIDList).toEqual(ids.slice(0, 500))
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList?.length)).toEqual([500, 500, 200])
    expect(ids.every((id) => client.getStatus(id) !== undefined)).toBe(true)
  })

  it('never takes the own ID into a full query, not even when the login comes after 500 others were asked for', async () => {
    const { tim, client } = await startClient({}, {}, { loggedIn: false })
    for (const id of userIDs(500)) client.retain([id])
    client.retain(['me'])
    await login(tim, 'me')
    await vi.advanceTimersByTimeAsync(500)
    const lists = callsOf(tim, 'getUserStatus').map((call) => call.userIDList ?? [])
    // The 500 in one call; the own status asked alone (the SDK answers it from its cache).
    expect(lists).toEqual([userIDs(500), ['me']])
  })

  it('spends the last call of a small budget on what is on screen, not on a full query of the rest', async () => {
    const { tim, client } = await startClient({}, { rateLimit: { calls: 1, perMs: 5000 } })
    for (const id of userIDs(500, 'off')) client.retain([id])
    for (const id of userIDs(10, 'on')) client.retain([id], { priority: 2 })
    await vi.advanceTimersByTimeAsync(100)
    const [first] = callsOf(tim, 'getUserStatus')
    expect(first?.userIDList).toEqual(expect.arrayContaining(userIDs(10, 'on')))
  })

  it('sends no query early while IDs wait to be subscribed, nor from the low end of the budget', async () => {
    const { tim, client } = await startClient()
    // Live IDs: their query must follow their subscribe (or it is asked again), so it waits for the pass.
    for (const id of userIDs(600)) client.retain([id], { subscribe: true })
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1000)
    // Subscribed first, then queried: nothing asked twice.
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList?.length)).toEqual([500, 100])

    // 15 of the 20 queries of the window spent (full ones go at once): the last 5 are the reserve, and wait for the
    // pass.
    for (let i = 0; i < 13; i++) {
      client.retain(userIDs(500, `spend${i}-`))
      await vi.advanceTimersByTimeAsync(0)
    }
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(15)
    const later = userIDs(500).map((id) => `later-${id}`)
    for (const id of later) client.retain([id])
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(15)
    await vi.advanceTimersByTimeAsync(0)
    expect(callsOf(tim, 'getUserStatus').at(-1)?.userIDList).toHaveLength(500)
  })
})

describe('answers landing together are one store update', () => {
  /** Store updates that changed some entry, by how many entries each changed. */
  const updatesOf = (client: StatusClient) => {
    const sizes: number[] = []
    client.store.subscribe((state) => {
      if (state.changed.size > 0) sizes.push(state.changed.size)
    })
    return sizes
  }

  /** Delays every query's answer but the first by `ms`; returns the ID lists of the queries, as they are sent. */
  const delayAfterFirst = (tim: FakeTim, ms: number) => {
    const getUserStatus = tim.getUserStatus.bind(tim)
    const batches: string[][] = []
    tim.getUserStatus = (options) => {
      const answer = getUserStatus(options)
      batches.push([...options.userIDList])
      if (batches.length === 1) return answer
      return answer.then((value) => new Promise((resolve) => setTimeout(() => resolve(value), ms)))
    }
    return batches
  }

  it('the answers of calls sent together are one update, though they land a few ms apart', async () => {
    const { tim, client } = await startClient()
    // The second of the two queries answers 5 ms after the first: in a browser, a task of its own.
    const batches = delayAfterFirst(tim, 5)
    const ids = userIDs(1000)
    const updates = updatesOf(client)
    client.retain(ids)
    await vi.advanceTimersByTimeAsync(0)
    updates.length = 0
    const [fast = [], slow = []] = batches
    expect([fast.length, slow.length]).toEqual([500, 500])

    // The first answer has landed (20 ms): nothing is published until the second lands with it.
    await vi.advanceTimersByTimeAsync(22)
    expect(fast.every((id) => client.getStatus(id) !== undefined)).toBe(true)
    expect(slow.some((id) => client.getStatus(id) !== undefined)).toBe(false)
    expect(updates).toEqual([])
    await vi.advanceTimersByTimeAsync(10)
    expect(ids.every((id) => client.getStatus(id) !== undefined)).toBe(true)
    expect(updates).toEqual([1000])
  })

  it('a slow call holds the answers of the others back for one frame (16 ms) at most', async () => {
    const { tim, client } = await startClient()
    const batches = delayAfterFirst(tim, 1000)
    const updates = updatesOf(client)
    client.retain(userIDs(1000))
    await vi.advanceTimersByTimeAsync(0)
    updates.length = 0
    await vi.advanceTimersByTimeAsync(20)
    const [fast = [], slow = []] = batches
    // The first answer landed at 20 ms and is published by 36 ms; the slow one's IDs are not known yet.
    await vi.advanceTimersByTimeAsync(16)
    expect(updates).toEqual([500])
    expect(fast.every((id) => client.getStatus(id) !== undefined)).toBe(true)
    expect(slow.some((id) => client.getStatus(id) !== undefined)).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(slow.every((id) => client.getStatus(id) !== undefined)).toBe(true)
  })

  it('the answers of a long task sending as it goes wait for each other as long as the sends were spread', async () => {
    const { client } = await startClient()
    const updates = updatesOf(client)
    const ids = userIDs(2000)
    // One task of 30 ms (a list mounting 2,000 rows): a full query every 10 ms, answers taking 20 ms each.
    for (let i = 0; i < 4; i++) {
      if (i > 0) vi.advanceTimersByTime(10)
      for (const id of ids.slice(i * 500, i * 500 + 500)) client.retain([id])
    }
    // At 30 ms the task ends, publishing the retains (all 2,000 fetching). Two answers have landed; the last
    // lands about 20 ms after the task (more than a frame): nothing is published before it.
    await vi.advanceTimersByTimeAsync(0)
    expect(updates).toEqual([2000])
    updates.length = 0
    await vi.advanceTimersByTimeAsync(19)
    expect(updates).toEqual([])
    await vi.advanceTimersByTimeAsync(5)
    expect(updates).toEqual([2000])
    expect(ids.every((id) => client.getStatus(id) !== undefined)).toBe(true)
  })

  it('a pushed change shows at once, not after a timer', async () => {
    const { tim, client } = await startClient({ latencyMs: 0 })
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getEntry('bob').subscription).toBe('subscribed')
    const updates = updatesOf(client)

    // Listening after the engine: what the store published by the end of the SDK's event.
    let publishedInEvent: number[] = []
    tim.on(TIM_EVENT.USER_STATUS_UPDATED, () => {
      publishedInEvent = [...updates]
    })
    tim.backend.setStatus('bob', { statusType: 1, customStatus: 'lunch' })
    await vi.advanceTimersByTimeAsync(50)
    expect(client.getStatus('bob')?.customStatus).toBe('lunch')
    expect(publishedInEvent).toEqual([1])
    expect(updates).toEqual([1])
  })
})
