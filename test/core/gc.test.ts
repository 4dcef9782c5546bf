// Forgetting: what nobody retains is forgotten gcTimeMs after it was let go, by a timer, whether or not anything
// else happens meanwhile (a quiet app frees it too).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { inspectEngine } from '../../src/testing'
import { callsOf, startClient, userIDs } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('gcTimeMs', () => {
  it('100,000 IDs retained and released 200 at a time: at most the last 10 s of them remain, none after 60 s quiet', async () => {
    const GC_MS = 10_000
    const WINDOW = 200
    const STEP_MS = 100
    const { client } = await startClient(
      { latencyMs: 5, rateLimit: false },
      { gcTimeMs: GC_MS, rateLimit: { calls: 10_000 }, staleTimeMs: 0 },
    )
    const ids = userIDs(100_000, 'u')
    // At STEP_MS per window, the last 10 s released (10,000 / 100) * 200 IDs; the timer may take its slack more.
    const recent = (GC_MS / STEP_MS + 2) * WINDOW
    let most = 0
    for (let start = 0; start < ids.length; start += WINDOW) {
      const release = client.retain(ids.slice(start, start + WINDOW))
      await vi.advanceTimersByTimeAsync(STEP_MS)
      expect(client.getStatus(ids[start] as string)).toEqual(expect.objectContaining({ statusType: 3 }))
      release()
      most = Math.max(most, client.getState().entries.size)
    }
    expect(most).toBeLessThanOrEqual(recent)

    // 60 s with nothing happening: no retain, no call, no push.
    await vi.advanceTimersByTimeAsync(60_000)
    const left = [...client.getState().entries.keys()]
    expect(left.filter((id) => id !== 'me')).toEqual([])
    expect(inspectEngine(client)?.peers).toBeLessThanOrEqual(1)
  }, 60_000)

  it('an ID still shown (a listener on it) is kept past gcTimeMs, and forgotten gcTimeMs after its last reader goes', async () => {
    const { client } = await startClient({}, { gcTimeMs: 1000 })
    client.retain(['alice'])()
    const stopReading = client.subscribeEntry('alice', () => {})
    await vi.advanceTimersByTimeAsync(5000)
    expect(client.getState().entries.has('alice')).toBe(true)
    stopReading()
    await vi.advanceTimersByTimeAsync(900)
    expect(client.getState().entries.has('alice')).toBe(true)
    await vi.advanceTimersByTimeAsync(200)
    expect(client.getState().entries.has('alice')).toBe(false)
  })

  it('a stopped client leaves no timer; a started one again collects what is idle', async () => {
    const { client, stop } = await startClient({}, { gcTimeMs: 1000 })
    client.retain(['alice'])()
    await vi.advanceTimersByTimeAsync(100)
    stop()
    await vi.advanceTimersByTimeAsync(500)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(5500)
    expect(vi.getTimerCount()).toBe(0)
    // Not collected while stopped: the countdown starts again with the client.
    expect(client.getState().entries.has('alice')).toBe(true)
    const again = client.start()
    await vi.advanceTimersByTimeAsync(3000)
    expect(client.getState().entries.has('alice')).toBe(false)
    again()
  })
})

describe('forgetting, around other timers and sessions', () => {
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
