import { act, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StatusProvider } from '../../src/react'
import { LOCAL_IM_COMMAND } from '../../src/testing'
import { userIDs } from '../helpers'
import { Badges, STATE_OF, shownStatuses } from './badgeList'
import { type Harness, SDK_PACKAGES, startHarness } from './harness'

const BADGES = 1000
const CAP = 300
/** Short, so that the test stays fast: the polled badges are asked again every 3 s. */
const STALE_MS = 3000
/**
 * Room over staleTimeMs for the query's round trip through the real SDK on a busy machine (the engine asks a polled
 * ID again before it goes stale). A wait, not a timing assertion.
 */
const MARGIN_MS = 4000
const QUERY_LIMIT = 500

/** What the backend holds for each ID, as a badge shows it. */
function backendStatuses(h: Harness, ids: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(ids.map((id) => [id, STATE_OF[h.im.getStatus(id).statusType]]))
}

describe.each(SDK_PACKAGES)(
  `$name: ${BADGES} badges, maxSubscriptions ${CAP}, a backend capped at ${CAP}`,
  (pkg) => {
    let h: Harness
    afterEach(() => h.teardown())

    it('no subscription dropped by the server, every badge right within staleTimeMs of a change', async () => {
      h = startHarness(pkg, { subscriptionCap: CAP })
      const ids = userIDs(BADGES)
      for (const [i, id] of ids.entries()) h.im.setStatus(id, { statusType: (i % 3) + 1 })
      const me = await h.device('me')
      h.im.clearLog()

      render(
        <StatusProvider tim={me.tim} options={{ maxSubscriptions: CAP, staleTimeMs: STALE_MS }}>
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

      // The polled badges are kept fresh by full queries, a few per staleTimeMs.
      const polled = ids.filter((id) => !subscribed.includes(id))
      h.im.clearLog()
      const windowStart = Date.now()
      await waitFor(
        () => {
          const asked = new Set(
            h.im.commandsOf(LOCAL_IM_COMMAND.GET_USER_STATUS).flatMap((q) => q.toAccount ?? []),
          )
          expect(polled.filter((id) => !asked.has(id))).toEqual([])
        },
        { timeout: STALE_MS + MARGIN_MS },
      )
      const queries = h.im.commandsOf(LOCAL_IM_COMMAND.GET_USER_STATUS)
      const elapsed = Date.now() - windowStart
      expect(queries.every((q) => (q.toAccount?.length ?? 0) <= QUERY_LIMIT)).toBe(true)
      // ceil(700 / 500) = 2 queries per staleTimeMs, for each period the wait spanned (and one more period's).
      const periods = Math.ceil(elapsed / STALE_MS) + 1
      expect(queries.length).toBeLessThanOrEqual(periods * Math.ceil(polled.length / QUERY_LIMIT))
      expect(queries.every((q) => !q.error)).toBe(true)
      // The subscribed ones are pushed: the polls carry none of them.
      const subscribedSet = new Set(subscribed)
      expect(queries.flatMap((q) => q.toAccount ?? []).filter((id) => subscribedSet.has(id))).toEqual([])

      // Some subscribed users and some polled ones change; each badge follows within staleTimeMs (+ a margin).
      const changed = [
        ...subscribed.slice(0, 3),
        ...subscribed.slice(-2),
        ...polled.slice(0, 3),
        ...polled.slice(-2),
      ]
      const before = backendStatuses(h, changed)
      act(() => {
        for (const id of changed)
          h.im.setStatus(id, { statusType: h.im.getStatus(id).statusType === 2 ? 1 : 2 })
      })
      const after = backendStatuses(h, changed)
      for (const id of changed) expect(after[id]).not.toBe(before[id])
      await waitFor(() => expect(shownStatuses()).toEqual(backendStatuses(h, ids)), {
        timeout: STALE_MS + MARGIN_MS,
      })
      expect(h.im.droppedSubscriptions()).toEqual([])
      expect(h.im.subscriptionsOf('me')).toHaveLength(CAP)
    })
  },
)
