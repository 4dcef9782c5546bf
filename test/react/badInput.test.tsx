// Bad IDs given to every hook that takes them, on a first render and on a re-render: each gets the library's clear
// error (naming the hook and the value), never a TypeError from inside it, and nothing is sent for it.
import { render, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RTS_ERROR } from '../../src/core'
import {
  PresenceBadge,
  StatusProvider,
  usePrefetchStatus,
  useSubscription,
  useUserStatus,
  useVisibleStatus,
} from '../../src/react'
import { Boundary } from './Boundary'
import { advance, renderWithStatus } from './renderWithStatus'

afterEach(() => {
  vi.useRealTimers()
})

/** A hook's view inside the provider and an error boundary (`key`: a new boundary, its error forgotten). */
const guarded = (tim: Awaited<ReturnType<typeof renderWithStatus>>['tim'], view: ReactNode, key?: string) => (
  <StatusProvider tim={tim}>
    <Boundary key={key}>{view}</Boundary>
  </StatusProvider>
)

type Ids = readonly string[]

const LIST_HOOKS: [string, (props: { ids: Ids }) => ReactNode][] = [
  [
    'useUserStatus',
    ({ ids }) => {
      useUserStatus(ids)
      return <span>ok</span>
    },
  ],
  [
    'useSubscription',
    ({ ids }) => {
      useSubscription(ids)
      return <span>ok</span>
    },
  ],
  [
    'usePrefetchStatus',
    ({ ids }) => {
      usePrefetchStatus(ids)
      return <span>ok</span>
    },
  ],
]

const ONE_ID_HOOKS: [string, (props: { id: string }) => ReactNode][] = [
  [
    'useVisibleStatus',
    ({ id }) => {
      const { ref } = useVisibleStatus(id)
      return <span ref={ref}>ok</span>
    },
  ],
  ['<PresenceBadge>', ({ id }) => <PresenceBadge userID={id} />],
]

const NOT_LISTS: [string, unknown, RegExp][] = [
  ['undefined', undefined, /got undefined/],
  ['null', null, /got null/],
  ['a string', 'alice', /got "alice"/],
  ['an object', { 0: 'alice' }, /got an object/],
  ['a number', 42, /got number 42/],
]

const NOT_IDS: [string, unknown, RegExp][] = [
  ['undefined', undefined, /got undefined/],
  ['null', null, /got null/],
  ['a number', 7, /got number 7/],
  ['an empty string', '', /cannot be empty/],
]

/** What reached the SDK (its own-status query aside). */
const othersCalls = (tim: Awaited<ReturnType<typeof renderWithStatus>>['tim']) =>
  tim.calls.filter((call) => !(call.userIDList?.length === 1 && call.userIDList[0] === 'me'))

describe('bad IDs given to a hook', () => {
  for (const [hook, View] of LIST_HOOKS) {
    for (const [what, value, named] of NOT_LISTS) {
      it(`${hook} with ${what}: a clear error on the first render and on a re-render, nothing sent`, async () => {
        vi.spyOn(console, 'error').mockImplementation(() => {})
        const { tim } = await renderWithStatus(<p>start</p>)
        const first = render(guarded(tim, <View ids={value as Ids} />))
        const error = screen.getByTestId('error')
        expect(error).toHaveTextContent(`StatusError ${RTS_ERROR.INVALID_ARGUMENT}`)
        expect(error).toHaveTextContent(`${hook}: userIDs must be an array`)
        expect(error.textContent).toMatch(named)
        first.unmount()

        const again = render(guarded(tim, <View ids={['alice']} />))
        await advance(100)
        expect(screen.queryByTestId('error')).toBeNull()
        const sent = othersCalls(tim).length
        again.rerender(guarded(tim, <View ids={value as Ids} />))
        expect(screen.getByTestId('error').textContent).toMatch(named)
        await advance(6000)
        // The unmount after the error may let go of alice; nothing else is sent, and nothing for the bad value.
        const after = othersCalls(tim).slice(sent)
        expect(after.every((call) => call.api === 'unsubscribeUserStatus')).toBe(true)
        again.unmount()
      })
    }
  }

  for (const [hook, View] of ONE_ID_HOOKS) {
    for (const [what, value, named] of NOT_IDS) {
      it(`${hook} with ${what}: a clear error on the first render and on a re-render, nothing sent`, async () => {
        vi.spyOn(console, 'error').mockImplementation(() => {})
        const { tim } = await renderWithStatus(<p>start</p>)
        const view = render(guarded(tim, <View id={value as string} />))
        expect(screen.getByTestId('error')).toHaveTextContent(`${hook}: userID`)
        expect(screen.getByTestId('error').textContent).toMatch(named)
        view.rerender(guarded(tim, <View id="alice" />, 'again'))
        await advance(100)
        expect(screen.queryByTestId('error')).toBeNull()
        view.rerender(guarded(tim, <View id={value as string} />, 'again'))
        expect(screen.getByTestId('error').textContent).toMatch(named)
        await advance(100)
        expect(othersCalls(tim).filter((call) => call.userIDList?.some((id) => id !== 'alice'))).toEqual([])
        view.unmount()
      })
    }
  }
})
