import { afterEach, describe, expect, it, vi } from 'vitest'
import { inspectEngine } from '../../src/testing'
import { callsOf, maxCallsInWindow, startClient, userIDs } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('reference-counted subscriptions', () => {
  it('leaves nothing subscribed in the backend once everything is released and the grace has passed', async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: Number.POSITIVE_INFINITY })
    const ids = userIDs(250)
    const releases = ids.map((id) => client.retain([id], { subscribe: true }))
    await vi.advanceTimersByTimeAsync(100)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(250)

    for (const release of releases) release()
    await vi.advanceTimersByTimeAsync(4900)
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(0)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(250)
    // Unsubscribed between the grace (5 s) and 1 s later, so that IDs coming due meanwhile share the call.
    await vi.advanceTimersByTimeAsync(1200)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    // More than one call's worth, and nothing else in use: one unsubscribe-all.
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(1)
    expect(client.getEntry('user0001').subscription).toBe('none')
  })

  it('unsubscribes a few released IDs by list, in calls of at most 100, keeping what is still used', async () => {
    const { tim, client } = await startClient()
    const kept = client.retain(['keep'], { subscribe: true })
    const ids = userIDs(150)
    const release = client.retain(ids, { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    release()
    await vi.advanceTimersByTimeAsync(6200)
    const unsubscribes = callsOf(tim, 'unsubscribeUserStatus')
    expect(unsubscribes.map((call) => call.userIDList?.length)).toEqual([100, 50])
    expect(tim.backend.subscriptionsOf('me')).toEqual(['keep'])
    kept()
  })

  it('has no unsubscribe or subscribe churn when IDs are taken back within the grace', async () => {
    const { tim, client } = await startClient()
    const ids = userIDs(120)
    const first = client.retain(ids, { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    tim.clearCalls()
    first()
    await vi.advanceTimersByTimeAsync(3000)
    const second = client.retain(ids, { subscribe: true })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(0)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(0)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(120)
    second()
  })

  it('counts users per ID: one of two users letting go unsubscribes nothing', async () => {
    const { tim, client } = await startClient()
    const a = client.retain(['bob'], { subscribe: true })
    const b = client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    a()
    a() // releasing twice counts once
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['bob'])
    b()
    await vi.advanceTimersByTimeAsync(6200)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
  })

  it('merges IDs released one by one (a scrolled list) into few unsubscribe calls', async () => {
    const { tim, client } = await startClient()
    const keep = client.retain(['keep'], { subscribe: true })
    const ids = userIDs(100)
    const releases = ids.map((id) => client.retain([id], { subscribe: true }))
    await vi.advanceTimersByTimeAsync(100)
    // One row leaves every 10 ms for a second.
    for (const release of releases) {
      release()
      await vi.advanceTimersByTimeAsync(10)
    }
    await vi.advanceTimersByTimeAsync(7000)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['keep'])
    expect(callsOf(tim, 'unsubscribeUserStatus').length).toBeLessThanOrEqual(2)
    keep()
  })

  it('sends nothing for an ID acquired and released before its subscribe went out', async () => {
    const { tim, client } = await startClient()
    client.retain(['bob'], { subscribe: true })()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(0)
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(0)
  })

  it('keeps per-ID failures from failureUserList and subscribes the other IDs', async () => {
    const { tim, client } = await startClient()
    tim.backend.setUserError('ghost', { code: 70107, message: 'user does not exist' })
    client.retain(['bob', 'ghost', 'carol'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getEntry('ghost').subscription).toBe('failed')
    expect(client.getEntry('ghost').failure).toMatchObject({ code: 70107 })
    expect(client.getEntry('bob').subscription).toBe('subscribed')
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['bob', 'carol'])
  })

  it("pushes a subscribed user's change into the store, waking only that user's listeners", async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: Number.POSITIVE_INFINITY })
    const ids = userIDs(2000)
    client.retain(ids, { subscribe: true })
    await vi.advanceTimersByTimeAsync(6000)
    const woken: string[] = []
    for (const id of ids) client.subscribeEntry(id, () => woken.push(id))
    const before = client.getStatus('user0007')
    const other = client.getStatus('user0008')
    const wakes = inspectEngine(client)?.wakeCount ?? Number.NaN

    tim.backend.setStatus('user0007', { statusType: 1, customStatus: 'lunch' })
    await vi.advanceTimersByTimeAsync(100)
    expect(woken).toEqual(['user0007'])
    expect((inspectEngine(client)?.wakeCount ?? Number.NaN) - wakes).toBe(1)
    expect(client.getStatus('user0007')).not.toBe(before)
    expect(client.getStatus('user0007')).toMatchObject({ statusType: 1, customStatus: 'lunch' })
    // Unchanged users keep the same object.
    expect(client.getStatus('user0008')).toBe(other)
  })

  it('applies one USER_STATUS_UPDATED event as one store write', async () => {
    const { tim, client } = await startClient()
    const writes: number[] = []
    client.store.subscribe((state) => writes.push(state.changed.size))
    tim.emit('onUserStatusUpdated', [
      { userID: 'a', statusType: 1, customStatus: '' },
      { userID: 'b', statusType: 2, customStatus: '' },
      { userID: 'c', statusType: 3, customStatus: '' },
    ])
    await vi.advanceTimersByTimeAsync(10)
    expect(writes).toEqual([3])
  })
})

describe('subscriptions: edges', () => {
  it('an ID taken back while its unsubscribe is in flight stays subscribed even when that unsubscribe fails', async () => {
    const { tim, client } = await startClient({ latencyMs: 200 }, { unsubscribeDelayMs: 100 })
    const first = client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(1000)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['bob'])
    tim.failNext('unsubscribeUserStatus', { code: 2996, message: 'over frequency' })
    first()
    await vi.advanceTimersByTimeAsync(150) // grace (100 ms) over: the unsubscribe is in flight (200 ms)
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(1)
    const held = client.retain(['bob'], { subscribe: true }) // taken back while it is in flight; it then fails
    await vi.advanceTimersByTimeAsync(60_000)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['bob'])
    expect(client.getEntry('bob').subscription).toBe('subscribed')
    expect(inspectEngine(client)?.server.present).toEqual(['bob'])
    held()
  })

  it('the own ID asked for after login counts as subscribed at once and is never sent', async () => {
    const { tim, client } = await startClient()
    client.retain(['me'], { subscribe: true, fetch: false })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(client.getEntry('me').subscription).toBe('subscribed')
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
  })

  it('after stop(), IDs whose unsubscribe was waiting for the rate limit are unsubscribed within it', async () => {
    const { tim, client, stop } = await startClient({}, { rateLimit: { calls: 1, perMs: 60_000 } })
    const a = client.retain(['a'], { subscribe: true })
    const b = client.retain(['b'], { subscribe: true })
    client.retain(['c'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(200_000) // one subscribe call per minute: a, b, c are all subscribed
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['a', 'b', 'c'])
    a()
    await vi.advanceTimersByTimeAsync(7000) // a's unsubscribe goes out
    b()
    await vi.advanceTimersByTimeAsync(7000) // b's waits for the budget
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['b', 'c'])
    stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    expect(maxCallsInWindow(tim, 'unsubscribeUserStatus', 60_000)).toBe(1)
    expect(tim.listenerCount()).toBe(0)
  })

  it('an ID released while its subscribe was in flight and then refused is forgotten, and can be subscribed again', async () => {
    const { tim, client } = await startClient({ latencyMs: 200 })
    tim.backend.setUserError('ghost', { code: 70107, message: 'no such user' })
    client.retain(['ghost'], { subscribe: true })()
    await vi.advanceTimersByTimeAsync(50)
    client.retain(['ghost'], { subscribe: true })()
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.getEntry('ghost').subscription).toBe('none')
    tim.backend.setUserError('ghost', null)
    client.retain(['ghost'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.getEntry('ghost').subscription).toBe('subscribed')
    expect(tim.backend.subscriptionsOf('me')).toEqual(['ghost'])
  })
})

describe('subscriptions at the cap', () => {
  it('an ID refused per ID after its subscribe reply was lost is unsubscribed, never left over the cap', async () => {
    const { tim, client } = await startClient({ subscriptionCap: 2 }, { maxSubscriptions: 2 })
    tim.loseNextReply('subscribeUserStatus')
    client.retain(['a'], { subscribe: true, fetch: false })
    await vi.advanceTimersByTimeAsync(100)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['a'])
    tim.backend.setUserError('a', { code: 70107, message: 'no such user' })
    await vi.advanceTimersByTimeAsync(5000)
    client.retain(['b', 'c'], { subscribe: true, fetch: false })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tim.backend.droppedSubscriptions()).toEqual([])
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['b', 'c'])
  })

  it('releasing the retain that gave an ID its priority ranks it again', async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: 1 })
    client.retain(['b'], { subscribe: true, fetch: false, priority: 5 })
    const high = client.retain(['a'], { subscribe: true, fetch: false, priority: 10 })
    client.retain(['a'], { subscribe: true, fetch: false })
    await vi.advanceTimersByTimeAsync(100)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['a'])
    high()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['b'])
    expect(client.getEntry('a').subscription).toBe('polled')
  })
})
