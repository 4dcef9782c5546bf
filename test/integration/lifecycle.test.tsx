import { act, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { PresenceBadge, StatusProvider, useUserStatus } from '../../src/react'
import { LOCAL_IM_COMMAND } from '../../src/testing'
import { userIDs } from '../helpers'
import { type Harness, SDK_PACKAGES, startHarness } from './harness'

/** The badges of some users, and the error that `useUserStatus` reports for them. */
function Contacts({ ids }: { ids: readonly string[] }) {
  const { error } = useUserStatus(ids, { subscribe: true })
  return (
    <>
      <output data-testid="error">{error ? String(error.code) : 'none'}</output>
      {ids.map((id) => (
        <PresenceBadge key={id} userID={id} data-testid={id} />
      ))}
    </>
  )
}

function statusesShown(): string[] {
  return [...document.querySelectorAll('[data-rts-badge]')].map(
    (badge) => badge.getAttribute('data-status') ?? '',
  )
}

const statusCommands = (h: Harness) =>
  h.im.log.filter((c) =>
    [LOCAL_IM_COMMAND.GET_USER_STATUS, LOCAL_IM_COMMAND.SUBSCRIBE, LOCAL_IM_COMMAND.UNSUBSCRIBE].includes(
      c.servcmd as never,
    ),
  )

describe.each(SDK_PACKAGES)('$name: login, plan and console switch on the real SDK', (pkg) => {
  let h: Harness
  afterEach(() => h.teardown())

  it('after logout and a new login the subscriptions are restored and statuses fetched again', async () => {
    h = startHarness(pkg)
    const ids = userIDs(150)
    for (const id of ids) h.im.setStatus(id, { statusType: 1 })
    const me = await h.device('me')
    render(
      <StatusProvider tim={me.tim}>
        <Contacts ids={ids} />
      </StatusProvider>,
    )
    await waitFor(() => expect(h.im.subscriptionsOf('me')).toHaveLength(150))
    await waitFor(() => expect(statusesShown().every((s) => s === 'online')).toBe(true))

    await act(() => me.logout())
    // The backend drops a session's subscriptions at logout.
    expect(h.im.sessionCount('me')).toBe(0)
    expect(h.im.subscriptionsOf('me')).toEqual([])
    // A change nobody is subscribed to: the next login must ask for it.
    h.im.setStatus('user0007', { statusType: 2 })
    h.im.clearLog()

    await act(() => me.login())
    await waitFor(() => expect(new Set(h.im.subscriptionsOf('me'))).toEqual(new Set(ids)))
    await waitFor(() => expect(screen.getByTestId('user0007')).toHaveAttribute('data-status', 'offline'))
    expect(h.im.commandsOf(LOCAL_IM_COMMAND.SUBSCRIBE)).toHaveLength(2)
    expect(screen.getByTestId('error')).toHaveTextContent('none')
  })

  it('a plan without user status: 3122 is reported and the badges stay unknown', async () => {
    h = startHarness(pkg, { purchaseBits: false })
    const me = await h.device('me')
    render(
      <StatusProvider tim={me.tim}>
        <Contacts ids={['alice', 'bob']} />
      </StatusProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('error')).toHaveTextContent('3122'))
    expect(statusesShown()).toEqual(['unknown', 'unknown'])
    // The SDK refuses before the network: no status command reached the backend.
    expect(statusCommands(h)).toEqual([])
  })

  it('the plan switched off while logged in reaches the SDK at once: 3122 for the next users asked for', async () => {
    h = startHarness(pkg)
    const me = await h.device('me')
    h.im.setPurchaseBits(false)
    // The plan travels as a push: the SDK has it once the stand-in delivered everything it queued.
    await h.im.idle()
    render(
      <StatusProvider tim={me.tim}>
        <Contacts ids={['alice']} />
      </StatusProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('error')).toHaveTextContent('3122'))
    expect(statusesShown()).toEqual(['unknown'])
    expect(statusCommands(h)).toEqual([])
  })

  it('the console switch off: 72001 is reported and the badges stay unknown', async () => {
    h = startHarness(pkg, { consoleEnabled: false })
    const me = await h.device('me')
    render(
      <StatusProvider tim={me.tim}>
        <Contacts ids={['alice', 'bob']} />
      </StatusProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('error')).toHaveTextContent('72001'))
    expect(statusesShown()).toEqual(['unknown', 'unknown'])
    // The backend refused them: the commands arrived and were answered 72001.
    const refused = statusCommands(h)
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.every((c) => c.error?.code === 72001)).toBe(true)
  })
})
