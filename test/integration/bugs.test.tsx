import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PresenceBadge, StatusProvider, useSelfStatus, useUserStatus } from '../../src/react'
import { LOCAL_IM_COMMAND, watchTimers } from '../../src/testing'
import { type Harness, SDK_PACKAGES, startHarness } from './harness'

// Library bugs found by running it on the real SDK. Each test states the wanted behaviour and is marked
// `it.fails` while the bug is there, so the suite stays green and turns red once the bug is fixed (then drop
// `.fails`).

function SetOwnStatus() {
  const { status, setCustomStatus } = useSelfStatus()
  return (
    <>
      <output data-testid="own">{status?.customStatus}</output>
      <button type="button" onClick={() => void setCustomStatus('away')}>
        Set
      </button>
    </>
  )
}

function Alice() {
  const { error } = useUserStatus(['alice'], { subscribe: true })
  return (
    <>
      <PresenceBadge userID="alice" data-testid="alice" />
      <output data-testid="error">{error ? String(error.code) : 'none'}</output>
    </>
  )
}

describe.each(SDK_PACKAGES)('$name: library bugs', (pkg) => {
  let h: Harness
  afterEach(() => h.teardown())

  it.fails('BUG (if the login reply lacks the plan): users asked for at SDK_READY stay unknown with 3122 for good', async () => {
    // The SDK learns the plan from the login reply when it is there, else from its own fetch on its first 1 s
    // tick after login, and rejects status calls with 3122 until then. The engine takes that 3122 as final.
    h = startHarness(pkg, { purchaseBitsInLoginReply: false })
    h.im.setStatus('alice', { statusType: 1 })
    const me = await h.device('me', { loggedIn: false })
    render(
      <StatusProvider tim={me.tim}>
        <Alice />
      </StatusProvider>,
    )
    await act(() => me.login())
    await h.im.waitForCommand(LOCAL_IM_COMMAND.FETCH_PURCHASE_BITS, (c) => c.session === me.session)
    // Wanted: once the SDK has the plan, alice's status shows (e.g. the engine retries a 3122 seen right
    // after login). Now: 3122 stays, alice stays unknown, until the app calls refetch().
    await waitFor(() => expect(screen.getByTestId('alice')).toHaveAttribute('data-status', 'online'), {
      timeout: 3000,
    })
    expect(screen.getByTestId('error')).toHaveTextContent('none')
  })
})

describe.each(SDK_PACKAGES.slice(0, 1))('$name: library bugs (not SDK-specific)', (pkg) => {
  let h: Harness
  afterEach(() => h.teardown())

  it.fails('BUG: an unmounted <StatusProvider> leaves a 5-minute react-query timer for each own-status change', async () => {
    h = startHarness(pkg)
    const me = await h.device('me')
    const timers = watchTimers(globalThis, { captureStacks: true })
    const fromReactQuery = (timer: { stack?: string }) => timer.stack?.includes('@tanstack') ?? false
    try {
      // No queryClient prop: the provider makes its own, which nothing else can reach after unmount.
      const { unmount } = render(
        <StatusProvider tim={me.tim}>
          <SetOwnStatus />
        </StatusProvider>,
      )
      fireEvent.click(screen.getByRole('button', { name: 'Set' }))
      await waitFor(() => expect(screen.getByTestId('own')).toHaveTextContent('away'))
      unmount()
      // Wanted: nothing the provider started outlives it (the mutation's gcTime of 300,000 ms keeps Node alive).
      await vi.waitFor(() => expect(timers.live().filter(fromReactQuery)).toEqual([]))
    } finally {
      timers.clearLive(fromReactQuery)
      timers.restore()
    }
  })
})
