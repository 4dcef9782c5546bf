// What a status can honestly say about time: `since`, this client's observation of when the current type began.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StatusClientOptions } from '../../src/core'
import { logout, startClient } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('UserStatus.since', () => {
  it('is null while only fetched, and the time a push changed the type; a custom status alone keeps it', async () => {
    const { tim, client } = await startClient()
    tim.backend.setStatus('bob', { statusType: 1 })
    client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.getStatus('bob')).toMatchObject({ statusType: 1, since: null })

    const leftAt = Date.now()
    tim.backend.setStatus('bob', { statusType: 3 })
    // Shown after the flap guard's delay, and since the push, not since the delay ended.
    await vi.advanceTimersByTimeAsync(5100)
    const left = client.getStatus('bob')
    expect(left?.statusType).toBe(3)
    expect(left?.since).toBeGreaterThanOrEqual(leftAt)
    expect(left?.since).toBeLessThanOrEqual(leftAt + 100)

    await vi.advanceTimersByTimeAsync(60_000)
    tim.backend.setStatus('bob', { statusType: 3, customStatus: 'gone fishing' })
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getStatus('bob')).toMatchObject({ customStatus: 'gone fishing', since: left?.since })
  })

  it('is the time of a later answer that changed the type (a polled ID), and null for a first push', async () => {
    const { tim, client } = await startClient({}, { staleTimeMs: 10_000 })
    tim.backend.setStatus('carol', { statusType: 2 })
    client.retain(['carol'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.getStatus('carol')).toMatchObject({ statusType: 2, since: null })
    // Not subscribed: no push; the poll before it goes stale sees the change.
    tim.backend.setStatus('carol', { statusType: 1 })
    const before = Date.now()
    await vi.advanceTimersByTimeAsync(12_000)
    const seen = client.getStatus('carol')
    expect(seen?.statusType).toBe(1)
    expect(seen?.since).toBeGreaterThan(before)
    expect(seen?.since).toBe(seen?.updatedAt)

    // Heard first from a push, with nothing known before: its start is unknown.
    tim.emit('onUserStatusUpdated', [{ userID: 'dave', statusType: 1, customStatus: '' }])
    expect(client.getStatus('dave')).toMatchObject({ statusType: 1, since: null })
  })
})

describe('the flap guard (offlineDelayMs)', () => {
  /** Every status type shown for `id`, in order (a badge's listener). */
  function shownTypes(client: Awaited<ReturnType<typeof startClient>>['client'], id: string): number[] {
    const shown: number[] = []
    client.subscribeStatus(id, () => shown.push(client.getStatus(id)?.statusType ?? 0))
    return shown
  }

  /** A client (guard at its default) showing bob online, live; `shown`: the types shown for him from then on. */
  async function watchOnlineBob(options: StatusClientOptions = {}) {
    const { tim, client, stop } = await startClient({}, options)
    tim.backend.setStatus('bob', { statusType: 1 })
    const release = client.retain(['bob'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(1000)
    return { tim, client, stop, release, shown: shownTypes(client, 'bob') }
  }

  it('a reload (online, unlogined, online within the delay) never shows the user away', async () => {
    const { tim, client, shown } = await watchOnlineBob()
    tim.backend.setStatus('bob', { statusType: 3 })
    await vi.advanceTimersByTimeAsync(1500)
    tim.backend.setStatus('bob', { statusType: 1, customStatus: 'back' })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(shown).toEqual([1])
    expect(client.getStatus('bob')).toMatchObject({ statusType: 1, customStatus: 'back' })
  })

  it('a drop that lasts shows after the delay, as its last state; a drop not from online shows at once', async () => {
    const { tim, shown } = await watchOnlineBob()
    tim.backend.setStatus('bob', { statusType: 3 })
    await vi.advanceTimersByTimeAsync(1000)
    tim.backend.setStatus('bob', { statusType: 2 })
    await vi.advanceTimersByTimeAsync(3900)
    expect(shown).toEqual([])
    await vi.advanceTimersByTimeAsync(200)
    expect(shown).toEqual([2])
    tim.backend.setStatus('bob', { statusType: 3 })
    await vi.advanceTimersByTimeAsync(100)
    expect(shown).toEqual([2, 3])
  })

  it('a drop held when the session ends shows at once: no push can take it back any more', async () => {
    const { tim, shown } = await watchOnlineBob()
    tim.backend.setStatus('bob', { statusType: 3 })
    await vi.advanceTimersByTimeAsync(100)
    expect(shown).toEqual([])
    await logout(tim)
    expect(shown).toEqual([3])
  })

  it('a drop held when the last client stops shows at once, and leaves no timer behind', async () => {
    const { tim, client, stop, release, shown } = await watchOnlineBob({ unsubscribeDelayMs: 0 })
    tim.backend.setStatus('bob', { statusType: 2 })
    await vi.advanceTimersByTimeAsync(100)
    expect(shown).toEqual([])
    release()
    stop()
    // The engine lets go of bob's subscription, then of the SDK.
    await vi.advanceTimersByTimeAsync(500)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    expect(shown).toEqual([2])
    expect(client.getStatus('bob')?.statusType).toBe(2)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('never holds back the own status, and 0 turns the guard off', async () => {
    const { tim, client } = await startClient({}, { offlineDelayMs: 0 })
    tim.backend.setStatus('bob', { statusType: 1 })
    client.retain(['bob', 'me'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(1000)
    const bob = shownTypes(client, 'bob')
    tim.backend.setStatus('bob', { statusType: 3 })
    await vi.advanceTimersByTimeAsync(100)
    expect(bob).toEqual([3])
    // Shown as the push lands, not on a timer of 0 ms.
    tim.emit('onUserStatusUpdated', [{ userID: 'bob', statusType: 1, customStatus: '' }])
    tim.emit('onUserStatusUpdated', [{ userID: 'bob', statusType: 2, customStatus: '' }])
    expect(bob).toEqual([3, 1, 2])

    const guarded = await startClient()
    guarded.client.retain(['me'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(guarded.client.getStatus('me')?.statusType).toBe(1)
    const me = shownTypes(guarded.client, 'me')
    guarded.tim.emit('onUserStatusUpdated', [{ userID: 'me', statusType: 2, customStatus: '' }])
    expect(me).toEqual([2])
  })
})
