import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStatusClient } from '../../src/core'
import { callLogOf } from '../../src/core/callLog'
import { StatusDevtools } from '../../src/devtools'
import { StatusDevtools as ProductionDevtools } from '../../src/devtools/production'
import { StatusProvider, useUserStatus } from '../../src/react'
import { createFakeTim } from '../../src/testing'
import { callsOf, login } from '../helpers'
import { advance, renderWithStatus } from './renderWithStatus'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.useRealTimers()
})

function Watch({ ids, subscribe = false }: { ids: string[]; subscribe?: boolean }) {
  useUserStatus(ids, { subscribe })
  return null
}

const panel = () => within(screen.getByRole('region', { name: 'Presence devtools' }))

describe('<StatusDevtools>', () => {
  it('is a closed toggle at first; a click opens it into the panel, Escape closes it back to the toggle', async () => {
    await renderWithStatus(<StatusDevtools />)
    const toggle = screen.getByRole('button', { name: 'Presence devtools' })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByRole('region', { name: 'Presence devtools' })).toBeNull()

    act(() => toggle.click())
    const region = screen.getByRole('region', { name: 'Presence devtools' })
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    expect(toggle).toHaveAttribute('aria-controls', region.id)
    expect(region).toHaveFocus()

    fireEvent.keyDown(within(region).getByRole('button', { name: 'Close' }), { key: 'Escape' })
    expect(screen.queryByRole('region', { name: 'Presence devtools' })).toBeNull()
    expect(toggle).toHaveFocus()
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
  })

  it('mounted open does not take focus from the page', async () => {
    await renderWithStatus(<StatusDevtools initialIsOpen />)
    expect(screen.getByRole('region', { name: 'Presence devtools' })).not.toHaveFocus()
  })

  it('/devtools/production: renders nothing in production unless enabledInProduction, and then logs no calls', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const { tim, rerender } = await renderWithStatus(<ProductionDevtools initialIsOpen />)
    expect(screen.queryByRole('button', { name: 'Presence devtools' })).toBeNull()
    expect(callLogOf(tim)).toBeUndefined()

    rerender(<ProductionDevtools initialIsOpen enabledInProduction />)
    expect(screen.getByRole('button', { name: 'Presence devtools' })).toBeVisible()
    expect(callLogOf(tim)).toBeDefined()
  })

  it('/devtools loaded in a production build renders nothing, whatever its props say', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.resetModules()
    const production = await import('../../src/devtools')
    const { tim } = await renderWithStatus(<production.StatusDevtools initialIsOpen enabledInProduction />)
    expect(screen.queryByRole('button', { name: 'Presence devtools' })).toBeNull()
    expect(callLogOf(tim)).toBeUndefined()
  })

  it('shows the readiness, the budget, the subscriptions and the calls, refreshed while open', async () => {
    const { rerender } = await renderWithStatus(<StatusDevtools initialIsOpen />)
    await advance(600)
    expect(panel().getByText('Ready')).toBeVisible()
    // The own status, asked once the SDK is ready (the SDK answers it from its own cache).
    const first = panel().getByRole('table', { name: /^Last calls \(1, newest first\)$/ })
    expect(within(first).getByRole('row', { name: /self 1 ok/ })).toBeVisible()

    rerender(
      <>
        <Watch ids={['alice', 'bob']} subscribe />
        <StatusDevtools initialIsOpen />
      </>,
    )
    await advance(600)
    const subscriptions = within(panel().getByRole('table', { name: 'Subscriptions' }))
    expect(subscriptions.getByRole('row', { name: /^held 2 \/ 200 alice, bob$/ })).toBeVisible()
    const budget = within(panel().getByRole('table', { name: /^Budget/ }))
    expect(budget.getByRole('row', { name: /^query 1 \/ 20 19 now none 0$/ })).toBeVisible()
    // The devtools moved in the tree: remounted, with a new log.
    const calls = panel().getByRole('table', { name: /^Last calls \(2, newest first\)$/ })
    expect(within(calls).getByRole('row', { name: /query 2 ok/ })).toBeVisible()
    expect(within(calls).getByRole('row', { name: /subscribe 2 ok/ })).toBeVisible()
  })

  it('looks an ID up: status, who retains it, live or not', async () => {
    const { tim } = await renderWithStatus(
      <>
        <Watch ids={['alice']} subscribe />
        <StatusDevtools initialIsOpen />
      </>,
    )
    act(() => tim.backend.setStatus('alice', { statusType: 1, customStatus: 'here' }))
    await advance(600)
    fireEvent.change(panel().getByRole('searchbox', { name: 'Look up a user ID' }), {
      target: { value: 'alice' },
    })
    const user = within(panel().getByRole('table', { name: 'User alice' }))
    expect(user.getByRole('row', { name: 'status Online: here' })).toBeVisible()
    expect(user.getByRole('row', { name: 'retained by 1 fetching, 1 live' })).toBeVisible()
    expect(user.getByRole('row', { name: 'live yes, subscribed' })).toBeVisible()

    fireEvent.change(panel().getByRole('searchbox', { name: 'Look up a user ID' }), {
      target: { value: 'zoe' },
    })
    expect(panel().getByText(/The engine keeps nothing about zoe/)).toBeVisible()
  })

  it('inspects a client given as a prop, and says what to do with neither a provider nor a prop', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    await login(tim, 'me')
    const client = createStatusClient(tim)
    const { rerender } = render(<StatusDevtools initialIsOpen />)
    expect(panel().getByText(/put <StatusDevtools \/> inside <StatusProvider>/)).toBeVisible()

    rerender(<StatusDevtools initialIsOpen client={client} />)
    expect(panel().getByText('Not ready: not-logged-in')).toBeVisible()
    expect(panel().getByText('No calls since the devtools were mounted.')).toBeVisible()
    const stop = client.start()
    await advance(600)
    expect(panel().getByText('Ready')).toBeVisible()
    stop()
  })

  it('given tim and rendered before the provider, still logs the calls (closed)', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    await login(tim, 'me')
    tim.clearCalls()
    render(
      <>
        <StatusDevtools tim={tim} />
        <StatusProvider tim={tim}>
          <Watch ids={['bob', 'carol']} />
        </StatusProvider>
      </>,
    )
    await advance(1000)
    expect(callsOf(tim, 'getUserStatus').map((call) => call.userIDList)).toContainEqual(['bob', 'carol'])
    expect(callLogOf(tim)?.records.map((record) => [record.api, record.ids, record.outcome])).toEqual([
      ['getUserStatus', ['me'], 'ok'],
      ['getUserStatus', ['bob', 'carol'], 'ok'],
    ])
  })

  it('given tim, logs from the first call of an engine made after it mounted, and lets go when unmounted', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    await login(tim, 'me')
    tim.clearCalls()
    const devtools = <StatusDevtools tim={tim} />
    const { rerender, unmount } = render(devtools)
    await advance(100)
    expect(callLogOf(tim)).toBeUndefined()

    rerender(
      <>
        {devtools}
        <StatusProvider tim={tim}>
          <Watch ids={['bob']} subscribe />
        </StatusProvider>
      </>,
    )
    await advance(1000)
    expect(callLogOf(tim)?.records.map((record) => [record.family, record.api, record.outcome])).toEqual([
      ['self', 'getUserStatus', 'ok'],
      ['subscribe', 'subscribeUserStatus', 'ok'],
      ['query', 'getUserStatus', 'ok'],
    ])
    act(() => screen.getByRole('button', { name: 'Presence devtools' }).click())
    const calls = panel().getByRole('table', { name: /^Last calls \(3, newest first\)$/ })
    expect(within(calls).getByRole('row', { name: /subscribe 1 ok/ })).toBeVisible()

    unmount()
    expect(callLogOf(tim)).toBeUndefined()
  })

  it('a pending attach let go before the engine is made leaves nothing behind', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    await login(tim, 'me')
    tim.clearCalls()
    const { unmount } = render(<StatusDevtools tim={tim} />)
    unmount()
    const client = createStatusClient(tim)
    const stop = client.start()
    client.retain(['bob'])
    await advance(1000)
    expect(callsOf(tim, 'getUserStatus')).not.toHaveLength(0)
    expect(callLogOf(tim)).toBeUndefined()
    stop()
  })
})
