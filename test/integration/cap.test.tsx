import { render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/core'
import { PresenceBadge, StatusProvider } from '../../src/react'
import { LOCAL_IM_COMMAND } from '../../src/testing'
import { userIDs } from '../helpers'
import { Badges, STATE_OF, shownStatuses } from './badgeList'
import { type Harness, SDK_PACKAGES, startHarness } from './harness'

const BADGES = 1000
const CAP = 300
/**
 * Far longer than the test runs: the polled badges go stale only when the test moves the engine's clock on
 * (`skip`), so how many queries a stale time brings is counted, not measured against the machine's speed.
 */
const STALE_MS = 600_000
const QUERY_LIMIT = 500

/** What the backend holds for each ID, as a badge shows it. */
function backendStatuses(h: Harness, ids: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(ids.map((id) => [id, STATE_OF[h.im.getStatus(id).statusType]]))
}

interface SkippingClock extends Clock {
  /** Moves the clock on by `ms` at once; the timers that came due run in a task of their own each, in due order. */
  skip(ms: number): void
}

/**
 * The engine's clock (`options.clock`): real time plus what the test skipped. The real SDK and the local backend
 * keep real time; only the engine's timers (staleness, budgets, graces) see the skips.
 */
function createSkippingClock(): SkippingClock {
  let skipped = 0
  let lastID = 0
  const timers = new Map<number, { due: number; run: () => void; handle: ReturnType<typeof setTimeout> }>()
  const now = () => Date.now() + skipped
  const arm = (id: number, due: number, run: () => void) => {
    const handle = setTimeout(
      () => {
        timers.delete(id)
        run()
      },
      Math.max(0, due - now()),
    )
    timers.set(id, { due, run, handle })
  }
  return {
    now,
    setTimeout(run, ms) {
      arm(++lastID, now() + ms, run)
      return lastID
    },
    clearTimeout(id) {
      clearTimeout(timers.get(id as number)?.handle)
      timers.delete(id as number)
    },
    skip(ms) {
      skipped += ms
      for (const [id, timer] of [...timers].sort(([, a], [, b]) => a.due - b.due)) {
        clearTimeout(timer.handle)
        arm(id, timer.due, timer.run)
      }
    },
  }
}

/** The IDs of every status query the backend received since its log was cleared. */
function askedIDs(h: Harness): string[] {
  return h.im.commandsOf(LOCAL_IM_COMMAND.GET_USER_STATUS).flatMap((query) => query.toAccount ?? [])
}

describe.each(SDK_PACKAGES)(
  `$name: ${BADGES} badges, maxSubscriptions ${CAP}, a backend capped at ${CAP}`,
  (pkg) => {
    let h: Harness
    afterEach(() => h.teardown())

    it('no subscription dropped by the server, every badge right once staleTimeMs passed after a change', async () => {
      h = startHarness(pkg, { subscriptionCap: CAP })
      const ids = userIDs(BADGES)
      for (const [i, id] of ids.entries()) h.im.setStatus(id, { statusType: (i % 3) + 1 })
      const me = await h.device('me')
      h.im.clearLog()
      const clock = createSkippingClock()
      const options = { maxSubscriptions: CAP, staleTimeMs: STALE_MS, clock }

      const { rerender } = render(
        <StatusProvider tim={me.tim} options={options}>
          <Badges ids={ids} />
        </StatusProvider>,
      )
      await waitFor(() => expect(shownStatuses()).toEqual(backendStatuses(h, ids)))
      await waitFor(() => expect(h.im.subscriptionsOf('me')).toHaveLength(CAP))
      const subscribed = h.im.subscriptionsOf('me')
      expect(new Set(subscribed).size).toBe(CAP)
      expect(subscribed.every((id) => ids.includes(id))).toBe(true)
      expect(h.im.droppedSubscriptions()).toEqual([])
      // Never more than the cap was asked for: 3 subscribes of at most 100 IDs.
      const subscribes = h.im.commandsOf(LOCAL_IM_COMMAND.SUBSCRIBE)
      expect(subscribes.every((s) => (s.toAccount?.length ?? 0) <= 100)).toBe(true)
      expect(new Set(subscribes.flatMap((s) => s.toAccount)).size).toBe(CAP)

      // The polled badges are kept fresh by full queries: each staleTimeMs, every polled ID once, in
      // ceil(700 / 500) = 2 queries, and none of the subscribed ones (they are pushed).
      const polled = ids.filter((id) => !subscribed.includes(id))
      const subscribedSet = new Set(subscribed)
      for (let period = 1; period <= 2; period++) {
        h.im.clearLog()
        clock.skip(STALE_MS)
        await waitFor(() => expect(askedIDs(h).length).toBeGreaterThanOrEqual(polled.length))
        const queries = h.im.commandsOf(LOCAL_IM_COMMAND.GET_USER_STATUS)
        expect(queries.map((q) => q.toAccount?.length)).toEqual([QUERY_LIMIT, polled.length - QUERY_LIMIT])
        expect(queries.every((q) => !q.error)).toBe(true)
        expect(askedIDs(h).sort()).toEqual([...polled].sort())
        expect(askedIDs(h).filter((id) => subscribedSet.has(id))).toEqual([])
      }
      // Half a stale time on, nothing is due: a badge mounted then is asked for alone. The clock runs what came due
      // in tasks of their own, in order, before this one: a query due then would reach the backend first.
      h.im.clearLog()
      clock.skip(STALE_MS / 2)
      await new Promise((resolve) => setTimeout(resolve, 0))
      rerender(
        <StatusProvider tim={me.tim} options={options}>
          <Badges ids={ids} />
          <PresenceBadge userID="late" subscribe={false} />
        </StatusProvider>,
      )
      await waitFor(() => expect(askedIDs(h)).toContain('late'))
      expect(askedIDs(h)).toEqual(['late'])

      // Some subscribed users and some polled ones change: the subscribed badges follow by push at once, the polled
      // ones once their stale time has passed (and not before: nothing asks for them until then).
      const pushed = [...subscribed.slice(0, 3), ...subscribed.slice(-2)]
      const asked = [...polled.slice(0, 3), ...polled.slice(-2)]
      const before = backendStatuses(h, asked)
      for (const id of [...pushed, ...asked])
        h.im.setStatus(id, { statusType: h.im.getStatus(id).statusType === 2 ? 1 : 2 })
      const after = backendStatuses(h, asked)
      for (const id of asked) expect(after[id], id).not.toBe(before[id])
      await waitFor(() => expect(shownStatuses(pushed)).toEqual(backendStatuses(h, pushed)))
      expect(shownStatuses(asked)).toEqual(before)
      clock.skip(STALE_MS)
      await waitFor(() => expect(shownStatuses(ids)).toEqual(backendStatuses(h, ids)))
      expect(h.im.droppedSubscriptions()).toEqual([])
      expect(h.im.subscriptionsOf('me')).toHaveLength(CAP)
    })
  },
)
