import { afterEach, describe, expect, it, vi } from 'vitest'
import { callsOf, maxCallsInWindow, startClient, userIDs } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

function rejectedWith(tim: Parameters<typeof callsOf>[0], code: number) {
  return tim.calls.filter((call) => typeof call.outcome === 'object' && call.outcome.code === code)
}

describe('rate limits', () => {
  it('subscribes 5,000 IDs at once within about three windows, never over 20 calls per 5 s, with no 2996', async () => {
    const { tim, client } = await startClient({}, { maxSubscriptions: Number.POSITIVE_INFINITY })
    const ids = userIDs(5000)
    const start = Date.now()
    for (const id of ids) client.retain([id], { subscribe: true })

    await vi.advanceTimersByTimeAsync(5000)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(20)
    await vi.advanceTimersByTimeAsync(5700)
    // 50 calls: 20 at 0 s, 20 at 5.25 s, 10 at 10.5 s (5 s windows plus 250 ms of margin), plus a round trip.
    expect(Date.now() - start).toBeLessThan(10_800)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(5000)

    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(50)
    // 10 queries at once, then the 3,000 IDs subscribed after their query was answered are asked again a moment
    // after their window (a change in between would otherwise be missed): 6 more full calls.
    await vi.advanceTimersByTimeAsync(2000)
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList?.length)).toEqual(Array(16).fill(500))
    expect(maxCallsInWindow(tim, 'subscribeUserStatus')).toBe(20)
    expect(maxCallsInWindow(tim, 'getUserStatus')).toBeLessThanOrEqual(20)
    expect(rejectedWith(tim, 2996)).toHaveLength(0)
    expect(ids.every((id) => client.getStatus(id) !== undefined)).toBe(true)
  })

  it('keeps each family to its own budget: queries do not use up the subscribe budget', async () => {
    const { tim, client } = await startClient()
    for (let i = 0; i < 25; i++) client.retain([`q${i}`]) // one tick: one query
    await vi.advanceTimersByTimeAsync(0)
    // 25 more ticks: 25 queries wanted, more than the query budget of 20.
    for (let i = 0; i < 25; i++) {
      client.retain([`q${i}x`])
      await vi.advanceTimersByTimeAsync(1)
    }
    client.retain(['s1'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(50)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
    expect(maxCallsInWindow(tim, 'getUserStatus')).toBeLessThanOrEqual(20)
  })

  it('retries a 2996 from the server with backoff, and loses no ID', async () => {
    const { tim, client } = await startClient()
    tim.failNext('subscribeUserStatus', { code: 2996, message: 'over frequency' }, 2)
    const ids = userIDs(150)
    client.retain(ids, { subscribe: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(ids)
    expect(rejectedWith(tim, 2996)).toHaveLength(2)
    expect(maxCallsInWindow(tim, 'subscribeUserStatus')).toBeLessThanOrEqual(20)
    expect(client.getState().error).toBeNull()
  })

  it('retries network failures (2800/2801/2805), shows the error after 3 tries, and recovers', async () => {
    const { tim, client } = await startClient()
    tim.failNext('getUserStatus', { code: 2800, message: 'network' }, 1)
    tim.failNext('getUserStatus', { code: 2801, message: 'timeout' }, 1)
    tim.failNext('getUserStatus', { code: 2805, message: 'no network' }, 1)
    tim.backend.setStatus('bob', { statusType: 1 })
    const fetched = client.fetch(['bob'])
    fetched.catch(() => {})
    client.retain(['bob'])
    await vi.advanceTimersByTimeAsync(4000) // 1 s + 2 s backoff
    await expect(fetched).rejects.toMatchObject({ code: 2805 })
    expect(client.getEntry('bob').error?.code).toBe(2805)
    expect(client.getState().error?.code).toBe(2805)
    await vi.advanceTimersByTimeAsync(5000)
    expect(client.getStatus('bob')?.statusType).toBe(1)
    expect(client.getEntry('bob').error).toBeNull()
    expect(client.getState().error).toBeNull()
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(4)
  })
})
