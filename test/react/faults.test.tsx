/**
 * Regressions of the engine rebuild at the React level (one test per issue): what the badges and hooks show, and
 * what the fake SDK and server received. Only the public API and the test double are used, so the same file runs
 * against any engine.
 */
import { act, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { StatusClientOptions } from '../../src/core'
import { PresenceBadge, StatusProvider, type UseUserStatusResult, useUserStatus } from '../../src/react'
import { createFakeTim, type FakeTim, inspectEngine, type SdkCall } from '../../src/testing'
import { callsOf, login, logout, userIDs } from '../helpers'
import { advance, renderWithStatus } from './renderWithStatus'

function Badges({ ids }: { ids: readonly string[] }) {
  return (
    <>
      {ids.map((id) => (
        <PresenceBadge key={id} userID={id} data-testid={id} />
      ))}
    </>
  )
}

/** Hands every render's result of `useUserStatus` to the test. */
function Probe({ ids, onResult }: { ids: string[]; onResult: (result: UseUserStatusResult) => void }) {
  onResult(useUserStatus(ids))
  return null
}

/** What `useUserStatus(['bob'])` shows, as attributes. */
function Readout({ id = 'bob' }: { id?: string }) {
  const { isLoading, readiness, statuses } = useUserStatus([id])
  return (
    <output
      data-testid="readout"
      data-loading={String(isLoading)}
      data-readiness={String(readiness)}
      data-status={String(statuses[id]?.statusType)}
    />
  )
}

/** Calls that the server rate-limits: others' statuses (an own-ID-only query is answered by the SDK itself). */
function limitedCalls(tim: FakeTim, api: string): SdkCall[] {
  return callsOf(tim, api).filter(
    (call) => !(api === 'getUserStatus' && call.userIDList?.every((id) => id === 'me')),
  )
}

/** The most calls that fall into any closed window of `perMs`. */
function maxInWindow(calls: readonly SdkCall[], perMs = 5000): number {
  const times = calls.map((call) => call.at)
  let max = 0
  for (const start of times) max = Math.max(max, times.filter((t) => t >= start && t <= start + perMs).length)
  return max
}

function refusedWith(tim: FakeTim, code: number): SdkCall[] {
  return tim.calls.filter((call) => typeof call.outcome === 'object' && call.outcome.code === code)
}

describe('React regressions under faults', () => {
  it('#2 a provider remounted on the same SDK instance keeps to 20 calls per 5 s per family', async () => {
    // Small calls, so that 150 badges cost 15 calls of each family: most of one window's budget.
    const options: StatusClientOptions = { limits: { query: 10, subscribe: 10 } }
    const first = userIDs(150, 'a')
    const second = userIDs(150, 'b')
    const { tim, unmount } = await renderWithStatus(<Badges ids={first} />, { options })
    expect(limitedCalls(tim, 'subscribeUserStatus')).toHaveLength(15)

    unmount()
    render(
      <StatusProvider tim={tim} options={options}>
        <Badges ids={second} />
      </StatusProvider>,
    )
    await advance(30_000)

    for (const api of ['subscribeUserStatus', 'getUserStatus', 'unsubscribeUserStatus']) {
      expect(maxInWindow(limitedCalls(tim, api)), api).toBeLessThanOrEqual(20)
    }
    expect(refusedWith(tim, 2996)).toEqual([])
    // And the remounted provider got what it shows.
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(second)
    expect(screen.getByTestId('b0149')).toHaveAttribute('data-status', 'unlogined')
  })

  it('#3 unmounting during a fault still unsubscribes everything, then stops listening', async () => {
    const ids = userIDs(30)
    const { tim, unmount } = await renderWithStatus(<Badges ids={ids} />)
    await advance(1000)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(30)

    tim.failNext('unsubscribeUserStatus', { code: 2800 }, 3)
    unmount()
    await advance(60_000)

    expect(tim.backend.subscriptionsOf('me')).toEqual([])
    expect(tim.listenerCount()).toBe(0)
  })

  it('#4 one SDK instance in two providers: one subscribe, and unmounting one keeps the other live', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    await login(tim, 'me')
    tim.backend.setStatus('bob', { statusType: 1 })
    tim.clearCalls()
    // Every change shows at once: no flap guard (the options of the first provider on the SDK instance).
    const one = render(
      <StatusProvider tim={tim} options={{ offlineDelayMs: 0 }}>
        <PresenceBadge userID="bob" data-testid="bob" />
      </StatusProvider>,
    )
    const two = render(
      <StatusProvider tim={tim}>
        <PresenceBadge userID="bob" data-testid="bob" />
      </StatusProvider>,
    )
    await advance(1000)
    expect(
      callsOf(tim, 'subscribeUserStatus').filter((call) => call.userIDList?.includes('bob')),
    ).toHaveLength(1)
    expect(within(one.container).getByTestId('bob')).toHaveAttribute('data-status', 'online')
    expect(within(two.container).getByTestId('bob')).toHaveAttribute('data-status', 'online')

    one.unmount()
    await advance(10_000) // past the grace (5 s)
    expect(tim.backend.subscriptionsOf('me')).toContain('bob')

    act(() => tim.backend.setStatus('bob', { statusType: 2 }))
    await advance(100)
    expect(within(two.container).getByTestId('bob')).toHaveAttribute('data-status', 'offline')
  })

  it('#6 useUserStatus keeps __proto__ and constructor as own keys of statuses', async () => {
    let result: UseUserStatusResult | undefined
    const onResult = (value: UseUserStatusResult) => {
      result = value
    }
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    tim.backend.setStatus('__proto__', { statusType: 1, customStatus: 'proto' })
    tim.backend.setStatus('constructor', { statusType: 2, customStatus: 'ctor' })
    await login(tim, 'me')
    render(
      <StatusProvider tim={tim}>
        <Probe ids={['__proto__', 'constructor']} onResult={onResult} />
      </StatusProvider>,
    )
    // Every requested ID is a key, even before its status is known.
    expect(Object.hasOwn(result?.statuses ?? {}, '__proto__')).toBe(true)
    expect(Object.hasOwn(result?.statuses ?? {}, 'constructor')).toBe(true)

    await advance(1000)
    const statuses = result?.statuses ?? {}
    expect(Object.hasOwn(statuses, '__proto__')).toBe(true)
    expect(Object.hasOwn(statuses, 'constructor')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(statuses, '__proto__')?.value).toMatchObject({
      userID: '__proto__',
      statusType: 1,
      customStatus: 'proto',
    })
    expect(Object.getOwnPropertyDescriptor(statuses, 'constructor')?.value).toMatchObject({
      userID: 'constructor',
      statusType: 2,
      customStatus: 'ctor',
    })
    expect(Object.getPrototypeOf(statuses)).toBe(Object.prototype)
  })

  it('#9 isLoading is false while not ready, and readiness says why', async () => {
    const { tim } = await renderWithStatus(<Readout />, { loggedIn: false })
    tim.backend.setStatus('bob', { statusType: 2 })
    const readout = () => screen.getByTestId('readout')
    const expectShown = (readiness: string, loading = 'false') => {
      expect(readout()).toHaveAttribute('data-loading', loading)
      expect(readout()).toHaveAttribute('data-readiness', readiness)
    }

    expectShown('not-logged-in')
    await act(() => login(tim, 'me'))
    await advance(100)
    expectShown('ready')
    expect(readout()).toHaveAttribute('data-status', '2')

    await act(() => logout(tim))
    expectShown('logged-out')
    await act(() => login(tim, 'me'))
    await advance(100)
    expectShown('ready')

    act(() => tim.kickOut())
    await advance(100)
    expectShown('kicked-out')
    await act(() => login(tim, 'me'))
    await advance(100)
    expectShown('ready')

    act(() => tim.setNetworkState('disconnected'))
    await advance(100)
    expectShown('offline')
    act(() => tim.setNetworkState('connected'))
    await advance(100)
    expectShown('ready')
    expect(readout()).toHaveAttribute('data-status', '2')
  })

  it('#9 isLoading is true while a request for an unknown status is pending, and false once nothing is', async () => {
    const { tim, rerender } = await renderWithStatus(<span />)
    tim.setLatency(5000)
    rerender(<Readout id="carol" />)
    const readout = () => screen.getByTestId('readout')
    await advance(100)
    // Asked, the answer not here yet.
    expect(readout()).toHaveAttribute('data-loading', 'true')
    expect(readout()).toHaveAttribute('data-status', 'undefined')
    // Logged out with the answer still on its way: nothing is pending any more.
    tim.setLatency(0)
    await act(() => logout(tim))
    expect(readout()).toHaveAttribute('data-readiness', 'logged-out')
    expect(readout()).toHaveAttribute('data-loading', 'false')
    expect(readout()).toHaveAttribute('data-status', 'undefined')
    // Back: asked again, and answered.
    await act(() => login(tim, 'me'))
    await advance(100)
    rerender(<Readout id="carol" />)
    expect(readout()).toHaveAttribute('data-loading', 'false')
    expect(readout()).toHaveAttribute('data-status', '3')
  })

  it('#10 1,000 live badges under a server cap of 300: nothing dropped, every badge kept fresh', async () => {
    const ids = userIDs(1000)
    const { tim } = await renderWithStatus(<Badges ids={ids} />, {
      fake: { subscriptionCap: 300 },
      options: { maxSubscriptions: 300 },
    })
    await advance(20_000)
    expect(tim.backend.droppedSubscriptions().length, 'subscriptions the server dropped').toBe(0)
    expect(tim.backend.subscriptionsOf('me').length).toBeLessThanOrEqual(300)
    for (const id of ['user0000', 'user0999']) {
      expect(screen.getByTestId(id)).toHaveAttribute('data-status', 'unlogined')
    }

    // One of these two is in the live set and the other past the cap (whichever way the engine ranks them).
    const states = ['user0000', 'user0999'].map((id) => inspectEngine(tim)?.polled.includes(id))
    expect(states.sort()).toEqual([false, true])
    act(() => {
      tim.backend.setStatus('user0000', { statusType: 1 })
      tim.backend.setStatus('user0999', { statusType: 1 })
    })
    await advance(30_000 + 1000) // staleTimeMs (default) and a little
    expect(screen.getByTestId('user0000')).toHaveAttribute('data-status', 'online')
    expect(screen.getByTestId('user0999')).toHaveAttribute('data-status', 'online')
    expect(tim.backend.droppedSubscriptions().length, 'subscriptions the server dropped').toBe(0)
  })
})
