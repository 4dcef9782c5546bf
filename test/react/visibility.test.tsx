// Visibility-ranked subscriptions, prefetch and scroll-aware batching, in jsdom with a scripted
// IntersectionObserver (the real one is exercised in Chromium by the big-list stories).
import { act, render, screen } from '@testing-library/react'
import { useCallback, useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createStatusClient, type StatusClient } from '../../src/core/statusClient'
import { PresenceBadge, StatusProvider, usePrefetchStatus, useVisibleStatus } from '../../src/react'
import { createFakeTim, type FakeTim } from '../../src/testing'
import { login, userIDs } from '../helpers'
import { advance, renderWithStatus } from './renderWithStatus'

/** An IntersectionObserver whose entries the test sends: `show` / `hide` rows by `data-testid`. */
class ScriptedObserver {
  static all = new Set<ScriptedObserver>()
  readonly targets = new Set<Element>()
  constructor(private readonly callback: IntersectionObserverCallback) {
    ScriptedObserver.all.add(this)
  }
  observe(target: Element) {
    this.targets.add(target)
  }
  unobserve(target: Element) {
    this.targets.delete(target)
  }
  disconnect() {
    this.targets.clear()
    ScriptedObserver.all.delete(this)
  }
  takeRecords() {
    return []
  }
  entries(ids: readonly string[], isIntersecting: boolean) {
    const wanted = new Set(ids)
    return [...this.targets]
      .filter((target) => wanted.has(target.getAttribute('data-testid') ?? ''))
      .map((target) => ({ target, isIntersecting }) as IntersectionObserverEntry)
  }
  send(ids: readonly string[], isIntersecting: boolean) {
    this.report(this.entries(ids, isIntersecting))
  }
  report(entries: IntersectionObserverEntry[]) {
    if (entries.length > 0) this.callback(entries, this as unknown as IntersectionObserver)
  }
}

function scroll(ids: readonly string[], visible: boolean) {
  act(() => {
    for (const observer of ScriptedObserver.all) observer.send(ids, visible)
  })
}

const show = (ids: readonly string[]) => scroll(ids, true)
const hide = (ids: readonly string[]) => scroll(ids, false)

/** One report of a scroll: the rows coming on screen listed first, then those leaving it. */
function scrollOnce(coming: readonly string[], leaving: readonly string[]) {
  act(() => {
    for (const observer of ScriptedObserver.all) {
      observer.report([...observer.entries(coming, true), ...observer.entries(leaving, false)])
    }
  })
}

function Rows({ ids, subscribe }: { ids: readonly string[]; subscribe?: 'visible' | boolean }) {
  return (
    <ul>
      {ids.map((id) => (
        <li key={id}>
          <PresenceBadge userID={id} data-testid={id} subscribe={subscribe} />
        </li>
      ))}
    </ul>
  )
}

/** A fake SDK logged in as `me` (fake time) and a client on it whose retains are counted. */
async function countingClient() {
  vi.useFakeTimers()
  const tim = createFakeTim({ latencyMs: 20 })
  await login(tim, 'me')
  const client = createStatusClient(tim)
  const retain = client.retain.bind(client)
  const retains = { count: 0 }
  client.retain = (ids, options) => {
    retains.count++
    return retain(ids, options)
  }
  return { tim, client, retains }
}

/** Rows under a provider of `client`, their IDs in state: `onSetter` gets the setter. */
function ClientRows({
  client,
  initial,
  onSetter,
}: {
  client: StatusClient
  initial: string[]
  onSetter: (set: (shown: string[]) => void) => void
}) {
  const [shown, set] = useState(initial)
  onSetter(set)
  return (
    <StatusProvider client={client}>
      <Rows ids={shown} />
    </StatusProvider>
  )
}

/** Node's own, not the fake timers' (React's scheduler runs its tasks on it in jsdom). */
const realSetImmediate = globalThis.setImmediate

const callsOf = (tim: FakeTim, api: string) =>
  tim.calls.filter((c) => c.api === api && !(c.userIDList?.length === 1 && c.userIDList[0] === 'me'))
const idsOf = (tim: FakeTim, api: string) => callsOf(tim, api).flatMap((c) => c.userIDList ?? [])

beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', ScriptedObserver)
})
afterEach(() => {
  vi.unstubAllGlobals()
  ScriptedObserver.all.clear()
})

describe('visibility-ranked subscriptions', () => {
  it('badges off screen make no call; on screen while nothing scrolls, one query and one subscribe at once', async () => {
    const ids = userIDs(1000)
    const { tim } = await renderWithStatus(<Rows ids={ids} />)
    await advance(1000)
    expect(callsOf(tim, 'getUserStatus')).toEqual([])
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
    expect(ScriptedObserver.all.size).toBe(1)

    const onScreen = ids.slice(100, 120)
    show(onScreen)
    await advance(100)
    // The query of the rows on screen carries mounted rows off screen in its spare room (500 IDs a call).
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(1)
    const asked = idsOf(tim, 'getUserStatus')
    expect(asked).toHaveLength(500)
    expect(asked).toEqual(expect.arrayContaining(onScreen))
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
    expect(idsOf(tim, 'subscribeUserStatus').sort()).toEqual(onScreen)
    expect(screen.getByTestId(onScreen[0] as string).dataset.status).toBe('unlogined')
    const offScreen = ids.filter((id) => !onScreen.includes(id))
    const known = offScreen.filter((id) => screen.getByTestId(id).dataset.status !== 'unknown')
    expect(known.sort()).toEqual(asked.filter((id) => !onScreen.includes(id)).sort())
    await advance(10_000)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(1)
  })

  it('rows flung past faster than the dwell cost no call', async () => {
    const ids = userIDs(1200)
    const { tim } = await renderWithStatus(<Rows ids={ids} />)
    // The screen the fling starts from (asked for; its query's spare room takes the first mounted rows).
    show(ids.slice(580, 600))
    await advance(1000)
    const spared = new Set(idsOf(tim, 'getUserStatus'))
    expect(ids.slice(600, 1000).filter((id) => spared.has(id))).toEqual([])
    tim.clearCalls()
    // A fling: 20 rows in view per 16 ms frame, each screen leaving as the next comes.
    for (let start = 600; start < 1000; start += 20) {
      hide(ids.slice(start - 20, start))
      show(ids.slice(start, start + 20))
      await advance(16)
    }
    hide(ids.slice(980, 1000))
    await advance(10_000)
    expect(callsOf(tim, 'getUserStatus')).toEqual([])
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
  })

  it("a fling's first frame, reported with the rows it replaces, asks for nothing", async () => {
    const ids = userIDs(1200)
    const { tim } = await renderWithStatus(<Rows ids={ids} />)
    show(ids.slice(580, 600))
    await advance(1000)
    tim.clearCalls()
    // One report: the next screen first, the screen it replaces after (the observer's order is not ours).
    scrollOnce(ids.slice(600, 620), ids.slice(580, 600))
    await advance(16)
    hide(ids.slice(600, 620))
    show(ids.slice(900, 920))
    await advance(16)
    hide(ids.slice(900, 920))
    await advance(10_000)
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
  })

  it('a row that leaves keeps its subscription for the leave grace and the unsubscribe delay, then lets go', async () => {
    const ids = userIDs(10)
    const { tim } = await renderWithStatus(<Rows ids={ids} />, { options: { unsubscribeDelayMs: 5000 } })
    show(ids)
    await advance(500)
    expect(idsOf(tim, 'subscribeUserStatus')).toHaveLength(10)
    hide(ids)
    await advance(2000)
    // Back within the leave grace: nothing is asked again.
    show(ids.slice(0, 5))
    await advance(500)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(1)
    await advance(2000 + 5000 + 1500)
    expect(idsOf(tim, 'unsubscribeUserStatus').sort()).toEqual(ids.slice(5))
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(ids.slice(0, 5))
  })

  it('past maxSubscriptions, what is on screen is live before badges that are always live', async () => {
    const always = userIDs(6, 'always')
    const listed = userIDs(6, 'listed')
    const { tim } = await renderWithStatus(
      <>
        <Rows ids={always} subscribe />
        <Rows ids={listed} />
      </>,
      { options: { maxSubscriptions: 4 } },
    )
    await advance(1000)
    expect(tim.backend.subscriptionsOf('me').length).toBe(4)
    show(listed.slice(0, 3))
    await advance(7000)
    const held = tim.backend.subscriptionsOf('me')
    expect(held).toHaveLength(4)
    expect(held).toEqual(expect.arrayContaining(listed.slice(0, 3)))
    for (const id of listed.slice(0, 3)) expect(screen.getByTestId(id).dataset.status).toBe('unlogined')
  })

  it('subscribe={false}: fetched when on screen, never subscribed', async () => {
    const ids = userIDs(5)
    const { tim } = await renderWithStatus(<Rows ids={ids} subscribe={false} />)
    show(ids)
    await advance(1000)
    expect(idsOf(tim, 'getUserStatus').sort()).toEqual(ids)
    expect(callsOf(tim, 'subscribeUserStatus')).toEqual([])
  })

  it('the provider unmounting disconnects its observer and lets go of every subscription', async () => {
    const ids = userIDs(5)
    const { tim, unmount } = await renderWithStatus(<Rows ids={ids} />)
    show(ids)
    await advance(1000)
    expect(tim.backend.subscriptionsOf('me').length).toBe(5)
    unmount()
    expect(ScriptedObserver.all.size).toBe(0)
    await advance(20_000)
    expect(tim.backend.subscriptionsOf('me').length).toBe(0)
  })

  it('a bad subscribe mode is a clear error and nothing is sent', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const bad = 'sometimes' as unknown as boolean
    await expect(renderWithStatus(<Rows ids={['a']} subscribe={bad} />)).rejects.toThrow(
      /subscribe must be 'visible', true or false/,
    )
  })
})

function Custom({ id }: { id: string }) {
  const { ref, status } = useVisibleStatus(id)
  return (
    <div ref={ref} data-testid={id}>
      {status ? `status ${status.statusType}` : 'unknown'}
    </div>
  )
}

/** Two users' statuses on one element (a row showing a pair): both hooks share its ref. */
function Pair({ a, b }: { a: string; b: string }) {
  const first = useVisibleStatus(a)
  const second = useVisibleStatus(b)
  const { ref: refA } = first
  const { ref: refB } = second
  const ref = useCallback(
    (element: Element | null) => {
      refA(element)
      refB(element)
    },
    [refA, refB],
  )
  return (
    <li ref={ref} data-testid={`${a}+${b}`}>
      {`${first.status?.statusType ?? '?'} ${second.status?.statusType ?? '?'}`}
    </li>
  )
}

/** A row whose element comes and goes while its hook stays mounted. */
function Toggled({ id, open }: { id: string; open: boolean }) {
  const { ref } = useVisibleStatus(id)
  return open ? <li ref={ref} data-testid={id} /> : null
}

describe('useVisibleStatus', () => {
  it('two hooks on one element are both told when it is on screen', async () => {
    const { tim } = await renderWithStatus(<Pair a="ann" b="bob" />)
    show(['ann+bob'])
    await advance(1000)
    expect(idsOf(tim, 'subscribeUserStatus').sort()).toEqual(['ann', 'bob'])
  })

  it('an element taken off the page while its hook stays mounted is off screen: let go after the graces', async () => {
    const { tim, rerender } = await renderWithStatus(<Toggled id="bob" open />, {
      options: { unsubscribeDelayMs: 1000 },
    })
    show(['bob'])
    await advance(1000)
    expect(tim.backend.subscriptionsOf('me')).toEqual(['bob'])
    rerender(<Toggled id="bob" open={false} />)
    await advance(5000)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
  })

  it('rows unmounting while on screen retain nothing on their way out (their leaving is never told)', async () => {
    const { tim, client, retains } = await countingClient()
    const ids = userIDs(50)
    const list = (shown: readonly string[]) => (
      <StatusProvider client={client}>
        <Rows ids={shown} />
      </StatusProvider>
    )
    const { rerender } = render(list(ids))
    await advance(100)
    show(ids)
    await advance(1000)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(50)
    retains.count = 0

    rerender(list([]))
    await advance(0)
    expect(retains.count).toBe(0)
    // Let go after the unsubscribe delay, as any release.
    await advance(10_000)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
  })

  it('rows unmounted by an update outside act (default lane, passive effects later) retain nothing either', async () => {
    const { tim, client, retains } = await countingClient()
    const ids = userIDs(50)
    let setShown: (shown: string[]) => void = () => {}
    render(<ClientRows client={client} initial={ids} onSetter={(set) => (setShown = set)} />)
    await advance(100)
    show(ids)
    await advance(1000)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(50)
    retains.count = 0

    // As in an app: a state update from a timer, rendered in a later task, its passive effects in another.
    const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
    scope.IS_REACT_ACT_ENVIRONMENT = false
    // Only the rows' passive cleanups let go of their IDs: once every ID is let go, React is done with them.
    const letGo = () => ids.every((id) => client.getEntry(id).subscription === 'none')
    try {
      setTimeout(() => setShown([]), 0)
      await vi.advanceTimersByTimeAsync(1)
      // React's scheduler runs on Node's setImmediate, which the fake timers do not drive: turn it until then (the
      // count of turns is React's business; the bound only turns a hang into a failure).
      for (let turn = 0; !letGo(); turn++) {
        expect(turn, 'turns of the event loop before the rows let go').toBeLessThan(10_000)
        await new Promise<void>((resolve) => realSetImmediate(() => resolve()))
      }
    } finally {
      scope.IS_REACT_ACT_ENVIRONMENT = true
    }
    expect(document.querySelectorAll('[data-rts-badge]')).toHaveLength(0)
    expect(retains.count).toBe(0)
    await advance(10_000)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
  })

  it('drives a custom row the same way', async () => {
    const { tim } = await renderWithStatus(<Custom id="alice" />)
    await advance(1000)
    expect(callsOf(tim, 'getUserStatus')).toEqual([])
    show(['alice'])
    await advance(500)
    expect(screen.getByTestId('alice').textContent).toBe('status 3')
    expect(idsOf(tim, 'subscribeUserStatus')).toEqual(['alice'])
  })
})

function PrefetchedList({ ids }: { ids: readonly string[] }) {
  usePrefetchStatus(ids)
  return <Rows ids={ids} />
}

describe('usePrefetchStatus', () => {
  it('asks for 1,200 IDs in 3 calls; rows coming into view show their status with no query while fresh', async () => {
    const ids = userIDs(1200)
    const { tim } = await renderWithStatus(<PrefetchedList ids={ids} />)
    await advance(200)
    expect(callsOf(tim, 'getUserStatus').map((c) => c.userIDList?.length)).toEqual([500, 500, 200])
    expect(screen.getByTestId('user0700').dataset.status).toBe('unlogined')
    show(ids.slice(700, 720))
    await advance(200)
    // Known at once: subscribed after the dwell with no query first.
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(3)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
    // Prefetched statuses are not refreshed: a minute later nothing more was asked for rows far off screen.
    await advance(60_000)
    expect(idsOf(tim, 'getUserStatus').filter((id) => id < 'user0600')).toHaveLength(600)
  })

  it('looks ahead: 40 rows on each side of what is on screen are live, moved only near the edge', async () => {
    const ids = userIDs(1200)
    const { tim } = await renderWithStatus(<PrefetchedList ids={ids} />)
    await advance(200)
    show(ids.slice(700, 720))
    await advance(1000)
    // One subscribe for the window (rows 660-759), then one query of them (a change since the prefetch shows).
    expect(callsOf(tim, 'subscribeUserStatus').map((c) => c.userIDList?.sort())).toEqual([
      ids.slice(660, 760),
    ])
    expect(
      callsOf(tim, 'getUserStatus')
        .slice(3)
        .map((c) => c.userIDList?.sort()),
    ).toEqual([ids.slice(660, 760)])
    // A slow scroll of 15 rows stays inside the window: no call.
    hide(ids.slice(700, 715))
    show(ids.slice(720, 735))
    await advance(1000)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(4)
    // Nearer the edge than a quarter of the look-ahead: the window moves (one subscribe of what it lacked).
    hide(ids.slice(715, 735))
    show(ids.slice(735, 755))
    await advance(1000)
    expect(
      callsOf(tim, 'subscribeUserStatus')
        .slice(1)
        .map((c) => c.userIDList?.sort()),
    ).toEqual([ids.slice(760, 795)])
    // Rows left behind are let go after the leave grace and the unsubscribe delay.
    await advance(10_000)
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(ids.slice(695, 795))
  })
})
