import { afterEach, describe, expect, it, vi } from 'vitest'
import { isFeatureUnavailable, StatusError } from '../../src/core'
import { toStatusError } from '../../src/core/errors'
import { callsOf, startClient, waitFor } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('errors of the feature', () => {
  it('72001 (console switch off): reported with its code and what to enable; own status still set and read', async () => {
    const { tim, client } = await startClient({ consoleEnabled: false })
    const fetched = client.fetch(['bob'])
    fetched.catch(() => {})
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    await expect(fetched).rejects.toMatchObject({ code: 72001 })
    const error = client.getState().error
    expect(error).toBeInstanceOf(StatusError)
    expect(error?.code).toBe(72001)
    expect(error?.message).toMatch(/IM console/)
    expect(error?.message).toMatch(/enable/)
    expect(client.getEntry('bob')).toMatchObject({ status: undefined, subscription: 'failed' })
    expect(client.getEntry('bob').error?.code).toBe(72001)
    expect(isFeatureUnavailable(client.getEntry('bob').error)).toBe(true)

    const set = await waitFor(client.setSelfStatus('in a meeting'))
    expect(set).toMatchObject({ userID: 'me', statusType: 1, customStatus: 'in a meeting' })
    expect(client.getState().self?.customStatus).toBe('in a meeting')
    expect(await waitFor(client.fetch(['me']))).toMatchObject({ me: { customStatus: 'in a meeting' } })
    // No retry storm: a 72001 is not retried on its own.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(callsOf(tim, 'getUserStatus').filter((c) => c.userIDList?.includes('bob'))).toHaveLength(1)
  })

  it('3122 (plan lacks user status): reported with its code and what to buy; own status still works', async () => {
    const { tim, client } = await startClient({ planEnabled: false })
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    const error = client.getState().error
    expect(error?.code).toBe(3122)
    expect(error?.message).toMatch(/Ultimate/)
    expect(client.getEntry('bob').error?.code).toBe(3122)
    expect(tim.backend.log.filter((c) => c.api !== 'setSelfStatus')).toEqual([])

    await waitFor(client.setSelfStatus('still here'))
    expect(client.getState().self?.customStatus).toBe('still here')
    await waitFor(client.clearSelfStatus())
    expect(client.getState().self?.customStatus).toBe('')
  })

  it('a refetch after the feature was switched on gets the statuses', async () => {
    const { tim, client } = await startClient({ consoleEnabled: false })
    tim.backend.setStatus('bob', { statusType: 1 })
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    tim.backend.setConsoleEnabled(true)
    await waitFor(client.refetch(['bob']))
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getStatus('bob')?.statusType).toBe(1)
    expect(client.getEntry('bob')).toMatchObject({ error: null, subscription: 'subscribed' })
    expect(client.getState().error).toBeNull()
  })

  it('keeps the SDK code of any rejection, from plain objects too', () => {
    const error = toStatusError({ code: 70001, message: 'UserSig expired' }, 'login')
    expect(error).toMatchObject({ code: 70001 })
    expect(error.message).toContain('UserSig expired')
    expect(toStatusError(new Error('Params validate failed.')).code).toBe(0)
  })
})

describe('definite failures are not asked again and again', () => {
  it('remounting users of a missing ID or with the feature off sends nothing new until refetch', async () => {
    const { tim, client } = await startClient({ consoleEnabled: false })
    tim.backend.setUserError('ghost', { code: 70107, message: 'no such user' })
    for (let i = 0; i < 5; i++) {
      const release = client.retain(['bob'])
      await vi.advanceTimersByTimeAsync(100)
      release()
    }
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(1)
    tim.backend.setConsoleEnabled(true)
    for (let i = 0; i < 5; i++) {
      const release = client.retain(['ghost'])
      await vi.advanceTimersByTimeAsync(100)
      release()
    }
    expect(callsOf(tim, 'getUserStatus').filter((c) => c.userIDList?.includes('ghost'))).toHaveLength(1)
    expect(client.getEntry('ghost').failure?.code).toBe(70107)
    await waitFor(client.refetch(['bob']))
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(3)
  })
})

describe('a 3122 right after login', () => {
  it('is shown at once and asked again, so a plan the SDK loads a moment later still gets the statuses', async () => {
    const { tim, client } = await startClient({ planEnabled: false })
    tim.backend.setStatus('bob', { statusType: 1 })
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getState().error?.code).toBe(3122)
    // The SDK fetched the plan on its first tick after login.
    tim.backend.setPlanEnabled(true)
    await vi.advanceTimersByTimeAsync(1500)
    expect(client.getStatus('bob')?.statusType).toBe(1)
    expect(client.getEntry('bob')).toMatchObject({ error: null, subscription: 'subscribed' })
    expect(client.getState().error).toBeNull()
  })

  it('is taken as final after two more tries (no endless retries when the plan really lacks the feature)', async () => {
    const { tim, client } = await startClient({ planEnabled: false })
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(callsOf(tim, 'getUserStatus').filter((c) => c.userIDList?.includes('bob'))).toHaveLength(3)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(3)
    expect(client.getEntry('bob').error?.code).toBe(3122)
  })
})

describe('failures that repeat', () => {
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
})
