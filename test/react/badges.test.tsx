import { act, screen } from '@testing-library/react'
import { Profiler, type ProfilerOnRenderCallback, version } from 'react'
import { describe, expect, it } from 'vitest'
import type { StatusClient } from '../../src/core'
import { PresenceBadge, useStatusClient } from '../../src/react'
import { type FakeTim, inspectEngine } from '../../src/testing'
import { userIDs } from '../helpers'
import { advance, renderWithStatus } from './renderWithStatus'

function othersQueries(tim: FakeTim) {
  return tim.calls.filter((c) => c.api === 'getUserStatus' && c.userIDList?.some((id) => id !== 'me'))
}

function List({ ids, onRender }: { ids: readonly string[]; onRender?: ProfilerOnRenderCallback }) {
  return (
    <ul>
      {ids.map((id) => (
        <li key={id}>
          {onRender ? (
            <Profiler id={id} onRender={onRender}>
              <PresenceBadge userID={id} data-testid={id} />
            </Profiler>
          ) : (
            <PresenceBadge userID={id} data-testid={id} />
          )}
        </li>
      ))}
    </ul>
  )
}

/** Hands the provider's client to the test. */
function ClientProbe({ onClient }: { onClient: (client: StatusClient) => void }) {
  onClient(useStatusClient())
  return null
}

function TwoLists({ second }: { second: string[] }) {
  return (
    <>
      <List ids={['a', 'b']} />
      <List ids={second} />
    </>
  )
}

describe('<PresenceBadge> lists', () => {
  it('5,000 badges show their statuses in at most 3 React commits (answers landing together are one update)', async () => {
    let commits = 0
    const ids = userIDs(5000)
    const { container } = await renderWithStatus(
      <Profiler id="list" onRender={() => commits++}>
        <List ids={ids} />
      </Profiler>,
      { options: { maxSubscriptions: Infinity } },
    )
    await advance(1000)
    expect(container.querySelectorAll('[data-status="unknown"]')).toHaveLength(0)
    expect(commits).toBeLessThanOrEqual(3)
  })

  it('1,200 badges mounted in one render cost 3 getUserStatus and 12 subscribeUserStatus calls', async () => {
    const ids = userIDs(1200)
    const { tim } = await renderWithStatus(<List ids={ids} />, { options: { maxSubscriptions: Infinity } })
    await advance(200)
    const queries = othersQueries(tim)
    expect(queries).toHaveLength(3)
    expect(queries.every((c) => (c.userIDList?.length ?? 0) <= 500)).toBe(true)
    const subscribes = tim.calls.filter((c) => c.api === 'subscribeUserStatus')
    expect(subscribes).toHaveLength(12)
    expect(subscribes.every((c) => (c.userIDList?.length ?? 0) <= 100)).toBe(true)
    // The only other status call is the own status, answered by the SDK locally.
    expect(tim.calls.filter((c) => c.api === 'getUserStatus' && !queries.includes(c))).toEqual([
      expect.objectContaining({ userIDList: ['me'], sentToBackend: null }),
    ])
    expect(screen.getByTestId('user0000')).toHaveAttribute('data-status', 'unlogined')
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(1200)
  })

  it("with 2,000 badges, one pushed change re-renders only that user's badge, waking one listener", async () => {
    const ids = userIDs(2000)
    const renders = new Map<string, number>()
    const onRender: ProfilerOnRenderCallback = (id) => renders.set(id, (renders.get(id) ?? 0) + 1)
    let client: StatusClient | undefined
    const wakeCount = () => (client ? inspectEngine(client)?.wakeCount : undefined) ?? Number.NaN
    const { tim } = await renderWithStatus(
      <>
        <ClientProbe onClient={(c) => (client = c)} />
        <List ids={ids} onRender={onRender} />
      </>,
      { options: { maxSubscriptions: Infinity } },
    )
    await advance(6000)
    expect(screen.getByTestId('user1234')).toHaveAttribute('data-status', 'unlogined')
    renders.clear()
    const wakesBefore = wakeCount()

    await act(async () => {
      tim.backend.setStatus('user1234', { statusType: 1 })
    })
    await advance(100)

    expect(screen.getByTestId('user1234')).toHaveAttribute('data-status', 'online')
    expect([...renders.keys()]).toEqual(['user1234'])
    expect(renders.get('user1234')).toBe(1)
    expect(wakeCount() - wakesBefore).toBe(1)
  })

  it('unmounting every badge leaves nothing subscribed after the grace', async () => {
    const ids = userIDs(300)
    const { tim, rerender } = await renderWithStatus(<List ids={ids} />, {
      options: { maxSubscriptions: Infinity },
    })
    await advance(200)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(300)
    rerender(<List ids={[]} />)
    await advance(4900)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(300)
    await advance(1300)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
  })

  it('StrictMode adds no SDK calls and leaves no listener behind after unmount', async () => {
    const ids = userIDs(250)
    const options = { maxSubscriptions: Infinity }
    const strict = await renderWithStatus(<List ids={ids} />, { strict: true, options })
    await advance(200)
    const plain = await renderWithStatus(<List ids={ids} />, { options })
    await advance(200)
    const summary = (tim: FakeTim) => tim.calls.map((c) => `${c.api}:${c.userIDList?.length ?? 'all'}`).sort()
    expect(summary(strict.tim)).toEqual(summary(plain.tim))
    expect(strict.tim.calls.filter((c) => c.api === 'unsubscribeUserStatus')).toHaveLength(0)

    strict.unmount()
    // Unsubscribed after the grace (a remount within it costs nothing); then nothing is left listening.
    await advance(6200)
    expect(strict.tim.listenerCount()).toBe(0)
    expect(strict.tim.backend.subscriptionsOf('me')).toEqual([])
  })

  it('a component that mounts later in the same list joins with no duplicate calls', async () => {
    const { tim, rerender } = await renderWithStatus(<TwoLists second={[]} />)
    await advance(100)
    tim.clearCalls()
    rerender(<TwoLists second={['b', 'c']} />)
    await advance(100)
    expect(othersQueries(tim).map((c) => c.userIDList)).toEqual([['c']])
    expect(tim.calls.filter((c) => c.api === 'subscribeUserStatus').map((c) => c.userIDList)).toEqual([['c']])
  })
})

describe('<PresenceBadge> refs', () => {
  it("a forwarded callback ref's cleanup (React 19) is called in place of ref(null)", async () => {
    const calls: string[] = []
    const ref = (element: HTMLSpanElement | null) => {
      calls.push(element ? 'attach' : 'null')
      return () => {
        calls.push('cleanup')
      }
    }
    const { unmount } = await renderWithStatus(<PresenceBadge userID="bob" ref={ref} />)
    unmount()
    // React 18 ignores what a ref returns and calls it with null.
    expect(calls).toEqual(version.startsWith('18') ? ['attach', 'null'] : ['attach', 'cleanup'])
  })
})
