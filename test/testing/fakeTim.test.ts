import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TimLike } from '../../src/core/sdk'
import { TIM_ERROR, TIM_EVENT } from '../../src/core/sdk'
import type { FakeTim, FakeTimEvent, FakeTimOptions } from '../../src/testing'
import { createFakeBackend, createFakeTim, FAKE_TIM_ERROR } from '../../src/testing'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

/** Runs pending microtasks and zero-delay timers. */
const flush = () => vi.advanceTimersByTimeAsync(0)

const idList = (count: number, prefix = 'u') =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`)

/** A client of `userID` that is logged in and past SDK_READY (latency 0). */
async function readyTim(userID: string, options: FakeTimOptions = {}): Promise<FakeTim> {
  const tim = createFakeTim(options)
  await tim.login({ userID })
  await vi.advanceTimersByTimeAsync(options.readyDelayMs ?? 0)
  return tim
}

function collect(tim: FakeTim, eventName: string = TIM_EVENT.USER_STATUS_UPDATED): FakeTimEvent[] {
  const events: FakeTimEvent[] = []
  tim.on(eventName, (event: FakeTimEvent) => {
    events.push(event)
  })
  return events
}

describe('types', () => {
  it('is assignable to TimLike in both flavors', () => {
    const chat: TimLike = createFakeTim()
    const legacy: TimLike = createFakeTim({ flavor: 'tim-js-sdk' })
    expect(chat).not.toBe(legacy)
  })
})

describe('before login', () => {
  it('rejects every status call and getMyProfile with 2024, as an Error with code and message', async () => {
    const tim = createFakeTim()
    const attempts = [
      tim.getUserStatus({ userIDList: ['a'] }),
      tim.subscribeUserStatus({ userIDList: ['a'] }),
      tim.unsubscribeUserStatus(),
      tim.setSelfStatus({ customStatus: 'x' }),
      tim.getMyProfile(),
    ]
    for (const attempt of attempts) {
      const error = await attempt.catch((reason: unknown) => reason)
      expect(error).toBeInstanceOf(Error)
      expect(error).toMatchObject({ code: TIM_ERROR.USER_NOT_LOGGED_IN, message: expect.any(String) })
    }
    expect(tim.backend.log).toEqual([])
    expect(tim.calls.map((call) => call.outcome)).toEqual([
      expect.objectContaining({ code: 2024 }),
      expect.objectContaining({ code: 2024 }),
      expect.objectContaining({ code: 2024 }),
      expect.objectContaining({ code: 2024 }),
    ])
  })

  it('checks readiness before parameters: bad parameters reject 2024 instead of throwing', async () => {
    const tim = createFakeTim()
    await expect(tim.getUserStatus({ userIDList: [] })).rejects.toMatchObject({ code: 2024 })
    await expect(tim.setSelfStatus({ customStatus: 1 as unknown as string })).rejects.toMatchObject({
      code: 2024,
    })
  })

  it('rejects logout with 2024; destroy rejects too but still emits SDK_DESTROY', async () => {
    const tim = createFakeTim({ SDKAppID: 1400000001 })
    const destroyed = collect(tim, TIM_EVENT.SDK_DESTROY)
    const notReady = collect(tim, TIM_EVENT.SDK_NOT_READY)
    await expect(tim.logout()).rejects.toMatchObject({ code: 2024 })
    await expect(tim.destroy()).rejects.toMatchObject({ code: 2024 })
    expect(destroyed).toEqual([{ name: TIM_EVENT.SDK_DESTROY, data: { SDKAppID: 1400000001 } }])
    expect(notReady).toEqual([])
  })
})

describe('login and SDK_READY', () => {
  it('resolves login, then emits SDK_READY; calls in between reject 3000 (LOGGING_IN)', async () => {
    const tim = createFakeTim({ readyDelayMs: 100 })
    const ready = collect(tim, TIM_EVENT.SDK_READY)
    const pending = tim.login({ userID: 'me' })
    // The not-ready reason changes as soon as login() is called.
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({
      code: TIM_ERROR.LOGGING_IN,
    })
    await expect(pending).resolves.toEqual({ code: 0, data: { repeatLogin: false } })
    expect(ready).toEqual([])
    expect(tim.isReady?.()).toBe(false)
    expect(tim.getLoginUser?.()).toBe('me')
    await expect(tim.getMyProfile()).rejects.toMatchObject({ code: TIM_ERROR.LOGGING_IN })

    await vi.advanceTimersByTimeAsync(99)
    expect(ready).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(ready).toEqual([{ name: TIM_EVENT.SDK_READY, data: undefined }])
    expect(tim.isReady?.()).toBe(true)
    await expect(tim.getMyProfile()).resolves.toMatchObject({ data: { userID: 'me' } })
  })

  it('emits SDK_READY in a microtask after login when readyDelayMs is 0', async () => {
    const tim = createFakeTim()
    const order: string[] = []
    tim.on(TIM_EVENT.SDK_READY, () => order.push('ready'))
    await tim.login({ userID: 'me' })
    order.push('login resolved')
    await flush()
    expect(order).toEqual(['login resolved', 'ready'])
  })

  it('rejects a second login while one is in flight (2025) and answers repeatLogin once logged in', async () => {
    const tim = createFakeTim({ latencyMs: 50 })
    const first = tim.login({ userID: 'me' })
    await expect(tim.login({ userID: 'me' })).rejects.toMatchObject({ code: FAKE_TIM_ERROR.REPEAT_LOGIN })
    await vi.advanceTimersByTimeAsync(50)
    await expect(first).resolves.toMatchObject({ data: { repeatLogin: false } })
    await expect(tim.login({ userID: 'me' })).resolves.toMatchObject({ data: { repeatLogin: true } })
  })

  it('flavor tim-js-sdk has no isReady / getLoginUser, only getMyProfile', async () => {
    const tim = createFakeTim({ flavor: 'tim-js-sdk' })
    expect(tim.isReady).toBeUndefined()
    expect(tim.getLoginUser).toBeUndefined()
    expect('isReady' in tim).toBe(false)
    await expect(tim.getMyProfile()).rejects.toMatchObject({ code: 2024 })
    await tim.login({ userID: 'me' })
    await flush()
    await expect(tim.getMyProfile()).resolves.toEqual({
      code: 0,
      data: { userID: 'me', nick: '', avatar: '' },
    })
  })

  it('flavor chat reports no user and not ready before login', () => {
    const tim = createFakeTim()
    expect(tim.isReady?.()).toBe(false)
    expect(tim.getLoginUser?.()).toBe('')
  })

  it('throws synchronously on a login without a userID', () => {
    const tim = createFakeTim()
    expect(() => tim.login({ userID: '' })).toThrow('Params validate failed.')
  })

  it('login makes the user ONLINE and tells subscribers', async () => {
    const backend = createFakeBackend()
    const watcher = await readyTim('watcher', { backend })
    const events = collect(watcher)
    await watcher.subscribeUserStatus({ userIDList: ['bob'] })
    expect(backend.getStatus('bob')).toEqual({ userID: 'bob', statusType: 3, customStatus: '' })
    await readyTim('bob', { backend })
    expect(backend.getStatus('bob').statusType).toBe(1)
    expect(events).toEqual([
      { name: TIM_EVENT.USER_STATUS_UPDATED, data: [{ userID: 'bob', statusType: 1, customStatus: '' }] },
    ])
  })
})

describe('parameter validation (synchronous throws, as the SDK)', () => {
  it('throws Error("Params validate failed.") for bad userIDList and customStatus', async () => {
    const tim = await readyTim('me')
    const bad: [string, () => unknown][] = [
      ['getUserStatus empty', () => tim.getUserStatus({ userIDList: [] })],
      ['getUserStatus not array', () => tim.getUserStatus({ userIDList: 'a' as unknown as string[] })],
      ['getUserStatus no list', () => tim.getUserStatus({} as { userIDList: string[] })],
      ['subscribe empty', () => tim.subscribeUserStatus({ userIDList: [] })],
      ['subscribe not array', () => tim.subscribeUserStatus({ userIDList: 'a' as unknown as string[] })],
      ['unsubscribe string', () => tim.unsubscribeUserStatus({ userIDList: 'a' as unknown as string[] })],
      ['setSelfStatus number', () => tim.setSelfStatus({ customStatus: 1 as unknown as string })],
      ['setSelfStatus missing', () => tim.setSelfStatus({} as { customStatus: string })],
    ]
    for (const [label, attempt] of bad) {
      expect(attempt, label).toThrow(new Error('Params validate failed.'))
    }
    expect(tim.calls.every((call) => call.outcome === 'threw')).toBe(true)
    expect(tim.backend.log).toEqual([])
  })

  it('throws a TypeError when undefined is passed explicitly (the SDK reads args[0].userIDList)', async () => {
    const tim = await readyTim('me')
    const call = tim.getUserStatus as (...args: unknown[]) => unknown
    const unsubscribe = tim.unsubscribeUserStatus as (...args: unknown[]) => unknown
    expect(() => call(undefined)).toThrow(TypeError)
    expect(() => unsubscribe(undefined)).toThrow(TypeError)
  })

  it('treats no argument, {}, {userIDList: undefined} and {userIDList: []} as unsubscribe-all', async () => {
    const tim = await readyTim('me')
    await tim.unsubscribeUserStatus()
    await tim.unsubscribeUserStatus({})
    await tim.unsubscribeUserStatus({ userIDList: undefined })
    await tim.unsubscribeUserStatus({ userIDList: [] })
    expect(tim.backend.log.map((entry) => entry.unsubscribeAll)).toEqual([true, true, true, true])
    expect(tim.calls.map((call) => call.sentToBackend)).toEqual([[], [], [], []])
  })
})

describe('getUserStatus', () => {
  it('answers the own ID locally, with no request, no plan check and no frequency limit', async () => {
    const tim = await readyTim('me', { planEnabled: false, consoleEnabled: false })
    await tim.setSelfStatus({ customStatus: 'busy' })
    tim.backend.clearLog()
    for (let count = 0; count < 30; count += 1) {
      await expect(tim.getUserStatus({ userIDList: ['me'] })).resolves.toEqual({
        code: 0,
        data: {
          successUserList: [{ userID: 'me', statusType: 1, customStatus: 'busy' }],
          failureUserList: [],
        },
      })
    }
    expect(tim.backend.log).toEqual([])
    expect(tim.calls.at(-1)).toMatchObject({ sentToBackend: null, outcome: 'ok' })
  })

  it('puts the own status first and sends only the others to the backend', async () => {
    const tim = await readyTim('me')
    tim.backend.setStatus('bob', { statusType: 1, customStatus: 'hi' })
    const result = await tim.getUserStatus({ userIDList: ['alice', 'me', 'bob'] })
    expect(result.data.successUserList).toEqual([
      { userID: 'me', statusType: 1, customStatus: '' },
      { userID: 'alice', statusType: 3, customStatus: '' },
      { userID: 'bob', statusType: 1, customStatus: 'hi' },
    ])
    expect(tim.backend.log).toMatchObject([
      { api: 'getUserStatus', from: 'me', userIDList: ['alice', 'bob'] },
    ])
  })

  it('silently keeps only the first 500 IDs: the rest are lost', async () => {
    const tim = await readyTim('me')
    const asked = idList(600)
    const result = await tim.getUserStatus({ userIDList: asked })
    expect(result.data.successUserList).toHaveLength(500)
    expect(result.data.successUserList.at(-1)?.userID).toBe('u499')
    expect(tim.backend.log[0]?.userIDList).toEqual(asked.slice(0, 500))
    expect(tim.calls[0]).toMatchObject({
      userIDList: asked,
      sentToBackend: asked.slice(0, 500),
      outcome: 'ok',
    })
  })

  it('copies the SDK quirk: over the limit, the slice is taken from the original list, own ID included', async () => {
    const tim = await readyTim('me')
    const asked = ['me', ...idList(501)]
    const result = await tim.getUserStatus({ userIDList: asked })
    expect(tim.backend.log[0]?.userIDList).toEqual(asked.slice(0, 500))
    expect(result.data.successUserList.slice(0, 2).map((status) => status.userID)).toEqual(['me', 'me'])
    // Exactly at the limit once the own ID is removed: nothing is cut.
    const atLimit = ['me', ...idList(500)]
    await tim.getUserStatus({ userIDList: atLimit })
    expect(tim.backend.log[1]?.userIDList).toEqual(idList(500))
  })

  it('passes duplicates on as the SDK does; the backend answers each ID once', async () => {
    const tim = await readyTim('me')
    const result = await tim.getUserStatus({ userIDList: ['a', 'b', 'a', 'me', 'me'] })
    expect(tim.backend.log[0]?.userIDList).toEqual(['a', 'b', 'a', 'me'])
    expect(result.data.successUserList.map((status) => status.userID)).toEqual(['me', 'a', 'b', 'me'])
  })

  it('honours custom limits', async () => {
    const tim = await readyTim('me', { limits: { query: 2 } })
    await tim.getUserStatus({ userIDList: ['a', 'b', 'c'] })
    expect(tim.calls[0]?.sentToBackend).toEqual(['a', 'b'])
  })

  it('rejects 3122 before the network when the plan lacks user status', async () => {
    const tim = await readyTim('me', { planEnabled: false })
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({
      code: TIM_ERROR.CANNOT_USE_COMMERCIAL_ABILITY,
    })
    expect(tim.backend.log).toEqual([])
    expect(tim.calls[0]?.sentToBackend).toBeNull()
  })

  it('is refused by the backend with 72001 when the console switch is off', async () => {
    const tim = await readyTim('me', { consoleEnabled: false })
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({
      code: TIM_ERROR.STATUS_FEATURE_OFF,
      message: expect.any(String),
    })
    expect(tim.backend.log).toMatchObject([{ api: 'getUserStatus', error: { code: 72001 } }])
    tim.backend.setConsoleEnabled(true)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
  })

  it('reports per-ID failures in failureUserList', async () => {
    const tim = await readyTim('me')
    tim.backend.setUserError('ghost', { code: 70107, message: 'no such account' })
    const result = await tim.getUserStatus({ userIDList: ['ghost', 'a'] })
    expect(result.data).toEqual({
      successUserList: [{ userID: 'a', statusType: 3, customStatus: '' }],
      failureUserList: [{ userID: 'ghost', code: 70107, message: 'no such account' }],
    })
    tim.backend.setUserError('ghost', null)
    await expect(tim.getUserStatus({ userIDList: ['ghost'] })).resolves.toMatchObject({
      data: { failureUserList: [] },
    })
  })
})

describe('subscribeUserStatus / unsubscribeUserStatus', () => {
  it('silently keeps only the first 100 IDs: the rest are never subscribed', async () => {
    const tim = await readyTim('me')
    const asked = idList(150)
    await expect(tim.subscribeUserStatus({ userIDList: asked })).resolves.toEqual({
      code: 0,
      data: { failureUserList: [] },
    })
    expect(tim.backend.subscriptionsOf('me')).toEqual(asked.slice(0, 100))
    expect(tim.calls[0]?.sentToBackend).toEqual(asked.slice(0, 100))
  })

  it('truncates unsubscribe to 100 IDs too', async () => {
    const tim = await readyTim('me')
    await tim.subscribeUserStatus({ userIDList: idList(100) })
    await tim.unsubscribeUserStatus({ userIDList: idList(100).concat(['extra']) })
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    expect(tim.backend.log[1]?.userIDList).toHaveLength(100)
  })

  it('sends the own ID on; the backend refuses it per ID', async () => {
    const tim = await readyTim('me')
    const result = await tim.subscribeUserStatus({ userIDList: ['me', 'bob'] })
    expect(result.data.failureUserList).toEqual([
      { userID: 'me', code: FAKE_TIM_ERROR.INVALID_PARAMETER, message: expect.any(String) },
    ])
    expect(tim.backend.subscriptionsOf('me')).toEqual(['bob'])
  })

  it('reports per-ID failures and does not subscribe them', async () => {
    const tim = await readyTim('me')
    tim.backend.setUserError('ghost', { code: 70107, message: 'no such account' })
    const result = await tim.subscribeUserStatus({ userIDList: ['ghost', 'bob'] })
    expect(result.data.failureUserList).toEqual([
      { userID: 'ghost', code: 70107, message: 'no such account' },
    ])
    expect(tim.backend.subscriptionsOf('me')).toEqual(['bob'])
  })

  it('rejects 3122 (before the network) and 72001 (backend), unsubscribe-all included', async () => {
    const tim = await readyTim('me', { planEnabled: false })
    await expect(tim.subscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 3122 })
    await expect(tim.unsubscribeUserStatus()).rejects.toMatchObject({ code: 3122 })
    expect(tim.backend.log).toEqual([])
    tim.backend.setPlanEnabled(true)
    tim.backend.setConsoleEnabled(false)
    await expect(tim.subscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 72001 })
    await expect(tim.unsubscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 72001 })
    expect(tim.backend.log.map((entry) => entry.error?.code)).toEqual([72001, 72001])
  })

  it('pushes a status change to subscribers only, never synchronously', async () => {
    const backend = createFakeBackend()
    const alice = await readyTim('alice', { backend })
    const carol = await readyTim('carol', { backend })
    const aliceEvents = collect(alice)
    const carolEvents = collect(carol)
    await alice.subscribeUserStatus({ userIDList: ['bob'] })

    backend.setStatus('bob', { statusType: 1, customStatus: 'coding' })
    expect(aliceEvents).toEqual([])
    await flush()
    expect(aliceEvents).toEqual([
      {
        name: TIM_EVENT.USER_STATUS_UPDATED,
        data: [{ userID: 'bob', statusType: 1, customStatus: 'coding' }],
      },
    ])
    expect(carolEvents).toEqual([])
  })

  it('stops pushing after unsubscribe, and after unsubscribe-all', async () => {
    const backend = createFakeBackend()
    const alice = await readyTim('alice', { backend })
    const events = collect(alice)
    await alice.subscribeUserStatus({ userIDList: ['bob', 'dan'] })
    await alice.unsubscribeUserStatus({ userIDList: ['bob'] })
    backend.setStatus('bob', { customStatus: 'x' })
    backend.setStatus('dan', { customStatus: 'y' })
    await flush()
    expect(events.map((event) => (event.data as { userID: string }[])[0]?.userID)).toEqual(['dan'])
    await alice.unsubscribeUserStatus()
    backend.setStatus('dan', { customStatus: 'z' })
    await flush()
    expect(events).toHaveLength(1)
    expect(backend.subscriptionsOf('alice')).toEqual([])
  })
})

describe('setSelfStatus', () => {
  it('resolves {userID, statusType: 1, customStatus}, stores it and echoes it as an event', async () => {
    const tim = await readyTim('me')
    const events = collect(tim)
    await expect(tim.setSelfStatus({ customStatus: 'lunch' })).resolves.toEqual({
      code: 0,
      data: { userID: 'me', statusType: 1, customStatus: 'lunch' },
    })
    await flush()
    expect(events).toEqual([
      { name: TIM_EVENT.USER_STATUS_UPDATED, data: [{ userID: 'me', statusType: 1, customStatus: 'lunch' }] },
    ])
    expect(tim.backend.getStatus('me').customStatus).toBe('lunch')
    expect(tim.backend.log).toMatchObject([{ api: 'setSelfStatus', from: 'me', customStatus: 'lunch' }])
    expect(tim.calls[0]?.sentToBackend).toEqual([])
  })

  it('is not plan-checked, console-checked or rate limited', async () => {
    const tim = await readyTim('me', { planEnabled: false, consoleEnabled: false })
    for (let count = 0; count < 25; count += 1) {
      await tim.setSelfStatus({ customStatus: `n${count}` })
    }
    expect(tim.backend.getStatus('me').customStatus).toBe('n24')
  })

  it('is refused by the backend over 100 UTF-8 bytes', async () => {
    const tim = await readyTim('me')
    await expect(tim.setSelfStatus({ customStatus: 'a'.repeat(100) })).resolves.toMatchObject({ code: 0 })
    // 34 CJK characters are 102 bytes.
    await expect(tim.setSelfStatus({ customStatus: '忙'.repeat(34) })).rejects.toMatchObject({
      code: FAKE_TIM_ERROR.INVALID_PARAMETER,
    })
    expect(tim.backend.getStatus('me').customStatus).toBe('a'.repeat(100))
  })

  it('can be configured not to echo to the calling session', async () => {
    const tim = await readyTim('me', { echoSelfStatus: false })
    const events = collect(tim)
    await tim.setSelfStatus({ customStatus: 'quiet' })
    await flush()
    expect(events).toEqual([])
  })
})

describe('failNext', () => {
  it('fails the next N requests of that API without reaching the backend', async () => {
    const tim = await readyTim('me')
    tim.failNext('getUserStatus', { code: TIM_ERROR.NETWORK_ERROR }, 2)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2800 })
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2800 })
    await expect(tim.getUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
    expect(tim.backend.log).toHaveLength(1)
    expect(tim.calls.map((call) => call.sentToBackend)).toEqual([null, null, ['a']])
    expect(tim.calls[0]?.outcome).toEqual({ code: 2800, message: expect.any(String) })
  })

  it('covers getMyProfile, setSelfStatus and subscribe, with custom messages', async () => {
    const tim = await readyTim('me')
    tim.failNext('getMyProfile', { code: 2801, message: 'timeout' })
    tim.failNext('setSelfStatus', { code: 2800 })
    tim.failNext('subscribeUserStatus', { code: 2805 })
    await expect(tim.getMyProfile()).rejects.toMatchObject({ code: 2801, message: 'timeout' })
    await expect(tim.setSelfStatus({ customStatus: 'x' })).rejects.toMatchObject({ code: 2800 })
    await expect(tim.subscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2805 })
    await expect(tim.getMyProfile()).resolves.toMatchObject({ code: 0 })
  })

  it('does not apply to a query answered locally', async () => {
    const tim = await readyTim('me')
    tim.failNext('getUserStatus', { code: 2800 })
    await expect(tim.getUserStatus({ userIDList: ['me'] })).resolves.toMatchObject({ code: 0 })
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2800 })
  })
})

describe('loseNextReply', () => {
  it('applies the request at the backend but rejects the caller with 2801 after the latency', async () => {
    const tim = await readyTim('me')
    tim.setLatency(100)
    tim.loseNextReply('subscribeUserStatus')
    let settled: unknown = 'pending'
    const pending = tim.subscribeUserStatus({ userIDList: ['a', 'b'] }).then(
      () => 'resolved',
      (error: unknown) => error,
    )
    void pending.then((value) => {
      settled = value
    })
    // Already applied: the backend has the subscriptions and the log entry, without an error.
    expect(tim.backend.subscriptionsOf('me')).toEqual(['a', 'b'])
    expect(tim.backend.log).toEqual([
      expect.objectContaining({ api: 'subscribeUserStatus', userIDList: ['a', 'b'] }),
    ])
    expect(tim.backend.log[0]?.error).toBeUndefined()
    await vi.advanceTimersByTimeAsync(99)
    expect(settled).toBe('pending')
    await vi.advanceTimersByTimeAsync(1)
    expect(settled).toBeInstanceOf(Error)
    expect(settled).toMatchObject({ code: TIM_ERROR.NETWORK_TIMEOUT, message: expect.any(String) })
    expect(tim.calls[0]).toMatchObject({
      api: 'subscribeUserStatus',
      sentToBackend: ['a', 'b'],
      outcome: { code: 2801, message: expect.any(String) },
    })

    // Pushes for the IDs subscribed by the lost request arrive.
    const events = collect(tim)
    tim.backend.setStatus('a', { customStatus: 'hi' })
    await vi.advanceTimersByTimeAsync(100)
    expect(events).toEqual([
      { name: TIM_EVENT.USER_STATUS_UPDATED, data: [{ userID: 'a', statusType: 3, customStatus: 'hi' }] },
    ])
    // Only the next one was lost.
    const next = tim.subscribeUserStatus({ userIDList: ['c'] })
    await vi.advanceTimersByTimeAsync(100)
    await expect(next).resolves.toMatchObject({ code: 0 })
  })

  it('takes a count and a code, per API; every API that makes a request can lose its reply', async () => {
    const backend = createFakeBackend()
    const tim = await readyTim('me', { backend })
    const other = await readyTim('other', { backend })
    tim.loseNextReply('unsubscribeUserStatus', 2, TIM_ERROR.NETWORK_ERROR)
    tim.loseNextReply('setSelfStatus')
    tim.loseNextReply('getUserStatus', 1, 2805)
    await tim.subscribeUserStatus({ userIDList: ['a', 'b', 'c'] })
    await expect(tim.unsubscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2800 })
    await expect(tim.unsubscribeUserStatus({ userIDList: ['b'] })).rejects.toMatchObject({ code: 2800 })
    await expect(tim.unsubscribeUserStatus({ userIDList: ['c'] })).resolves.toMatchObject({ code: 0 })
    expect(backend.subscriptionsOf('me')).toEqual([])

    const otherEvents = collect(other)
    await other.subscribeUserStatus({ userIDList: ['me'] })
    await expect(tim.setSelfStatus({ customStatus: 'lost reply' })).rejects.toMatchObject({ code: 2801 })
    expect(backend.getStatus('me').customStatus).toBe('lost reply')
    await flush()
    expect(otherEvents.at(-1)?.data).toEqual([{ userID: 'me', statusType: 1, customStatus: 'lost reply' }])

    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2805 })
    expect(backend.log.at(-1)).toMatchObject({ api: 'getUserStatus', userIDList: ['a'] })
    expect(tim.calls.at(-1)).toMatchObject({ sentToBackend: ['a'], outcome: { code: 2805 } })
  })

  it('loses the reply even when the backend refused the request; the refusal still counts there', async () => {
    const tim = await readyTim('me', { rateLimit: { calls: 1, perMs: 1000 } })
    await tim.getUserStatus({ userIDList: ['a'] })
    tim.loseNextReply('getUserStatus')
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2801 })
    expect(tim.backend.log.at(-1)).toMatchObject({ error: { code: 2996 } })
  })

  it('skips own-ID-only queries and calls refused before the network, and waits for a held request to be sent', async () => {
    const tim = await readyTim('me')
    tim.loseNextReply('getUserStatus')
    await expect(tim.getUserStatus({ userIDList: ['me'] })).resolves.toMatchObject({ code: 0 })
    tim.backend.setPlanEnabled(false)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 3122 })
    tim.backend.setPlanEnabled(true)

    tim.setNetworkState('disconnected')
    const held = tim.getUserStatus({ userIDList: ['a'] }).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(1000)
    expect(tim.backend.log).toEqual([])
    tim.setNetworkState('connected')
    await expect(held).resolves.toMatchObject({ code: 2801 })
    expect(tim.backend.log).toHaveLength(1)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
  })

  it('throws for an API that makes no status request', async () => {
    const tim = await readyTim('me')
    expect(() => tim.loseNextReply('getMyProfile' as 'getUserStatus')).toThrow(TypeError)
  })
})

describe('setFaults', () => {
  it('sees every request as it would be sent: after truncation and own-ID removal, at the send time', async () => {
    const tim = await readyTim('me', { limits: { subscribe: 2 } })
    const seen: unknown[] = []
    tim.setFaults((request) => {
      seen.push(request)
      return undefined
    })
    const start = Date.now()
    await tim.getUserStatus({ userIDList: ['me', 'a'] })
    await tim.subscribeUserStatus({ userIDList: ['a', 'b', 'c'] })
    await vi.advanceTimersByTimeAsync(10)
    await tim.unsubscribeUserStatus()
    await tim.setSelfStatus({ customStatus: 'x' })
    expect(seen).toEqual([
      { api: 'getUserStatus', userIDList: ['a'], at: start },
      { api: 'subscribeUserStatus', userIDList: ['a', 'b'], at: start },
      { api: 'unsubscribeUserStatus', userIDList: [], at: start + 10 },
      { api: 'setSelfStatus', userIDList: [], at: start + 10 },
    ])
    expect(tim.calls.map((call) => call.outcome)).toEqual(['ok', 'ok', 'ok', 'ok'])
  })

  it('{fail} rejects unsent, like failNext; {lose} applies and rejects, like loseNextReply', async () => {
    const tim = await readyTim('me')
    tim.setLatency(50)
    tim.setFaults(({ userIDList }) => {
      if (userIDList.includes('failing')) return { fail: 2800 }
      if (userIDList.includes('losing')) return { lose: 2801 }
      return 'ok'
    })
    const failed = tim.subscribeUserStatus({ userIDList: ['failing'] }).catch((error: unknown) => error)
    const lost = tim.subscribeUserStatus({ userIDList: ['losing'] }).catch((error: unknown) => error)
    const fine = tim.subscribeUserStatus({ userIDList: ['fine'] })
    expect(tim.backend.subscriptionsOf('me')).toEqual(['losing', 'fine'])
    expect(tim.backend.log.map((entry) => entry.userIDList)).toEqual([['losing'], ['fine']])
    await vi.advanceTimersByTimeAsync(50)
    expect(await failed).toMatchObject({ code: 2800 })
    expect(await failed).toBeInstanceOf(Error)
    expect(await lost).toMatchObject({ code: 2801 })
    await expect(fine).resolves.toMatchObject({ code: 0 })
    expect(tim.calls.map((call) => [call.sentToBackend, call.outcome])).toEqual([
      [null, { code: 2800, message: expect.any(String) }],
      [['losing'], { code: 2801, message: expect.any(String) }],
      [['fine'], 'ok'],
    ])
  })

  it('a deterministic decider (every other request fails) and null to remove it', async () => {
    const tim = await readyTim('me')
    let count = 0
    tim.setFaults(() => (count++ % 2 === 1 ? { fail: 2996 } : undefined))
    const outcomes: unknown[] = []
    for (const id of ['a', 'b', 'c', 'd']) {
      outcomes.push(
        await tim.getUserStatus({ userIDList: [id] }).then(
          () => 'ok',
          (error: { code: number }) => error.code,
        ),
      )
    }
    expect(outcomes).toEqual(['ok', 2996, 'ok', 2996])
    expect(tim.backend.log.map((entry) => entry.userIDList)).toEqual([['a'], ['c']])
    tim.setFaults(null)
    await expect(tim.getUserStatus({ userIDList: ['e'] })).resolves.toMatchObject({ code: 0 })
    expect(count).toBe(4)
  })

  it('yields to failNext and loseNextReply, which are taken first', async () => {
    const tim = await readyTim('me')
    const decide = vi.fn(() => ({ fail: 2800 }))
    tim.setFaults(decide)
    tim.loseNextReply('subscribeUserStatus', 1, 2805)
    tim.failNext('subscribeUserStatus', { code: 2996 })
    const codes: unknown[] = []
    for (const id of ['a', 'b', 'c']) {
      codes.push(
        await tim.subscribeUserStatus({ userIDList: [id] }).catch((error: { code: number }) => error.code),
      )
    }
    // failNext (unsent), then the lost reply (applied), then the decider (unsent).
    expect(codes).toEqual([2996, 2805, 2800])
    expect(tim.backend.subscriptionsOf('me')).toEqual(['b'])
    expect(decide).toHaveBeenCalledTimes(1)
    expect(decide).toHaveBeenCalledWith({
      api: 'subscribeUserStatus',
      userIDList: ['c'],
      at: expect.any(Number),
    })
  })

  it('is never asked about own-ID-only queries, calls refused before the network, or getMyProfile', async () => {
    const tim = await readyTim('me')
    const decide = vi.fn(() => ({ lose: 2801 }))
    tim.setFaults(decide)
    await expect(tim.getUserStatus({ userIDList: ['me'] })).resolves.toMatchObject({
      data: { successUserList: [{ userID: 'me' }] },
    })
    await expect(tim.getMyProfile()).resolves.toMatchObject({ data: { userID: 'me' } })
    expect(() => tim.subscribeUserStatus({ userIDList: [] })).toThrow('Params validate failed.')
    tim.backend.setPlanEnabled(false)
    await expect(tim.subscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 3122 })
    expect(decide).not.toHaveBeenCalled()
    expect(tim.calls.map((call) => call.sentToBackend)).toEqual([null, null, null])
    expect(tim.backend.log).toEqual([])
  })

  it('rejects the call with a TypeError when the decider answers something else', async () => {
    const tim = await readyTim('me')
    tim.setFaults(() => ({ drop: 1 }) as unknown as undefined)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toThrow(TypeError)
    expect(tim.backend.log).toEqual([])
  })
})

describe('latency', () => {
  it('answers after latencyMs (fake timers) and setLatency changes it', async () => {
    const tim = createFakeTim({ latencyMs: 200 })
    let loggedIn = false
    void tim.login({ userID: 'me' }).then(() => {
      loggedIn = true
    })
    await vi.advanceTimersByTimeAsync(199)
    expect(loggedIn).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(loggedIn).toBe(true)

    let answered = false
    void tim.getUserStatus({ userIDList: ['a'] }).then(() => {
      answered = true
    })
    // The backend already handled the request; only the answer is on its way.
    expect(tim.backend.log).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(199)
    expect(answered).toBe(false)
    expect(tim.calls[0]?.outcome).toBe('pending')
    await vi.advanceTimersByTimeAsync(1)
    expect(answered).toBe(true)
    expect(tim.calls[0]?.outcome).toBe('ok')

    tim.setLatency(0)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
  })

  it('delays pushes by the latency too', async () => {
    const backend = createFakeBackend()
    const tim = await readyTim('me', { backend })
    await tim.subscribeUserStatus({ userIDList: ['bob'] })
    tim.setLatency(300)
    const events = collect(tim)
    backend.setStatus('bob', { customStatus: 'x' })
    await vi.advanceTimersByTimeAsync(299)
    expect(events).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(events).toHaveLength(1)
  })
})

describe('logout and kick-out', () => {
  it('emits SDK_NOT_READY before logout resolves; calls then reject 3005', async () => {
    const tim = await readyTim('me')
    const order: string[] = []
    tim.on(TIM_EVENT.SDK_NOT_READY, (event: FakeTimEvent) => order.push(`not ready:${String(event.data)}`))
    await tim.logout().then(() => order.push('logout resolved'))
    expect(order).toEqual(['not ready:undefined', 'logout resolved'])
    expect(tim.isReady?.()).toBe(false)
    expect(tim.getLoginUser?.()).toBe('')
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({
      code: FAKE_TIM_ERROR.LOGGED_OUT,
    })
    await expect(tim.getMyProfile()).rejects.toMatchObject({ code: 3005 })
  })

  it('destroy logs out, then emits SDK_DESTROY', async () => {
    const tim = await readyTim('me')
    const names: string[] = []
    tim.on(TIM_EVENT.SDK_NOT_READY, (event: FakeTimEvent) => names.push(event.name))
    tim.on(TIM_EVENT.SDK_DESTROY, (event: FakeTimEvent) => names.push(event.name))
    await tim.destroy()
    expect(names).toEqual([TIM_EVENT.SDK_NOT_READY, TIM_EVENT.SDK_DESTROY])
  })

  it('kickOut emits KICKED_OUT (still ready inside it), then SDK_NOT_READY, and ends the session', async () => {
    const tim = await readyTim('me')
    const seen: unknown[] = []
    tim.on(TIM_EVENT.KICKED_OUT, (event: FakeTimEvent) =>
      seen.push([event.name, event.data, tim.isReady?.()]),
    )
    tim.on(TIM_EVENT.SDK_NOT_READY, (event: FakeTimEvent) => seen.push([event.name, tim.isReady?.()]))
    tim.kickOut()
    expect(seen).toEqual([
      [TIM_EVENT.KICKED_OUT, { type: 'multipleAccount' }, true],
      [TIM_EVENT.SDK_NOT_READY, false],
    ])
    expect(tim.backend.sessionCount('me')).toBe(0)
    expect(tim.backend.getStatus('me').statusType).toBe(3)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({
      code: FAKE_TIM_ERROR.KICKED_OUT_MULT_ACCOUNT,
    })
    // logout was not called: there is nothing left to log out of.
    await expect(tim.logout()).rejects.toMatchObject({ code: 2024 })
    tim.kickOut()
    expect(seen).toHaveLength(2)
  })

  it('does not deliver a push still in flight when the session ends', async () => {
    const backend = createFakeBackend()
    const tim = await readyTim('me', { backend })
    await tim.subscribeUserStatus({ userIDList: ['bob'] })
    const events = collect(tim)
    tim.setLatency(100)
    backend.setStatus('bob', { customStatus: 'late' })
    tim.kickOut()
    await vi.advanceTimersByTimeAsync(100)
    expect(events).toEqual([])
  })

  it('drops the SDK_READY of a session that ended before it fired', async () => {
    const tim = createFakeTim({ readyDelayMs: 100 })
    const ready = collect(tim, TIM_EVENT.SDK_READY)
    await tim.login({ userID: 'me' })
    await tim.logout()
    await vi.advanceTimersByTimeAsync(100)
    expect(ready).toEqual([])
  })
})

describe('events', () => {
  it('on/off: off removes that exact function (every registration of it), and listenerCount shows it', async () => {
    const tim = createFakeTim()
    const calls: string[] = []
    const first = () => calls.push('first')
    const second = () => calls.push('second')
    tim.on(TIM_EVENT.USER_STATUS_UPDATED, first)
    tim.on(TIM_EVENT.USER_STATUS_UPDATED, first)
    tim.on(TIM_EVENT.USER_STATUS_UPDATED, second)
    tim.on(TIM_EVENT.SDK_READY, second)
    expect(tim.listenerCount(TIM_EVENT.USER_STATUS_UPDATED)).toBe(3)
    expect(tim.listenerCount()).toBe(4)
    tim.emit(TIM_EVENT.USER_STATUS_UPDATED, [])
    expect(calls).toEqual(['first', 'first', 'second'])

    tim.off(TIM_EVENT.USER_STATUS_UPDATED, first)
    tim.off(TIM_EVENT.USER_STATUS_UPDATED, () => calls.push('first'))
    expect(tim.listenerCount(TIM_EVENT.USER_STATUS_UPDATED)).toBe(1)
    tim.off(TIM_EVENT.USER_STATUS_UPDATED, second)
    tim.off(TIM_EVENT.SDK_READY, second)
    expect(tim.listenerCount()).toBe(0)
  })

  it('passes {name, data} with the given context, swallows handler errors and keeps them', () => {
    const tim = createFakeTim()
    const context = { label: 'ctx' }
    const seen: unknown[] = []
    tim.on(
      'custom',
      function (this: unknown, event: FakeTimEvent) {
        seen.push([this, event])
      },
      context,
    )
    tim.on('custom', () => {
      throw new Error('handler bug')
    })
    tim.on('custom', () => seen.push('after'))
    tim.emit('custom', { x: 1 })
    expect(seen).toEqual([[context, { name: 'custom', data: { x: 1 } }], 'after'])
    expect(tim.handlerErrors).toEqual([new Error('handler bug')])
  })

  it('runs a handler removed during the same emit (the SDK emits over a snapshot)', () => {
    const tim = createFakeTim()
    const seen: string[] = []
    const later = () => seen.push('later')
    tim.on('x', () => {
      seen.push('remover')
      tim.off('x', later)
    })
    tim.on('x', later)
    tim.emit('x', null)
    tim.emit('x', null)
    expect(seen).toEqual(['remover', 'later', 'remover'])
  })

  it('throws on bad on/off arguments, as the SDK', () => {
    const tim = createFakeTim()
    expect(() => tim.on('', () => {})).toThrow('Params validate failed.')
    expect(() => tim.off('x', 'nope' as unknown as () => void)).toThrow('Params validate failed.')
  })

  it('setNetworkState emits NET_STATE_CHANGE {state}', () => {
    const tim = createFakeTim()
    const events = collect(tim, TIM_EVENT.NET_STATE_CHANGE)
    tim.setNetworkState('disconnected')
    tim.setNetworkState('connected')
    expect(events).toEqual([
      { name: TIM_EVENT.NET_STATE_CHANGE, data: { state: 'disconnected' } },
      { name: TIM_EVENT.NET_STATE_CHANGE, data: { state: 'connected' } },
    ])
  })
})

describe('network state', () => {
  it('holds requests while disconnected and sends them on reconnect', async () => {
    const tim = await readyTim('me')
    tim.setNetworkState('disconnected')
    const pending = tim.subscribeUserStatus({ userIDList: ['bob'] })
    await vi.advanceTimersByTimeAsync(5000)
    expect(tim.backend.log).toEqual([])
    expect(tim.calls[0]?.sentToBackend).toBeNull()
    tim.setNetworkState('connected')
    await expect(pending).resolves.toMatchObject({ code: 0 })
    expect(tim.backend.subscriptionsOf('me')).toEqual(['bob'])
  })

  it('rejects a held request with 2801 after the request timeout', async () => {
    const tim = await readyTim('me')
    tim.setNetworkState('connecting')
    const pending = tim.getUserStatus({ userIDList: ['a'] }).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(15_000)
    await expect(pending).resolves.toMatchObject({ code: TIM_ERROR.NETWORK_TIMEOUT })
    tim.setNetworkState('connected')
    await flush()
    expect(tim.backend.log).toEqual([])
  })

  it('loses pushes sent while disconnected', async () => {
    const backend = createFakeBackend()
    const tim = await readyTim('me', { backend })
    await tim.subscribeUserStatus({ userIDList: ['bob'] })
    const events = collect(tim)
    tim.setNetworkState('disconnected')
    backend.setStatus('bob', { customStatus: 'missed' })
    tim.setNetworkState('connected')
    await flush()
    expect(events).toEqual([])
  })
})

describe('isolation', () => {
  it('two fake clients without a shared backend share nothing', async () => {
    const one = await readyTim('me')
    const two = await readyTim('me')
    await one.setSelfStatus({ customStatus: 'one' })
    expect(two.backend.getStatus('me').customStatus).toBe('')
    expect(one.backend).not.toBe(two.backend)
  })

  it('refuses backend options next to a shared backend', () => {
    const backend = createFakeBackend()
    expect(() => createFakeTim({ backend, planEnabled: false })).toThrow(TypeError)
    expect(() => createFakeTim({ backend, latencyMs: 5 })).not.toThrow()
  })
})
