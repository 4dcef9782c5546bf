// useUserStatus and useSubscription with many IDs: a change of one ID costs the same whatever the number of IDs
// (counted, never timed), and what they return behaves as plain, read-only, versioned objects.
import { act, render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { StatusClient } from '../../src/core'
import {
  StatusProvider,
  type UseSubscriptionResult,
  type UseUserStatusResult,
  useStatusClient,
  useSubscription,
  useUserStatus,
} from '../../src/react'
import { createFakeTim, type FakeTim } from '../../src/testing'
import { login, userIDs } from '../helpers'
import { advance, renderWithStatus } from './renderWithStatus'

function Probe({
  ids,
  subscribe = true,
  onResult,
  onClient,
}: {
  ids: readonly string[]
  subscribe?: boolean
  onResult: (result: UseUserStatusResult) => void
  onClient?: (client: StatusClient) => void
}) {
  onClient?.(useStatusClient())
  onResult(useUserStatus(ids, { subscribe }))
  return null
}

function SubscriptionProbe({
  ids,
  onResult,
}: {
  ids: readonly string[]
  onResult: (result: UseSubscriptionResult) => void
}) {
  onResult(useSubscription(ids))
  return null
}

/**
 * Mounts `useUserStatus(n IDs, {subscribe: true})`, waits for every status, then pushes one change to a subscribed
 * user and counts what that change cost: the entries read (`client.getEntry`) and the hook's renders.
 */
async function oneChangeAt(n: number) {
  const ids = userIDs(n)
  let client: StatusClient | undefined
  let last: UseUserStatusResult | undefined
  let renders = 0
  const { tim, unmount } = await renderWithStatus(
    <Probe
      ids={ids}
      onClient={(c) => (client = c)}
      onResult={(result) => {
        renders++
        last = result
      }}
    />,
  )
  // 20,000 IDs are 40 queries: two windows of the rate limit (20 calls per 5 s).
  await advance(12_000)
  expect(ids.every((id) => last?.statuses[id]?.statusType === 3)).toBe(true)
  const changed = tim.backend.subscriptionsOf('me')[0] as string
  const getEntry = vi.spyOn(client as StatusClient, 'getEntry')
  renders = 0
  act(() => tim.backend.setStatus(changed, { statusType: 1 }))
  await advance(100)
  expect(last?.statuses[changed]?.statusType).toBe(1)
  const figures = { reads: getEntry.mock.calls.length, renders }
  getEntry.mockRestore()
  unmount()
  return figures
}

/** Renders `ui` under a provider whose fake SDK answers `failing` in `failureUserList`; statuses fetched. */
async function renderFailing(ui: ReactElement, failing: readonly string[], setUp?: (tim: FakeTim) => void) {
  vi.useFakeTimers()
  const tim = createFakeTim({ latencyMs: 20 })
  for (const id of failing) tim.backend.setUserError(id, { code: 70107, message: 'no such user' })
  setUp?.(tim)
  await login(tim, 'me')
  render(<StatusProvider tim={tim}>{ui}</StatusProvider>)
  await advance(1000)
  return tim
}

describe('useUserStatus with many IDs', () => {
  it('one change in a 20,000-ID hook reads as many entries as in a 20-ID one (within 2×)', async () => {
    const small = await oneChangeAt(20)
    const big = await oneChangeAt(20_000)
    // Reading every entry on each change (what it did before) is 20,000 reads here against 20.
    expect(small.reads).toBeGreaterThan(0)
    expect(big.reads).toBeLessThanOrEqual(2 * small.reads)
    expect(big.renders).toBe(small.renders)
    expect(big.renders).toBeGreaterThan(0)
  }, 60_000)

  it('statuses keeps its identity until a status changes; older ones keep showing their values', async () => {
    let last: UseUserStatusResult | undefined
    // Every change shows at once: no flap guard.
    const { tim, rerender } = await renderWithStatus(
      <Probe ids={['bob', 'carol', 'dave']} onResult={(r) => (last = r)} />,
      { options: { offlineDelayMs: 0 } },
    )
    await advance(1000)
    const first = last?.statuses ?? {}
    const firstFailures = last?.failures
    // A new inline array of the same IDs, re-rendered: the same objects.
    rerender(<Probe ids={['bob', 'carol', 'dave']} onResult={(r) => (last = r)} />)
    expect(last?.statuses).toBe(first)
    expect(last?.failures).toBe(firstFailures)

    act(() => tim.backend.setStatus('bob', { statusType: 1, customStatus: 'one' }))
    await advance(100)
    const second = last?.statuses ?? {}
    expect(second).not.toBe(first)
    // No failure changed.
    expect(last?.failures).toBe(firstFailures)
    act(() => tim.backend.setStatus('carol', { statusType: 2 }))
    await advance(100)
    act(() => tim.backend.setStatus('bob', { statusType: 2, customStatus: 'two' }))
    await advance(100)
    const third = last?.statuses ?? {}

    expect([first.bob?.statusType, first.carol?.statusType, first.dave?.statusType]).toEqual([3, 3, 3])
    expect([second.bob?.customStatus, second.carol?.statusType]).toEqual(['one', 3])
    expect([third.bob?.customStatus, third.carol?.statusType, third.dave?.statusType]).toEqual(['two', 2, 3])
    // Read again, in another order: the same answers.
    expect(first.bob?.statusType).toBe(3)
    expect(second.bob?.statusType).toBe(1)
  })

  it('statuses and failures behave as plain read-only objects: keys in object order, in, spread, JSON', async () => {
    let last: UseUserStatusResult | undefined
    const ids = ['zed', '10', 'constructor', '2', '__proto__', 'toString']
    const tim = await renderFailing(
      <Probe ids={ids} onResult={(r) => (last = r)} />,
      ['constructor', '10'],
      (tim) => tim.backend.setStatus('zed', { statusType: 1 }),
    )
    const statuses = last?.statuses ?? {}
    const failures = last?.failures ?? {}
    // What the same keys give on a plain object.
    const plain: Record<string, unknown> = {}
    for (const id of ids) Object.defineProperty(plain, id, { value: 1, enumerable: true })
    expect(Object.keys(statuses)).toEqual(Object.keys(plain))
    expect(Object.keys(failures)).toEqual(['10', 'constructor'])
    expect('zed' in statuses && 'toString' in statuses && 'hasOwnProperty' in statuses).toBe(true)
    expect('nobody' in statuses).toBe(false)
    expect(Object.hasOwn(statuses, 'hasOwnProperty')).toBe(false)
    expect(typeof statuses.hasOwnProperty).toBe('function')
    expect('zed' in failures).toBe(false)
    expect(statuses.zed).toMatchObject({ userID: 'zed', statusType: 1 })
    expect(statuses.constructor).toBeUndefined()
    expect(Object.getPrototypeOf(statuses)).toBe(Object.prototype)

    const copy = { ...statuses }
    expect(Object.keys(copy)).toEqual(Object.keys(plain))
    expect(copy.zed).toBe(statuses.zed)
    expect(Object.entries(statuses).map(([id, status]) => [id, status?.statusType])).toEqual(
      Object.keys(plain).map((id) => [
        id,
        id === 'zed' ? 1 : id === '10' || id === 'constructor' ? undefined : 3,
      ]),
    )
    expect(JSON.parse(JSON.stringify(statuses))).toEqual(JSON.parse(JSON.stringify(copy)))
    expect(Object.keys(JSON.parse(JSON.stringify(failures)))).toEqual(['10', 'constructor'])
    expect(statuses).toEqual(copy)

    // Read-only: writes, deletions and definitions throw (module code is strict).
    const writable = statuses as Record<string, unknown>
    expect(() => {
      writable.zed = 1
    }).toThrow(TypeError)
    expect(() => {
      writable.someone = 1
    }).toThrow(TypeError)
    expect(() => delete writable.zed).toThrow(TypeError)
    expect(() => Object.defineProperty(writable, 'x', { value: 1 })).toThrow(TypeError)
    expect(() => Object.freeze(writable)).toThrow(TypeError)
    expect(statuses.zed?.statusType).toBe(1)
    expect(Object.keys(statuses)).toEqual(Object.keys(plain))

    // A failure that clears: the failures handed out before keep it.
    tim.backend.setUserError('10', null)
    act(() => {
      void last?.refetch()
    })
    await advance(1000)
    expect(Object.keys(last?.failures ?? {})).toEqual(['constructor'])
    expect(Object.keys(failures)).toEqual(['10', 'constructor'])
    expect(failures['10']?.code).toBe(70107)
    expect(JSON.stringify(last?.failures)).not.toContain('"10"')
  })
})

describe('useSubscription with many IDs', () => {
  it('a status change, which it does not report, costs no render and reads one entry', async () => {
    let renders = 0
    let last: UseSubscriptionResult | undefined
    let client: StatusClient | undefined
    const ids = userIDs(20_000)
    const { tim } = await renderWithStatus(
      <>
        <Probe ids={[]} onClient={(c) => (client = c)} onResult={() => {}} />
        <SubscriptionProbe
          ids={ids}
          onResult={(r) => {
            renders++
            last = r
          }}
        />
      </>,
    )
    await advance(12_000)
    expect(last?.isPending).toBe(false)
    const subscribed = last?.subscribed
    const changed = tim.backend.subscriptionsOf('me')[0] as string
    expect(subscribed).toContain(changed)
    renders = 0
    const getEntry = vi.spyOn(client as StatusClient, 'getEntry')
    act(() => tim.backend.setStatus(changed, { statusType: 1 }))
    await advance(100)
    expect(renders).toBe(0)
    expect(getEntry.mock.calls.length).toBeLessThanOrEqual(2)
    expect(last?.subscribed).toBe(subscribed)
  }, 60_000)
})

describe('old views of useUserStatus', () => {
  /** A view's picture: each ID's status type and custom status ('u': unknown), and its keys. */
  const picture = (statuses: UseUserStatusResult['statuses'], ids: readonly string[]) =>
    `${ids.map((id) => (statuses[id] ? `${statuses[id]?.statusType}:${statuses[id]?.customStatus}` : 'u')).join(',')} ${Object.keys(statuses).join(',')}`

  it('every view handed out keeps its picture through hundreds of random changes', async () => {
    const ids = ['a', 'b', 'c', '10', '2', '__proto__', 'constructor', 'toString']
    let last: UseUserStatusResult | undefined
    const { tim } = await renderWithStatus(<Probe ids={ids} onResult={(result) => (last = result)} />)
    await advance(2000)
    const views: [UseUserStatusResult['statuses'], string][] = []
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let i = 0; i < 300; i++) {
      act(() => {
        for (let j = random(3); j >= 0; j--) {
          tim.backend.setStatus(ids[random(ids.length)] as string, {
            statusType: random(3) + 1,
            customStatus: `c${random(4)}`,
          })
        }
      })
      await advance(random(2) * 30)
      const statuses = last?.statuses ?? {}
      // Read some old views now and then: those that have fallen far behind take a copy of their values.
      if (i % 37 === 0) for (const [old] of views) void old.a
      views.push([statuses, picture(statuses, ids)])
    }
    expect(views.filter(([statuses, shown]) => picture(statuses, ids) !== shown)).toEqual([])
  })

  it('a view held through thousands of changes reads its values at once after one catch-up', async () => {
    const ids = userIDs(50)
    let last: UseUserStatusResult | undefined
    const { tim } = await renderWithStatus(<Probe ids={ids} onResult={(result) => (last = result)} />)
    await advance(3000)
    const first = last?.statuses ?? {}
    const before = picture(first, ids)
    for (let i = 0; i < 3000; i++) {
      act(() =>
        tim.backend.setStatus(ids[1 + (i % 49)] as string, {
          statusType: 1 + (i % 2),
          customStatus: `c${i}`,
        }),
      )
    }
    await advance(100)
    // The first read catches up once (and lets go of the 3,000 newer versions); the next reads are one lookup.
    expect(picture(first, ids)).toBe(before)
    const has = vi.spyOn(Map.prototype, 'has')
    void first.user0001
    expect(has.mock.calls.length).toBeLessThanOrEqual(2)
    has.mockRestore()
  })
})
