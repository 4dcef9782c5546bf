import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createStatusClient } from '../../src/core'
import { PresenceBadge, StatusProvider, useSelfStatus, useUserStatus } from '../../src/react'
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

/** A button that asks again for some users (as an app's retry button would). */
function Refetch({ ids }: { ids: readonly string[] }) {
  const { refetch } = useUserStatus(ids)
  return (
    <button type="button" onClick={() => void refetch()}>
      Refetch
    </button>
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

/** The own custom status, and buttons that set and clear it. */
function OwnStatus() {
  const { status, setCustomStatus, clearCustomStatus } = useSelfStatus()
  return (
    <>
      <output data-testid="own">{status ? `[${status.customStatus}]` : 'not ready'}</output>
      <button type="button" onClick={() => void setCustomStatus('in a meeting ☕')}>
        Set
      </button>
      <button type="button" onClick={() => void clearCustomStatus()}>
        Clear
      </button>
    </>
  )
}

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

  it('a change made while the connection was down shows once the SDK has reconnected', async () => {
    h = startHarness(pkg)
    h.im.setStatus('alice', { statusType: 1 })
    const me = await h.device('me')
    render(
      <StatusProvider tim={me.tim}>
        <Contacts ids={['alice']} />
      </StatusProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('alice')).toHaveAttribute('data-status', 'online'))
    await waitFor(() => expect(h.im.subscriptionsOf('me')).toEqual(['alice']))
    h.im.clearLog()

    // The push of this change is lost with the connection; the SDK reconnects on its own and logs in again.
    act(() => {
      h.im.disconnect('me')
      h.im.setStatus('alice', { statusType: 2 })
    })
    await waitFor(() => expect(screen.getByTestId('alice')).toHaveAttribute('data-status', 'offline'))
    // It was asked for again after the reconnect; the session (and its subscription) survived the drop.
    expect(h.im.commandsOf(LOCAL_IM_COMMAND.LOGIN)).toEqual([
      expect.objectContaining({ session: me.session }),
    ])
    expect(h.im.commandsOf(LOCAL_IM_COMMAND.GET_USER_STATUS)).toEqual([
      expect.objectContaining({ toAccount: ['alice'] }),
    ])
    expect(h.im.subscriptionsOf('me')).toEqual(['alice'])
    expect(h.im.caught.filter((c) => c.kind === 'websocket')).toHaveLength(2)
  })

  it('a plan without user status: 3122 is reported and the badges stay unknown; a new plan is pushed', async () => {
    h = startHarness(pkg, { purchaseBits: false })
    const me = await h.device('me')
    h.im.setStatus('alice', { statusType: 1 })
    render(
      <StatusProvider tim={me.tim}>
        <Contacts ids={['alice', 'bob']} />
        <Refetch ids={['alice', 'bob']} />
      </StatusProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('error')).toHaveTextContent('3122'))
    expect(statusesShown()).toEqual(['unknown', 'unknown'])
    // The SDK refuses before the network: no status command reached the backend.
    expect(statusCommands(h)).toEqual([])

    // The backend pushes a changed plan; the SDK takes it once the stand-in delivered what it queued.
    h.im.setPurchaseBits(true)
    await h.im.idle()
    fireEvent.click(screen.getByRole('button', { name: 'Refetch' }))
    await waitFor(() => expect(statusesShown()).toEqual(['online', 'unlogined']))
    expect(screen.getByTestId('error')).toHaveTextContent('none')
  })

  it('when the login reply lacks the plan, users asked for at SDK_READY show once the SDK has fetched it', async () => {
    // The SDK then learns the plan from its own fetch on its first 1 s tick after login, and rejects status
    // calls with 3122 until then; the engine must not take that 3122 as final.
    h = startHarness(pkg, { purchaseBitsInLoginReply: false })
    h.im.setStatus('alice', { statusType: 1 })
    const me = await h.device('me', { loggedIn: false })
    render(
      <StatusProvider tim={me.tim}>
        <Contacts ids={['alice']} />
      </StatusProvider>,
    )
    await act(() => me.login())
    // The SDK fetches the plan on its first tick, about 1 s after login; the engine asks again 1.5 s and then
    // 3 s after the first 3122.
    await waitFor(() => expect(screen.getByTestId('alice')).toHaveAttribute('data-status', 'online'))
    expect(screen.getByTestId('error')).toHaveTextContent('none')
    await waitFor(() => expect(h.im.subscriptionsOf('me')).toEqual(['alice']))
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

describe.each(SDK_PACKAGES)('$name: several devices of one user on the real SDK', (pkg) => {
  let h: Harness
  afterEach(() => h.teardown())

  it('own status set and cleared on one device arrives on the other (useSelfStatus, client.setSelfStatus)', async () => {
    h = startHarness(pkg)
    const laptop = await h.device('me')
    const phone = await h.device('me')
    expect(h.im.sessionCount('me')).toBe(2)
    render(
      <>
        <section data-testid="laptop">
          <StatusProvider tim={laptop.tim}>
            <OwnStatus />
          </StatusProvider>
        </section>
        <section data-testid="phone">
          <StatusProvider tim={phone.tim}>
            <OwnStatus />
          </StatusProvider>
        </section>
      </>,
    )
    // No queryClient prop: teardown's ledger also checks that the providers' own clients leave no timer.
    const onLaptop = within(screen.getByTestId('laptop'))
    const onPhone = within(screen.getByTestId('phone'))
    await waitFor(() => expect(onPhone.getByTestId('own')).toHaveTextContent('[]'))
    await waitFor(() => expect(onLaptop.getByTestId('own')).toHaveTextContent('[]'))

    fireEvent.click(onLaptop.getByRole('button', { name: 'Set' }))
    await waitFor(() => expect(onPhone.getByTestId('own')).toHaveTextContent('[in a meeting ☕]'))
    expect(onLaptop.getByTestId('own')).toHaveTextContent('[in a meeting ☕]')
    expect(h.im.getStatus('me').customStatus).toBe('in a meeting ☕')
    expect(h.im.commandsOf(LOCAL_IM_COMMAND.SET_CUSTOM_STATUS)).toEqual([
      expect.objectContaining({ session: laptop.session, customStatus: 'in a meeting ☕' }),
    ])

    fireEvent.click(onLaptop.getByRole('button', { name: 'Clear' }))
    await waitFor(() => expect(onPhone.getByTestId('own')).toHaveTextContent('[]'))
    expect(h.im.getStatus('me').customStatus).toBe('')

    // The other way, with the engine alone (no React) on the phone: client.setSelfStatus / clearSelfStatus.
    const client = createStatusClient(phone.tim)
    const stop = client.start()
    try {
      await waitFor(() => expect(client.getState().ready).toBe(true))
      await act(() => client.setSelfStatus('lunch'))
      await waitFor(() => expect(onLaptop.getByTestId('own')).toHaveTextContent('[lunch]'))
      await act(() => client.clearSelfStatus())
      await waitFor(() => expect(onLaptop.getByTestId('own')).toHaveTextContent('[]'))
      expect(client.getState().self?.customStatus).toBe('')
    } finally {
      stop()
    }
  })

  it('after the last device logs out, the custom status is cleared a while later and the change pushed', async () => {
    h = startHarness(pkg, { customStatusClearDelayMs: 300 })
    const me = await h.device('me')
    const boss = await h.device('boss')
    // Every change shows at once (no flap guard), so the status before the backend's clearing is seen too.
    render(
      <StatusProvider tim={boss.tim} options={{ offlineDelayMs: 0 }}>
        <PresenceBadge userID="me" showCustomStatus data-testid="me" />
      </StatusProvider>,
    )
    await waitFor(() => expect(h.im.subscriptionsOf('boss')).toEqual(['me']))
    await act(async () => {
      await me.tim.setSelfStatus({ customStatus: 'lunch' })
    })
    await waitFor(() => expect(screen.getByTestId('me')).toHaveAccessibleName('Online: lunch'))

    await act(() => me.logout())
    await waitFor(() => expect(screen.getByTestId('me')).toHaveAccessibleName('Not logged in: lunch'))
    // The backend clears it customStatusClearDelayMs after the logout, and pushes that too.
    await waitFor(() => expect(screen.getByTestId('me')).toHaveAccessibleName('Not logged in'))
    expect(h.im.getStatus('me')).toEqual({ userID: 'me', statusType: 3, customStatus: '' })
  })
})
