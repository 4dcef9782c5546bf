/**
 * Findings of a review of the rebuilt engine, one test each: what a user of the public API sees and what the
 * fake SDK and server received.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStatusClient } from '../../src/core'
import { createFakeTim, inspectEngine } from '../../src/testing'
import { callsOf, login, startClient } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('engine: review findings', () => {
  it('an ID forgotten while a recheck of it was due is subscribed and let go again like any other', async () => {
    const { tim, client, stop } = await startClient({}, { gcTimeMs: 0, unsubscribeDelayMs: 0 })
    const first = client.retain(['a'], { subscribe: true, fetch: false })
    await vi.advanceTimersByTimeAsync(100)
    first()
    // Unsubscribed and forgotten before the recheck of its subscribe comes due.
    await vi.advanceTimersByTimeAsync(300)
    client.retain(['b'])
    await vi.advanceTimersByTimeAsync(100)
    const second = client.retain(['a'], { subscribe: true, fetch: false })
    await vi.advanceTimersByTimeAsync(3000)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['a'])
    second()
    stop()
    await vi.advanceTimersByTimeAsync(3000)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    expect(tim.listenerCount()).toBe(0)
  })

  it('a stop after destroy() counts nothing: another client of the SDK instance keeps the engine going', async () => {
    const { tim, client: b } = await startClient()
    const a = createStatusClient(tim)
    const stopA = a.start()
    a.destroy()
    stopA()
    tim.backend.setStatus('bob', { statusType: 1 })
    b.retain(['bob'])
    await vi.advanceTimersByTimeAsync(100)
    expect(b.getStatus('bob')?.statusType).toBe(1)
    expect(inspectEngine(b)?.clients).toBe(1)
  })

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

  it('tim-js-sdk: a getMyProfile that fails at start is asked again, so a ready SDK is found', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ flavor: 'tim-js-sdk', latencyMs: 20 })
    await login(tim, 'me')
    tim.failNext('getMyProfile', { code: 2800 })
    tim.backend.setStatus('bob', { statusType: 1 })
    const client = createStatusClient(tim)
    client.start()
    client.retain(['bob'])
    await vi.advanceTimersByTimeAsync(5000)
    expect(client.getState().readiness).toBe('ready')
    expect(client.getStatus('bob')?.statusType).toBe(1)
  })

  it('an idle ID is forgotten gcTimeMs after it became idle, whatever else happens meanwhile', async () => {
    const { tim, client } = await startClient({}, { gcTimeMs: 60_000 })
    const gone = client.retain(['gone'])
    await vi.advanceTimersByTimeAsync(100)
    gone()
    // A network flap every 40 s touches every ID; it must not push the forgetting back.
    for (let i = 0; i < 3; i++) {
      tim.setNetworkState('disconnected')
      tim.setNetworkState('connected')
      await vi.advanceTimersByTimeAsync(40_000)
    }
    client.retain(['other'])
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getState().entries.has('gone')).toBe(false)
    // What is left is what is retained, and the own ID (live by pushes while logged in).
    expect(inspectEngine(client)?.peers).toBe(2)
  })

  it('a query that fails the same way again keeps the same failure object (no new value to render)', async () => {
    const { tim, client } = await startClient({}, { staleTimeMs: 1000 })
    tim.backend.setUserError('ghost', { code: 70107, message: 'no such user' })
    const first = client.retain(['ghost'])
    await vi.advanceTimersByTimeAsync(100)
    first()
    const failure = client.getEntry('ghost').failure
    expect(failure?.code).toBe(70107)
    await vi.advanceTimersByTimeAsync(2000)
    client.retain(['ghost'])
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'getUserStatus').filter((c) => c.userIDList?.includes('ghost'))).toHaveLength(2)
    expect(client.getEntry('ghost').failure).toBe(failure)
  })

  it('the own status is not forgotten while logged in, so it is not asked again', async () => {
    const { tim, client } = await startClient({}, { gcTimeMs: 1000 })
    await vi.advanceTimersByTimeAsync(5000)
    // Activity, so that a sweep runs.
    client.retain(['x'])
    await vi.advanceTimersByTimeAsync(100)
    await expect(client.fetch(['me'])).resolves.toMatchObject({ me: { statusType: 1 } })
    expect(callsOf(tim, 'getUserStatus').filter((c) => c.userIDList?.includes('me'))).toEqual([])
  })
})
