// A custom status that clears itself: setCustomStatus(text, { clearAfterMs }).
import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type SetCustomStatusOptions, StatusProvider, useSelfStatus } from '../../src'
import type { FakeTim } from '../../src/testing'
import { login, logout } from '../helpers'
import { advance, renderWithStatus } from './renderWithStatus'

afterEach(() => {
  vi.useRealTimers()
})

/** Exposes the hook's setter to the test, and shows the own custom status. */
function Self({
  expose,
}: {
  expose: (set: (text: string, options?: SetCustomStatusOptions) => Promise<unknown>) => void
}) {
  const { status, setCustomStatus } = useSelfStatus()
  expose(setCustomStatus)
  return <p data-testid="self">{status ? `custom: ${status.customStatus}` : 'none'}</p>
}

const sets = (tim: FakeTim) =>
  tim.calls.filter((call) => call.api === 'setSelfStatus').map((call) => call.customStatus)

async function start() {
  const hook: { set?: (text: string, options?: SetCustomStatusOptions) => Promise<unknown> } = {}
  const view = await renderWithStatus(<Self expose={(fn) => (hook.set = fn)} />)
  /** Sets through the hook and waits for the SDK's answer (fake time). */
  const set = async (text: string, options?: SetCustomStatusOptions) => {
    const done = (hook.set as NonNullable<typeof hook.set>)(text, options)
    done.catch(() => {})
    await advance(100)
    return done
  }
  return { ...view, set }
}

describe('setCustomStatus(text, { clearAfterMs })', () => {
  it('clears the status on the server, in one call, when clearAfterMs has passed', async () => {
    const { tim, set } = await start()
    await set('lunch', { clearAfterMs: 10_000 })
    await advance(9_900)
    expect(screen.getByTestId('self')).toHaveTextContent('custom: lunch')
    expect(sets(tim)).toEqual(['lunch'])
    await advance(200)
    expect(sets(tim)).toEqual(['lunch', ''])
    expect(screen.getByTestId('self')).toHaveTextContent('custom:')
    expect(tim.backend.getStatus('me').customStatus).toBe('')
    await advance(60_000)
    expect(sets(tim)).toEqual(['lunch', ''])
  })

  it('another status set meanwhile cancels it, the same text too', async () => {
    const { tim, set } = await start()
    await set('lunch', { clearAfterMs: 10_000 })
    await advance(5_000)
    await set('back')
    await advance(20_000)
    expect(sets(tim)).toEqual(['lunch', 'back'])
    expect(screen.getByTestId('self')).toHaveTextContent('custom: back')
    // Set again, with no expiry this time: it stays.
    await set('lunch', { clearAfterMs: 10_000 })
    await advance(5_000)
    await set('lunch')
    await advance(20_000)
    expect(sets(tim)).toEqual(['lunch', 'back', 'lunch', 'lunch'])
  })

  it('belongs to the SDK instance: a remount of the provider keeps it', async () => {
    const { tim, set, unmount } = await start()
    await set('lunch', { clearAfterMs: 10_000 })
    unmount()
    await advance(3_000)
    render(
      <StatusProvider tim={tim}>
        <Self expose={() => {}} />
      </StatusProvider>,
    )
    await advance(8_000)
    expect(sets(tim)).toEqual(['lunch', ''])
    expect(screen.getByTestId('self')).toHaveTextContent('custom:')
  })

  it('passing while logged out, it clears once the own status is known again, if it is still the one set', async () => {
    const { tim, set } = await start()
    await set('lunch', { clearAfterMs: 10_000 })
    await act(() => logout(tim))
    await advance(20_000)
    expect(sets(tim)).toEqual(['lunch'])
    await act(() => login(tim, 'me'))
    await advance(1_000)
    expect(sets(tim)).toEqual(['lunch', ''])
    expect(tim.backend.getStatus('me').customStatus).toBe('')
  })

  it('passing while logged out, it leaves a status set elsewhere meanwhile alone', async () => {
    const { tim, set } = await start()
    await set('lunch', { clearAfterMs: 10_000 })
    await act(() => logout(tim))
    tim.backend.setStatus('me', { statusType: 1, customStatus: 'driving' })
    await advance(20_000)
    await act(() => login(tim, 'me'))
    await advance(1_000)
    expect(sets(tim)).toEqual(['lunch'])
    expect(tim.backend.getStatus('me').customStatus).toBe('driving')
    expect(screen.getByTestId('self')).toHaveTextContent('custom: driving')
  })

  it('a bad clearAfterMs is a clear error, and nothing is sent', async () => {
    const { tim, set } = await start()
    for (const clearAfterMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number]) {
      await expect(set('lunch', { clearAfterMs })).rejects.toThrow(/clearAfterMs must be a number of ms > 0/)
    }
    expect(sets(tim)).toEqual([])
  })
})
