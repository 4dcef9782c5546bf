import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TIM_ERROR, TIM_EVENT } from '../../src/core/sdk'
import type { FakeBackend, FakeTim, FakeTimEvent } from '../../src/testing'
import { createFakeBackend, createFakeTim } from '../../src/testing'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

const flush = () => vi.advanceTimersByTimeAsync(0)

async function readyTim(userID: string, backend: FakeBackend): Promise<FakeTim> {
  const tim = createFakeTim({ backend })
  await tim.login({ userID })
  await flush()
  return tim
}

/** The statuses carried by every USER_STATUS_UPDATED this client receives from now on. */
function pushes(tim: FakeTim): unknown[] {
  const seen: unknown[] = []
  tim.on(TIM_EVENT.USER_STATUS_UPDATED, (event: FakeTimEvent) => {
    seen.push(...(event.data as unknown[]))
  })
  return seen
}

describe('frequency limit', () => {
  it('refuses the 21st call within 5 s with 2996, and accepts again once the window has passed', async () => {
    const backend = createFakeBackend()
    const tim = await readyTim('me', backend)
    for (let count = 0; count < 20; count += 1) {
      await tim.getUserStatus({ userIDList: ['a'] })
    }
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({
      code: TIM_ERROR.OVER_FREQUENCY_LIMIT,
    })
    expect(backend.log.at(-1)).toMatchObject({ api: 'getUserStatus', error: { code: 2996 } })

    await vi.advanceTimersByTimeAsync(4999)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2996 })
    await vi.advanceTimersByTimeAsync(1)
    await expect(tim.getUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
  })

  it('is a sliding window', async () => {
    const backend = createFakeBackend()
    const tim = await readyTim('me', backend)
    for (let count = 0; count < 10; count += 1) await tim.subscribeUserStatus({ userIDList: ['a'] })
    await vi.advanceTimersByTimeAsync(3000)
    for (let count = 0; count < 10; count += 1) await tim.subscribeUserStatus({ userIDList: ['a'] })
    await expect(tim.subscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2996 })
    // At 5 s the first ten leave the window, the last ten stay.
    await vi.advanceTimersByTimeAsync(2000)
    for (let count = 0; count < 10; count += 1) await tim.subscribeUserStatus({ userIDList: ['a'] })
    await expect(tim.subscribeUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2996 })
  })

  it('counts per API family and per user; setSelfStatus and own queries are never limited', async () => {
    const backend = createFakeBackend()
    const me = await readyTim('me', backend)
    const other = await readyTim('other', backend)
    for (let count = 0; count < 20; count += 1) await me.getUserStatus({ userIDList: ['a'] })
    await expect(me.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2996 })
    await expect(me.subscribeUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
    await expect(me.unsubscribeUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
    await expect(other.getUserStatus({ userIDList: ['a'] })).resolves.toMatchObject({ code: 0 })
    await expect(me.getUserStatus({ userIDList: ['me'] })).resolves.toMatchObject({ code: 0 })
    for (let count = 0; count < 30; count += 1) await me.setSelfStatus({ customStatus: String(count) })
  })

  it('is shared by all sessions of one user, and can be configured or switched off', async () => {
    const backend = createFakeBackend({ rateLimit: { calls: 2, perMs: 1000 } })
    const phone = await readyTim('me', backend)
    const laptop = await readyTim('me', backend)
    await phone.getUserStatus({ userIDList: ['a'] })
    await laptop.getUserStatus({ userIDList: ['a'] })
    await expect(phone.getUserStatus({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2996 })

    const unlimited = createFakeBackend({ rateLimit: false })
    const tim = await readyTim('me', unlimited)
    for (let count = 0; count < 50; count += 1) await tim.getUserStatus({ userIDList: ['a'] })
  })
})

describe('statuses and sessions', () => {
  it('reports unknown users as UNLOGINED, logged-in users as ONLINE, and UNLOGINED after the last logout', async () => {
    const backend = createFakeBackend()
    expect(backend.getStatus('nobody')).toEqual({ userID: 'nobody', statusType: 3, customStatus: '' })
    const tim = await readyTim('me', backend)
    expect(backend.getStatus('me').statusType).toBe(1)
    expect(backend.sessionCount('me')).toBe(1)
    await tim.logout()
    expect(backend.getStatus('me').statusType).toBe(3)
    expect(backend.sessionCount('me')).toBe(0)
  })

  it('syncs own status across devices: the other session gets the push and its cached own status', async () => {
    const backend = createFakeBackend()
    const phone = await readyTim('me', backend)
    const laptop = await readyTim('me', backend)
    const phonePushes = pushes(phone)
    const laptopPushes = pushes(laptop)
    await phone.setSelfStatus({ customStatus: 'in a meeting' })
    await flush()
    const expected = { userID: 'me', statusType: 1, customStatus: 'in a meeting' }
    expect(laptopPushes).toEqual([expected])
    expect(phonePushes).toEqual([expected])
    await expect(laptop.getUserStatus({ userIDList: ['me'] })).resolves.toMatchObject({
      data: { successUserList: [expected] },
    })
  })

  it("sends setStatus to all of the user's own sessions", async () => {
    const backend = createFakeBackend()
    const phone = await readyTim('me', backend)
    const seen = pushes(phone)
    backend.setStatus('me', { customStatus: 'set by REST' })
    await flush()
    expect(seen).toEqual([{ userID: 'me', statusType: 1, customStatus: 'set by REST' }])
  })

  it('keeps the user online while another device is still logged in', async () => {
    const backend = createFakeBackend()
    const watcher = await readyTim('watcher', backend)
    await watcher.subscribeUserStatus({ userIDList: ['me'] })
    const seen = pushes(watcher)
    const phone = await readyTim('me', backend)
    const laptop = await readyTim('me', backend)
    await flush()
    expect(seen).toEqual([{ userID: 'me', statusType: 1, customStatus: '' }])
    await phone.logout()
    await flush()
    expect(backend.getStatus('me').statusType).toBe(1)
    expect(seen).toHaveLength(1)
    await laptop.logout()
    await flush()
    expect(seen).toEqual([
      { userID: 'me', statusType: 1, customStatus: '' },
      { userID: 'me', statusType: 3, customStatus: '' },
    ])
  })

  it('loads the stored custom status at login (own-ID queries use it)', async () => {
    const backend = createFakeBackend()
    backend.setStatus('me', { customStatus: 'from before' })
    const tim = await readyTim('me', backend)
    await expect(tim.getUserStatus({ userIDList: ['me'] })).resolves.toMatchObject({
      data: { successUserList: [{ userID: 'me', statusType: 1, customStatus: 'from before' }] },
    })
  })
})

describe('after logout', () => {
  it('clears the custom status customStatusClearDelayMs after the last session logged out, and pushes it', async () => {
    const backend = createFakeBackend()
    const watcher = await readyTim('watcher', backend)
    await watcher.subscribeUserStatus({ userIDList: ['me'] })
    const me = await readyTim('me', backend)
    await me.setSelfStatus({ customStatus: 'away' })
    await flush()
    const seen = pushes(watcher)
    await me.logout()
    await flush()
    expect(seen).toEqual([{ userID: 'me', statusType: 3, customStatus: 'away' }])
    await vi.advanceTimersByTimeAsync(29_999)
    expect(backend.getStatus('me').customStatus).toBe('away')
    await vi.advanceTimersByTimeAsync(1)
    expect(backend.getStatus('me')).toEqual({ userID: 'me', statusType: 3, customStatus: '' })
    expect(seen.at(-1)).toEqual({ userID: 'me', statusType: 3, customStatus: '' })
  })

  it('does not clear it when the user logs back in before the delay', async () => {
    const backend = createFakeBackend({ customStatusClearDelayMs: 1000 })
    const me = await readyTim('me', backend)
    await me.setSelfStatus({ customStatus: 'away' })
    await me.logout()
    await vi.advanceTimersByTimeAsync(500)
    await me.login({ userID: 'me' })
    await vi.advanceTimersByTimeAsync(1000)
    expect(backend.getStatus('me')).toEqual({ userID: 'me', statusType: 1, customStatus: 'away' })
  })

  it('drops the subscriptions of the session that logged out; they must be made again', async () => {
    const backend = createFakeBackend()
    const tim = await readyTim('me', backend)
    const seen = pushes(tim)
    await tim.subscribeUserStatus({ userIDList: ['bob', 'carol'] })
    expect(backend.subscriptionsOf('me')).toEqual(['bob', 'carol'])
    await tim.logout()
    expect(backend.subscriptionsOf('me')).toEqual([])
    await tim.login({ userID: 'me' })
    await flush()
    backend.setStatus('bob', { customStatus: 'x' })
    await flush()
    expect(seen).toEqual([])
  })

  it("keeps subscriptions per session: another device's logout leaves this one's", async () => {
    const backend = createFakeBackend()
    const phone = await readyTim('me', backend)
    const laptop = await readyTim('me', backend)
    await phone.subscribeUserStatus({ userIDList: ['bob'] })
    await laptop.subscribeUserStatus({ userIDList: ['carol', 'bob'] })
    expect(backend.subscriptionsOf('me')).toEqual(['bob', 'carol'])
    await laptop.logout()
    expect(backend.subscriptionsOf('me')).toEqual(['bob'])
  })
})

describe('friends', () => {
  it('pushes to friends without a subscription when auto-notify is on, and only then', async () => {
    const backend = createFakeBackend({ friendAutoNotify: true })
    backend.addFriends('me', 'bob')
    const me = await readyTim('me', backend)
    const stranger = await readyTim('stranger', backend)
    const mine = pushes(me)
    const theirs = pushes(stranger)
    backend.setStatus('bob', { statusType: 1, customStatus: 'hello' })
    await flush()
    expect(mine).toEqual([{ userID: 'bob', statusType: 1, customStatus: 'hello' }])
    expect(theirs).toEqual([])

    backend.setFriendAutoNotify(false)
    backend.setStatus('bob', { customStatus: 'again' })
    await flush()
    expect(mine).toHaveLength(1)
    expect(backend.friendAutoNotify).toBe(false)
  })

  it('sends one push, not two, to a friend who also subscribed', async () => {
    const backend = createFakeBackend({ friendAutoNotify: true })
    backend.addFriends('bob', 'me')
    const me = await readyTim('me', backend)
    await me.subscribeUserStatus({ userIDList: ['bob'] })
    const mine = pushes(me)
    backend.setStatus('bob', { customStatus: 'once' })
    await flush()
    expect(mine).toHaveLength(1)
  })
})

describe('openSession', () => {
  it('lets a test stand for a device without an SDK', () => {
    const backend = createFakeBackend({ now: () => 42 })
    const received: unknown[] = []
    const device = backend.openSession('bob', (statuses) => received.push(...statuses))
    const watcher = backend.openSession('me', () => {})
    expect(watcher.subscribe(['bob'])).toEqual({ ok: true, data: { failureUserList: [] } })
    expect(device.setSelfStatus('native')).toEqual({
      ok: true,
      data: { userID: 'bob', statusType: 1, customStatus: 'native' },
    })
    expect(received).toEqual([{ userID: 'bob', statusType: 1, customStatus: 'native' }])
    expect(backend.log.map((entry) => entry.at)).toEqual([42, 42])
    device.close()
    expect(device.isOpen).toBe(false)
    expect(device.getUserStatus(['me'])).toMatchObject({ ok: false, error: { code: 2024 } })
    backend.clearLog()
    expect(backend.log).toEqual([])
  })
})

describe('subscription cap', () => {
  it('keeps the newest 3 of 5, drops the 2 oldest silently, and stops pushing them', async () => {
    const backend = createFakeBackend({ subscriptionCap: 3 })
    const tim = await readyTim('me', backend)
    const seen = pushes(tim)
    const start = backend.now()
    await expect(tim.subscribeUserStatus({ userIDList: ['a', 'b', 'c'] })).resolves.toEqual({
      code: 0,
      data: { failureUserList: [] },
    })
    await vi.advanceTimersByTimeAsync(1000)
    // No error and no event: the answer is the same as for a subscribe within the cap.
    await expect(tim.subscribeUserStatus({ userIDList: ['d', 'e'] })).resolves.toEqual({
      code: 0,
      data: { failureUserList: [] },
    })
    expect(backend.subscriptionsOf('me')).toEqual(['c', 'd', 'e'])
    expect(backend.droppedSubscriptions()).toEqual([
      { userID: 'me', session: expect.any(Number), dropped: 'a', at: start + 1000 },
      { userID: 'me', session: expect.any(Number), dropped: 'b', at: start + 1000 },
    ])
    expect(backend.log.every((entry) => entry.error === undefined)).toBe(true)
    await flush()
    expect(seen).toEqual([])

    for (const userID of ['a', 'b', 'c', 'd', 'e']) backend.setStatus(userID, { customStatus: `${userID}!` })
    await flush()
    expect(seen).toEqual([
      { userID: 'c', statusType: 3, customStatus: 'c!' },
      { userID: 'd', statusType: 3, customStatus: 'd!' },
      { userID: 'e', statusType: 3, customStatus: 'e!' },
    ])
  })

  it('drops IDs of the very request that goes past the cap, oldest first', async () => {
    const backend = createFakeBackend({ subscriptionCap: 2 })
    const tim = await readyTim('me', backend)
    await tim.subscribeUserStatus({ userIDList: ['a', 'b', 'c', 'd'] })
    expect(backend.subscriptionsOf('me')).toEqual(['c', 'd'])
    expect(backend.droppedSubscriptions().map((entry) => entry.dropped)).toEqual(['a', 'b'])
  })

  it('refreshes the place of an ID subscribed again: it becomes the newest', async () => {
    const backend = createFakeBackend({ subscriptionCap: 3 })
    const tim = await readyTim('me', backend)
    await tim.subscribeUserStatus({ userIDList: ['a', 'b', 'c'] })
    await tim.subscribeUserStatus({ userIDList: ['a'] })
    expect(backend.subscriptionsOf('me')).toEqual(['b', 'c', 'a'])
    expect(backend.droppedSubscriptions()).toEqual([])
    await tim.subscribeUserStatus({ userIDList: ['d'] })
    expect(backend.subscriptionsOf('me')).toEqual(['c', 'a', 'd'])
    expect(backend.droppedSubscriptions().map((entry) => entry.dropped)).toEqual(['b'])
  })

  it('frees room on unsubscribe; failed IDs, the own ID and refused requests take none', async () => {
    const backend = createFakeBackend({ subscriptionCap: 3 })
    backend.setUserError('ghost', { code: 70107, message: 'no such user' })
    const tim = await readyTim('me', backend)
    await tim.subscribeUserStatus({ userIDList: ['a', 'b', 'c'] })
    await tim.unsubscribeUserStatus({ userIDList: ['b'] })
    await tim.subscribeUserStatus({ userIDList: ['d', 'ghost', 'me'] })
    expect(backend.subscriptionsOf('me')).toEqual(['a', 'c', 'd'])
    expect(backend.droppedSubscriptions()).toEqual([])

    backend.setConsoleEnabled(false)
    await expect(tim.subscribeUserStatus({ userIDList: ['x'] })).rejects.toMatchObject({ code: 72001 })
    expect(backend.subscriptionsOf('me')).toEqual(['a', 'c', 'd'])
    expect(backend.droppedSubscriptions()).toEqual([])
    backend.setConsoleEnabled(true)

    await tim.unsubscribeUserStatus()
    await tim.subscribeUserStatus({ userIDList: ['x', 'y', 'z'] })
    expect(backend.subscriptionsOf('me')).toEqual(['x', 'y', 'z'])
    expect(backend.droppedSubscriptions()).toEqual([])
  })

  it('applies per session: two sessions of one user each have their own cap', () => {
    const backend = createFakeBackend({ subscriptionCap: 2, now: () => 7 })
    const phonePushes: unknown[] = []
    const laptopPushes: unknown[] = []
    const phone = backend.openSession('me', (statuses) => phonePushes.push(...statuses))
    const laptop = backend.openSession('me', (statuses) => laptopPushes.push(...statuses))
    phone.subscribe(['a', 'b', 'c'])
    laptop.subscribe(['x', 'y'])
    // Four in all over the user's sessions, two in each.
    expect(backend.subscriptionsOf('me')).toEqual(['b', 'c', 'x', 'y'])
    expect(backend.droppedSubscriptions('me')).toEqual([
      { userID: 'me', session: phone.id, dropped: 'a', at: 7 },
    ])

    backend.setStatus('a', { customStatus: 'gone' })
    backend.setStatus('x', { customStatus: 'here' })
    expect(phonePushes).toEqual([])
    expect(laptopPushes).toEqual([{ userID: 'x', statusType: 3, customStatus: 'here' }])

    // A session that logs out takes its subscriptions along; the other keeps its own.
    laptop.close()
    phone.subscribe(['d'])
    expect(backend.subscriptionsOf('me')).toEqual(['c', 'd'])
  })

  it('filters and clears the drop records; clearLog keeps them', () => {
    const backend = createFakeBackend({ subscriptionCap: 1 })
    backend.openSession('me', () => {}).subscribe(['a', 'b'])
    backend.openSession('you', () => {}).subscribe(['c', 'd'])
    expect(backend.droppedSubscriptions().map((entry) => [entry.userID, entry.dropped])).toEqual([
      ['me', 'a'],
      ['you', 'c'],
    ])
    expect(backend.droppedSubscriptions('you').map((entry) => entry.dropped)).toEqual(['c'])
    backend.clearLog()
    expect(backend.droppedSubscriptions()).toHaveLength(2)
    backend.clearDropped()
    expect(backend.droppedSubscriptions()).toEqual([])
  })

  it('has no cap by default; setSubscriptionCap applies from the next subscribe and checks its value', () => {
    const backend = createFakeBackend()
    expect(backend.subscriptionCap).toBe(Number.POSITIVE_INFINITY)
    const session = backend.openSession('me', () => {})
    const many = Array.from({ length: 1000 }, (_, index) => `u${index}`)
    session.subscribe(many)
    expect(backend.subscriptionsOf('me')).toHaveLength(1000)

    backend.setSubscriptionCap(10)
    expect(backend.subscriptionCap).toBe(10)
    // Lowering it drops nothing at once.
    expect(backend.subscriptionsOf('me')).toHaveLength(1000)
    expect(backend.droppedSubscriptions()).toEqual([])
    session.subscribe(['new'])
    expect(backend.subscriptionsOf('me')).toEqual([...many.slice(991), 'new'])
    expect(backend.droppedSubscriptions()).toHaveLength(991)

    for (const bad of [0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY]) {
      expect(() => backend.setSubscriptionCap(bad)).toThrow(TypeError)
      expect(() => createFakeBackend({ subscriptionCap: bad })).toThrow(TypeError)
    }
    expect(backend.subscriptionCap).toBe(10)
    backend.setSubscriptionCap(Number.POSITIVE_INFINITY)
    session.subscribe(['another'])
    expect(backend.subscriptionsOf('me')).toHaveLength(11)
  })

  it('is an option of createFakeTim too, refused next to a shared backend', async () => {
    const tim = createFakeTim({ subscriptionCap: 1 })
    expect(tim.backend.subscriptionCap).toBe(1)
    await tim.login({ userID: 'me' })
    await flush()
    await tim.subscribeUserStatus({ userIDList: ['a', 'b'] })
    expect(tim.backend.subscriptionsOf('me')).toEqual(['b'])
    expect(() => createFakeTim({ backend: createFakeBackend(), subscriptionCap: 1 })).toThrow(TypeError)
  })
})
