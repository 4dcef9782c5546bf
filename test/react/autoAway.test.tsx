// Away when idle: useAutoAway.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StatusProvider, type UseAutoAwayOptions, useAutoAway } from '../../src/react'
import type { FakeTim } from '../../src/testing'
import { advance, renderWithStatus } from './renderWithStatus'

afterEach(() => {
  vi.useRealTimers()
})

function Away(options: UseAutoAwayOptions) {
  const { isAway } = useAutoAway(options)
  return <p data-testid="away">{isAway ? 'away' : 'here'}</p>
}

const sets = (tim: FakeTim) =>
  tim.calls.filter((call) => call.api === 'setSelfStatus').map((call) => call.customStatus)

describe('useAutoAway', () => {
  it('after idleMs without input: the custom status becomes the text, in one call; the next input clears it', async () => {
    const { tim } = await renderWithStatus(<Away idleMs={10_000} text="Idle" />)
    await advance(9_000)
    expect(sets(tim)).toEqual([])
    await advance(1_100)
    expect(sets(tim)).toEqual(['Idle'])
    expect(screen.getByTestId('away')).toHaveTextContent('away')
    expect(tim.backend.getStatus('me').customStatus).toBe('Idle')
    // Many inputs: one call back.
    fireEvent.pointerMove(document.body)
    fireEvent.keyDown(document.body, { key: 'a' })
    fireEvent.wheel(document.body)
    await advance(100)
    expect(sets(tim)).toEqual(['Idle', ''])
    expect(screen.getByTestId('away')).toHaveTextContent('here')
  })

  it('input resets the idle clock; a hidden tab alone is not input and does not make anyone away', async () => {
    const { tim } = await renderWithStatus(<Away idleMs={10_000} />)
    await advance(8_000)
    fireEvent.pointerDown(document.body)
    await advance(8_000)
    expect(sets(tim)).toEqual([])
    // The tab goes hidden: the idle clock runs on as before.
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await advance(1_000)
    expect(sets(tim)).toEqual([])
    await advance(1_100)
    expect(sets(tim)).toEqual(['Away'])
    hidden.mockRestore()
  })

  it('never overwrites a status the user chose, and does not clear one that changed meanwhile', async () => {
    const { tim } = await renderWithStatus(<Away idleMs={1_000} />)
    /** Sets the own status as the user would elsewhere (another device, the SDK itself). */
    const userSets = async (customStatus: string) => {
      await act(async () => {
        await Promise.all([tim.setSelfStatus({ customStatus }), advance(100)])
      })
    }
    await userSets('lunch')
    await advance(5_000)
    expect(sets(tim)).toEqual(['lunch'])
    expect(screen.getByTestId('away')).toHaveTextContent('here')

    await userSets('')
    await advance(1_100)
    expect(sets(tim)).toEqual(['lunch', '', 'Away'])
    // Another device set a status while away: the next input leaves it alone.
    await userSets('driving')
    fireEvent.pointerDown(document.body)
    await advance(100)
    expect(sets(tim)).toEqual(['lunch', '', 'Away', 'driving'])
    expect(tim.backend.getStatus('me').customStatus).toBe('driving')
    expect(screen.getByTestId('away')).toHaveTextContent('here')
  })

  it('disabled or unmounted while away: it clears what it set; a bad idleMs or text is a clear error', async () => {
    const { tim, rerender } = await renderWithStatus(<Away idleMs={1_000} />)
    await advance(1_100)
    expect(sets(tim)).toEqual(['Away'])
    rerender(<Away idleMs={1_000} enabled={false} />)
    await advance(100)
    expect(sets(tim)).toEqual(['Away', ''])
    await advance(5_000)
    expect(sets(tim)).toEqual(['Away', ''])

    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() =>
      render(
        <StatusProvider tim={tim}>
          <Away idleMs={-1} />
        </StatusProvider>,
      ),
    ).toThrow(/useAutoAway: idleMs must be a number of ms > 0/)
    expect(() =>
      render(
        <StatusProvider tim={tim}>
          <Away text={'忙'.repeat(34)} />
        </StatusProvider>,
      ),
    ).toThrow(/useAutoAway: customStatus is 102 bytes/)
    expect(sets(tim)).toEqual(['Away', ''])
  })
})
