import { act, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StatusProvider } from '../../src/react'
import { LOCAL_IM_COMMAND } from '../../src/testing'
import { userIDs } from '../helpers'
import { Badges, STATE_OF, shownStatuses } from './badgeList'
import { type Harness, SDK_PACKAGES, startHarness } from './harness'

describe.each(SDK_PACKAGES)('$name: 1,200 badges on the real SDK', (pkg) => {
  let h: Harness
  afterEach(() => h.teardown())

  it('all show the backend status, a push updates the right one, in 3 queries and 12 subscribes', async () => {
    h = startHarness(pkg)
    const ids = userIDs(1200)
    // Every third user online, offline, not logged in, so that a badge showing someone else's status shows.
    for (const [i, id] of ids.entries()) h.im.setStatus(id, { statusType: (i % 3) + 1 })
    const me = await h.device('me')
    h.im.clearLog()

    render(
      <StatusProvider tim={me.tim} options={{ maxSubscriptions: Infinity }}>
        <Badges ids={[...ids, 'me']} />
      </StatusProvider>,
    )
    const expected = Object.fromEntries(ids.map((id, i) => [id, STATE_OF[(i % 3) + 1]]))
    // One pass over the DOM per check: 1,200 getByTestId calls would each scan the whole document.
    await waitFor(() => expect(shownStatuses(ids)).toEqual(expected))
    expect(screen.getByTestId('me')).toHaveAttribute('data-status', 'online')
    await waitFor(() => expect(h.im.subscriptionsOf('me')).toHaveLength(1200))

    const queries = h.im.commandsOf(LOCAL_IM_COMMAND.GET_USER_STATUS)
    expect(queries).toHaveLength(3)
    expect(queries.map((q) => q.toAccount?.length ?? 0).every((n) => n <= 500)).toBe(true)
    expect(new Set(queries.flatMap((q) => q.toAccount))).toEqual(new Set(ids))
    const subscribes = h.im.commandsOf(LOCAL_IM_COMMAND.SUBSCRIBE)
    expect(subscribes).toHaveLength(12)
    expect(subscribes.map((s) => s.toAccount?.length ?? 0).every((n) => n <= 100)).toBe(true)
    expect(new Set(subscribes.flatMap((s) => s.toAccount))).toEqual(new Set(ids))
    // The own status is answered by the SDK itself and is never subscribed.
    expect([...queries, ...subscribes].some((c) => c.toAccount?.includes('me'))).toBe(false)

    act(() => h.im.setStatus('user0600', { statusType: 2 }))
    await waitFor(() => expect(screen.getByTestId('user0600')).toHaveAttribute('data-status', 'offline'))
    // user0600 was online (600 % 3 === 0); its neighbours keep theirs.
    expect(screen.getByTestId('user0599')).toHaveAttribute('data-status', 'unlogined')
    expect(screen.getByTestId('user0601')).toHaveAttribute('data-status', 'offline')
    expect(screen.getByTestId('user0602')).toHaveAttribute('data-status', 'unlogined')
  })
  it('with lower limits from the SDK cloud config every status still arrives: queries adapt, subscribes keep to limits', async () => {
    // Tencent can lower the SDK's limits at run time; the SDK then truncates silently.
    h = startHarness(pkg, {
      cloudConfig: { status_query_count: '200', status_sub_count: '50', status_unsub_count: '50' },
    })
    const ids = userIDs(450)
    for (const id of ids) h.im.setStatus(id, { statusType: 2 })
    const me = await h.device('me')
    await h.im.waitForCommand(LOCAL_IM_COMMAND.FETCH_CONFIG, (c) => c.session === me.session)
    await h.im.idle()
    h.im.clearLog()

    // A subscribe answer does not tell which IDs the SDK dropped, so that limit has to be given.
    render(
      <StatusProvider
        tim={me.tim}
        options={{ limits: { subscribe: 50, unsubscribe: 50 }, maxSubscriptions: Infinity }}
      >
        <Badges ids={ids} />
      </StatusProvider>,
    )
    const expected = Object.fromEntries(ids.map((id) => [id, 'offline']))
    await waitFor(() => expect(shownStatuses(ids)).toEqual(expected))
    await waitFor(() => expect(h.im.subscriptionsOf('me')).toHaveLength(450))
    const queries = h.im.commandsOf(LOCAL_IM_COMMAND.GET_USER_STATUS)
    expect(queries.every((q) => (q.toAccount?.length ?? 0) <= 200)).toBe(true)
    expect(new Set(queries.flatMap((q) => q.toAccount))).toEqual(new Set(ids))
    expect(h.im.commandsOf(LOCAL_IM_COMMAND.SUBSCRIBE)).toHaveLength(9)
  })
})
