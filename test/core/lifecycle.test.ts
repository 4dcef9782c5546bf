import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStatusClient, setCustomStatus } from '../../src/core'
import { createFakeTim, inspectEngine } from '../../src/testing'
import { callsOf, login, logout, startClient, userIDs } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('login lifecycle', () => {
  it('sends nothing before SDK_READY, then sends what was asked for earlier', async () => {
    const { tim, client } = await startClient({}, {}, { loggedIn: false })
    client.retain(['bob', 'carol'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tim.calls).toEqual([])
    expect(client.getState().ready).toBe(false)

    await login(tim, 'me')
    expect(client.getState()).toMatchObject({ ready: true, userID: 'me' })
    expect(callsOf(tim, 'getUserStatus').map((c) => c.userIDList?.sort())).toContainEqual(['bob', 'carol'])
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['bob', 'carol'])
    expect(tim.calls.filter((c) => typeof c.outcome === 'object')).toEqual([])
  })

  it('finds an SDK that was ready before the client started (tim-js-sdk flavour: getMyProfile)', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ flavor: 'tim-js-sdk' })
    await login(tim, 'me')
    const client = createStatusClient(tim)
    client.start()
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getState()).toMatchObject({ ready: true, userID: 'me' })
    expect(client.getState().self).toMatchObject({ userID: 'me', statusType: 1 })
  })

  it('logout then login: nothing sent while logged out; everything in use re-queried and re-subscribed', async () => {
    const { tim, client } = await startClient()
    const ids = userIDs(150)
    client.retain(ids, { subscribe: true })
    client.retain(['x1', 'x2'])
    await vi.advanceTimersByTimeAsync(100)

    await logout(tim)
    expect(client.getState().ready).toBe(false)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    tim.clearCalls()
    client.retain(['late'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(tim.calls).toEqual([])

    await login(tim, 'me')
    const queried = callsOf(tim, 'getUserStatus').flatMap((c) => c.userIDList ?? [])
    expect(new Set(queried)).toEqual(new Set([...ids, 'x1', 'x2', 'late', 'me']))
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual([...ids, 'late'].sort())
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(2)
    expect(tim.calls.filter((c) => typeof c.outcome === 'object')).toEqual([])
  })

  it('a kick-out stops sending like a logout', async () => {
    const { tim, client } = await startClient()
    tim.kickOut()
    await vi.advanceTimersByTimeAsync(10)
    expect(client.getState().ready).toBe(false)
    tim.clearCalls()
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tim.calls).toEqual([])
  })

  it('a network reconnect asks again for the statuses in use', async () => {
    const { tim, client } = await startClient()
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    tim.clearCalls()
    tim.setNetworkState('disconnected')
    await vi.advanceTimersByTimeAsync(10)
    expect(client.getState().network).toBe('disconnected')
    tim.backend.setStatus('bob', { statusType: 1, customStatus: 'missed while offline' })
    tim.setNetworkState('connected')
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'getUserStatus').map((c) => c.userIDList)).toEqual([['bob']])
    expect(client.getStatus('bob')?.customStatus).toBe('missed while offline')
  })

  it('stop() lets go of what the client subscribed after the grace, then removes every listener', async () => {
    const { tim, client, stop } = await startClient()
    client.retain(userIDs(30), { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    expect(tim.listenerCount()).toBeGreaterThan(0)
    stop()
    // Kept for the grace, so that a remount right away (a route change, hot reload) costs no call.
    await vi.advanceTimersByTimeAsync(4900)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(30)
    await vi.advanceTimersByTimeAsync(1200)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(1)
    expect(tim.listenerCount()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stop() while logged out removes every listener at once: the server kept nothing', async () => {
    const { tim, client, stop } = await startClient()
    client.retain(userIDs(30), { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    await logout(tim)
    stop()
    await vi.advanceTimersByTimeAsync(0)
    expect(tim.listenerCount()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(0)
  })

  it('start/stop/start in one task (StrictMode) sends each call once', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    await login(tim, 'me')
    tim.clearCalls()
    const client = createStatusClient(tim)
    const stop1 = client.start()
    const release1 = client.retain(['bob'], { subscribe: true })
    release1()
    stop1()
    client.start()
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
    expect(callsOf(tim, 'unsubscribeUserStatus')).toHaveLength(0)
    expect(callsOf(tim, 'getUserStatus').filter((c) => c.userIDList?.includes('bob'))).toHaveLength(1)
    expect(tim.listenerCount()).toBe(6)
  })

  it('never mixes two clients of two SDK instances', async () => {
    vi.useFakeTimers()
    const timA = createFakeTim()
    const timB = createFakeTim({ backend: timA.backend })
    await login(timA, 'alice')
    await login(timB, 'bob')
    const a = createStatusClient(timA)
    const b = createStatusClient(timB)
    a.start()
    b.start()
    await vi.advanceTimersByTimeAsync(100)
    expect(a.getState().userID).toBe('alice')
    expect(b.getState().userID).toBe('bob')
    timA.backend.setStatus('carol', { statusType: 2, customStatus: 'away' })
    a.retain(['carol'])
    await vi.advanceTimersByTimeAsync(100)
    expect(a.getStatus('carol')).toMatchObject({ userID: 'carol', statusType: 2, customStatus: 'away' })
    expect(b.getStatus('carol')).toBeUndefined()
  })
})

describe('login lifecycle: edges', () => {
  it('after logging in as another user, the former own ID is asked for again (not kept as live)', async () => {
    const { tim, client } = await startClient({}, { offlineDelayMs: 0 })
    client.retain(['me'])
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getStatus('me')?.statusType).toBe(1)
    await logout(tim)
    await vi.advanceTimersByTimeAsync(100)
    tim.clearCalls()
    await login(tim, 'bob')
    await vi.advanceTimersByTimeAsync(200)
    expect(callsOf(tim, 'getUserStatus').flatMap((c) => c.userIDList ?? [])).toContain('me')
    expect(client.getStatus('me')?.statusType).toBe(3)
  })

  it('stop() settles a pending fetch instead of leaving it hanging', async () => {
    const { client, stop } = await startClient({}, {}, { loggedIn: false })
    const pending = client.fetch(['bob'])
    pending.catch(() => {})
    stop()
    await expect(pending).rejects.toMatchObject({ code: -2 })
  })
})

describe('clients that stop and SDKs that answer late', () => {
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

  it('a custom status set to clear itself clears though its client was destroyed: it belongs to the SDK', async () => {
    const { tim, client } = await startClient()
    const other = createStatusClient(tim)
    const stopOther = other.start()
    const set = setCustomStatus(client, 'lunch', { clearAfterMs: 10_000 })
    await vi.advanceTimersByTimeAsync(100)
    await set
    client.destroy()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(callsOf(tim, 'setSelfStatus').map((call) => call.customStatus)).toEqual(['lunch', ''])
    expect(tim.backend.getStatus('me').customStatus).toBe('')
    expect(other.getState().self?.customStatus).toBe('')
    stopOther()
  })

  it('a custom status set to clear itself stays if the own status is set again by any route, the same text too', async () => {
    const { tim, client } = await startClient()
    const set = setCustomStatus(client, 'lunch', { clearAfterMs: 10_000 })
    await vi.advanceTimersByTimeAsync(100)
    await set
    const again = client.setSelfStatus('lunch')
    await vi.advanceTimersByTimeAsync(100)
    await again
    await vi.advanceTimersByTimeAsync(20_000)
    expect(callsOf(tim, 'setSelfStatus').map((call) => call.customStatus)).toEqual(['lunch', 'lunch'])
    expect(tim.backend.getStatus('me').customStatus).toBe('lunch')
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

  it('a client started by a store listener while the engine stops listening gets a listening engine', async () => {
    const { tim, client, stop } = await startClient()
    const other = createStatusClient(tim)
    let started = false
    client.store.subscribe((state) => {
      if (started || state.readiness !== 'not-logged-in') return
      started = true
      other.start()
    })
    stop()
    await vi.advanceTimersByTimeAsync(100)
    expect(started).toBe(true)
    expect(tim.listenerCount()).toBeGreaterThan(0)
    tim.backend.setStatus('bob', { statusType: 1 })
    other.retain(['bob'])
    await vi.advanceTimersByTimeAsync(3000)
    expect(other.getStatus('bob')?.statusType).toBe(1)
  })
})
