// What one <PresenceBadge> asks of React. React offers no way to count a component's effects or allocations from
// outside, so this file goes through a wrapped `react` module (vi.mock, below) that counts the hook calls made while
// only a badge re-renders, and records the functions handed to useSyncExternalStore: a badge re-rendered with the
// same props calls no useEffect / useCallback / useMemo and gives React the same subscribe and getSnapshot as
// before (fresh closures would make React schedule an effect to store the new getSnapshot on every render), and
// on mount it subscribes once: its one effect, which also tracks the badge's visibility.
import { act, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { PresenceBadge } from '../../src/react'
import { advance, renderWithStatus } from './renderWithStatus'

const seen = vi.hoisted(() => ({
  hooks: new Map<string, number>(),
  stores: [] as { subscribe: unknown; getSnapshot: unknown }[],
  subscribes: 0,
}))

vi.mock('react', async (importOriginal) => {
  const React = await importOriginal<typeof import('react')>()
  const counted = <F extends (...args: never[]) => unknown>(name: string, hook: F) =>
    ((...args: Parameters<F>) => {
      seen.hooks.set(name, (seen.hooks.get(name) ?? 0) + 1)
      return hook(...args)
    }) as F
  // One wrapper per subscribe function, so that wrapping keeps React's view of its identity.
  const wrapped = new WeakMap<object, (onChange: () => void) => () => void>()
  const useSyncExternalStore: typeof React.useSyncExternalStore = (subscribe, getSnapshot, server) => {
    seen.stores.push({ subscribe, getSnapshot })
    let counting = wrapped.get(subscribe)
    if (!counting) {
      counting = (onChange) => {
        seen.subscribes++
        return subscribe(onChange)
      }
      wrapped.set(subscribe, counting)
    }
    return React.useSyncExternalStore(counting, getSnapshot, server)
  }
  return {
    ...React,
    useEffect: counted('useEffect', React.useEffect),
    useLayoutEffect: counted('useLayoutEffect', React.useLayoutEffect),
    useInsertionEffect: counted('useInsertionEffect', React.useInsertionEffect),
    useCallback: counted('useCallback', React.useCallback),
    useMemo: counted('useMemo', React.useMemo),
    useState: counted('useState', React.useState),
    useSyncExternalStore,
  }
})

let rerenderHost: () => void = () => {}
let showHost: (userID: string | null) => void = () => {}

/** Renders a badge for the ID it is given (or none); re-renders itself and its badge on demand, same props. */
function Host({ initial = 'bob' }: { initial?: string | null }) {
  const [, setTick] = useState(0)
  const [userID, setUserID] = useState(initial)
  rerenderHost = () => setTick((tick) => tick + 1)
  showHost = setUserID
  return userID ? <PresenceBadge userID={userID} data-testid="badge" /> : null
}

function forget() {
  seen.hooks.clear()
  seen.stores.length = 0
  seen.subscribes = 0
}

describe('<PresenceBadge> and React', () => {
  it('re-rendered with the same props: no effect, no callback, the same subscribe and getSnapshot', async () => {
    const { tim } = await renderWithStatus(<Host />)
    tim.backend.setStatus('bob', { statusType: 1 })
    await advance(1000)
    expect(screen.getByTestId('badge')).toHaveAttribute('data-status', 'online')

    forget()
    act(() => rerenderHost())
    // Host's own two useState, and the badge's one store read.
    expect(Object.fromEntries(seen.hooks)).toEqual({ useState: 2 })
    expect(seen.stores).toHaveLength(1)
    const first = seen.stores[0]
    act(() => rerenderHost())
    expect(Object.fromEntries(seen.hooks)).toEqual({ useState: 4 })
    expect(seen.stores[1]?.subscribe).toBe(first?.subscribe)
    expect(seen.stores[1]?.getSnapshot).toBe(first?.getSnapshot)
    expect(seen.subscribes).toBe(0)
  })

  it('mounting a badge subscribes once and calls no useEffect; a new userID subscribes anew', async () => {
    const { tim } = await renderWithStatus(<Host initial={null} />)
    forget()
    act(() => showHost('bob'))
    expect(Object.fromEntries(seen.hooks)).toEqual({ useState: 2 })
    expect(seen.subscribes).toBe(1)
    await advance(1000)
    expect(screen.getByTestId('badge')).toHaveAttribute('data-status', 'unlogined')

    forget()
    tim.backend.setStatus('carol', { statusType: 1 })
    act(() => showHost('carol'))
    expect(Object.fromEntries(seen.hooks)).toEqual({ useState: 2 })
    expect(seen.subscribes).toBe(1)
    await advance(1000)
    expect(screen.getByTestId('badge')).toHaveAttribute('data-status', 'online')
  })

  it('its own props never reach the DOM and React warns about none; span props pass and may override', async () => {
    const error = vi.spyOn(console, 'error')
    const ref = vi.fn()
    await renderWithStatus(
      <PresenceBadge
        userID="bob"
        subscribe
        showCustomStatus
        labels={{ unlogined: 'Away' }}
        data-testid="badge"
        className="mine"
        title="Bob"
        ref={ref}
      />,
    )
    await advance(1000)
    const badge = screen.getByTestId('badge')
    expect(badge.getAttributeNames().sort()).toEqual(
      ['aria-label', 'class', 'data-rts-badge', 'data-status', 'data-testid', 'role', 'title'].sort(),
    )
    expect(badge).toHaveAttribute('title', 'Bob')
    expect(badge).toHaveAttribute('aria-label', 'Away')
    expect(ref).toHaveBeenLastCalledWith(badge)
    expect(error).not.toHaveBeenCalled()
  })
})
