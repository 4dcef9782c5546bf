// "12 of 300 online" and member lists sorted by status: useOnlineCount and useSortedByStatus.
import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStatusClient, RTS_ERROR, type StatusType } from '../../src/core'
import {
  type OnlineCount,
  PresenceBadge,
  StatusProvider,
  type UseSortedByStatusOptions,
  useOnlineCount,
  useSortedByStatus,
  useUserStatus,
} from '../../src/react'
import { createFakeTim } from '../../src/testing'
import { login, userIDs } from '../helpers'
import { Boundary } from './Boundary'
import { advance, renderWithStatus } from './renderWithStatus'

afterEach(() => {
  vi.useRealTimers()
})

function Count({ ids, seen }: { ids: string[]; seen: OnlineCount[] }) {
  const count = useOnlineCount(ids, { subscribe: true })
  seen.push(count)
  return <p data-testid="count">{`${count.online} of ${count.total} online, ${count.known} known`}</p>
}

function Sorted({
  ids,
  seen,
  options,
}: {
  ids: string[]
  seen: (readonly string[])[]
  options?: UseSortedByStatusOptions
}) {
  const sorted = useSortedByStatus(ids, { subscribe: true, ...options })
  seen.push(sorted)
  return <p data-testid="sorted">{sorted.join(' ')}</p>
}

/** A badge and a useUserStatus of one user; `shown` gets the hook's status type at each render. */
function Watch({ shown }: { shown: string[] }) {
  const { statuses } = useUserStatus(['ann'], { subscribe: true })
  shown.push(`hook:${statuses.ann?.statusType}`)
  return <PresenceBadge userID="ann" subscribe data-testid="badge" />
}

const push = (
  tim: Awaited<ReturnType<typeof renderWithStatus>>['tim'],
  changes: [string, StatusType, string?][],
) =>
  act(() =>
    tim.emit(
      'onUserStatusUpdated',
      changes.map(([userID, statusType, customStatus = '']) => ({ userID, statusType, customStatus })),
    ),
  )

describe('useOnlineCount', () => {
  it('counts distinct IDs, and re-renders only when a number changes', async () => {
    const seen: OnlineCount[] = []
    const { tim } = await renderWithStatus(<Count ids={['ann', 'bob', 'ann', 'cat']} seen={seen} />, {
      fake: { latencyMs: 20 },
    })
    await advance(1000)
    // The fake backend's users are unlogined until set.
    expect(screen.getByTestId('count')).toHaveTextContent('0 of 3 online, 3 known')
    push(tim, [['ann', 1]])
    expect(screen.getByTestId('count')).toHaveTextContent('1 of 3 online, 3 known')
    const renders = seen.length
    push(tim, [['ann', 1, 'in a meeting']])
    expect(seen.length).toBe(renders)
    push(tim, [
      ['bob', 1],
      ['cat', 1],
    ])
    expect(screen.getByTestId('count')).toHaveTextContent('3 of 3 online, 3 known')
  })

  it('follows the flap guard: a reload shorter than offlineDelayMs never lowers the count', async () => {
    const seen: OnlineCount[] = []
    const { tim } = await renderWithStatus(<Count ids={['ann', 'bob']} seen={seen} />)
    await advance(1000)
    push(tim, [
      ['ann', 1],
      ['bob', 1],
    ])
    push(tim, [['ann', 3]])
    await advance(2000)
    push(tim, [['ann', 1]])
    push(tim, [['bob', 2]])
    await advance(6000)
    const online = seen.map((count) => count.online)
    expect(online.slice(online.indexOf(2))).toEqual([2, 1])
  })

  it('neither a badge nor useUserStatus ever shows a reload shorter than offlineDelayMs', async () => {
    const shown: string[] = []
    const { tim } = await renderWithStatus(<Watch shown={shown} />)
    await advance(1000)
    push(tim, [['ann', 1]])
    const badge = screen.getByTestId('badge')
    const badgeSaw = [badge.getAttribute('data-status')]
    const observer = new MutationObserver(() => badgeSaw.push(badge.getAttribute('data-status')))
    observer.observe(badge, { attributes: true, attributeFilter: ['data-status'] })
    const from = shown.length
    push(tim, [['ann', 3]])
    await advance(4000)
    push(tim, [['ann', 1]])
    await advance(6000)
    observer.disconnect()
    expect(badgeSaw).toEqual(['online'])
    expect(shown.slice(from).every((entry) => entry === 'hook:1')).toBe(true)
  })

  it('one change among 10,000 IDs reads one entry, as among 10', async () => {
    vi.useFakeTimers()
    const reads: number[] = []
    for (const n of [10, 10_000]) {
      const tim = createFakeTim({ latencyMs: 20, rateLimit: false })
      await login(tim, 'me')
      const client = createStatusClient(tim, { rateLimit: { calls: 1000 } })
      const getEntry = vi.spyOn(client, 'getEntry')
      const ids = userIDs(n)
      const view = render(
        <StatusProvider client={client}>
          <Count ids={ids} seen={[]} />
        </StatusProvider>,
      )
      await advance(1000)
      getEntry.mockClear()
      push(tim, [['user0005', 1]])
      reads.push(getEntry.mock.calls.length)
      expect(screen.getByTestId('count')).toHaveTextContent(`1 of ${n} online, ${n} known`)
      view.unmount()
    }
    expect(reads[1]).toBe(reads[0])
    expect(reads[0]).toBeGreaterThan(0)
    expect(reads[0]).toBeLessThanOrEqual(2)
  })
})

describe('useSortedByStatus', () => {
  it('online first, then offline, unlogined and unknown, each group in the order given', async () => {
    const seen: (readonly string[])[] = []
    const { tim } = await renderWithStatus(<Sorted ids={['a', 'b', 'c', 'd', 'e']} seen={seen} />, {
      options: { offlineDelayMs: 0 },
    })
    await advance(1000)
    push(tim, [
      ['d', 1],
      ['b', 2],
      ['a', 1],
      ['e', 0],
    ])
    expect(screen.getByTestId('sorted')).toHaveTextContent('a d b c e')
  })

  it('a custom order; one new array per store update, the same array while the order holds', async () => {
    const seen: (readonly string[])[] = []
    const { tim } = await renderWithStatus(
      <Sorted ids={['a', 'b', 'c']} seen={seen} options={{ order: [3, 1] }} />,
      { options: { offlineDelayMs: 0 } },
    )
    await advance(1000)
    push(tim, [['b', 1]])
    expect(screen.getByTestId('sorted')).toHaveTextContent('a c b')
    const before = seen.at(-1)
    push(tim, [['b', 1, 'lunch']])
    expect(seen.at(-1)).toBe(before)
    // A type changes but the order holds (b moves from online to offline, both after a and c): a render, the same array.
    const renders = seen.length
    push(tim, [['b', 2]])
    expect(seen.length).toBeGreaterThan(renders)
    expect(seen.at(-1)).toBe(before)
    const arrays = new Set(seen)
    // Sorted once for the write, though two IDs changed in it (each sort flattens its groups once).
    const flat = vi.spyOn(Array.prototype, 'flat')
    push(tim, [
      ['a', 1],
      ['c', 2],
    ])
    expect(flat).toHaveBeenCalledTimes(1)
    flat.mockRestore()
    expect(screen.getByTestId('sorted')).toHaveTextContent('a b c')
    expect(new Set(seen).size).toBe(arrays.size + 1)
  })

  it('a bad order is a clear error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { tim } = await renderWithStatus(<p>start</p>)
    expect(() =>
      render(
        <StatusProvider tim={tim}>
          <Sorted ids={['a']} seen={[]} options={{ order: [1, 1] as StatusType[] }} />
        </StatusProvider>,
      ),
    ).toThrow(/useSortedByStatus: order must be an array of distinct status types .*got \[1,1\]/)
    // Values that cannot be written as JSON still get the library's error, not a TypeError from inside it.
    for (const [order, named] of [
      [[1n], /got \[1\]/],
      [[Symbol('online')], /got \[Symbol\(online\)\]/],
      ['online', /got "online"/],
      [null, /got null/],
    ] as const) {
      const { unmount } = render(
        <StatusProvider tim={tim}>
          <Boundary>
            <Sorted ids={['a']} seen={[]} options={{ order: order as unknown as StatusType[] }} />
          </Boundary>
        </StatusProvider>,
      )
      expect(screen.getByTestId('error')).toHaveTextContent(`StatusError ${RTS_ERROR.INVALID_ARGUMENT}`)
      expect(screen.getByTestId('error').textContent).toMatch(named)
      unmount()
    }
    expect(tim.calls.filter((call) => call.userIDList?.includes('a'))).toEqual([])
  })
})
