import { QueryClient } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { useEffect } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { createStatusClient } from '../../src/core'
import { PresenceBadge, StatusProvider, useStatusClient, useUserStatus } from '../../src/react'
import { createFakeTim, inspectEngine } from '../../src/testing'
import { login } from '../helpers'
import { advance } from './renderWithStatus'

function Badge() {
  return <PresenceBadge userID="bob" data-testid="bob" />
}

function Probe({ onClient }: { onClient: (client: unknown) => void }) {
  onClient(useStatusClient())
  return null
}

function Off() {
  const { statuses, isLoading } = useUserStatus(['bob'], { enabled: false, subscribe: true })
  return <p data-testid="off">{`${String(statuses.bob)} ${isLoading}`}</p>
}

/** Records whether the engine was listening when this child's passive effect ran. */
function ListeningWhenMounted({ seen }: { seen: boolean[] }) {
  const client = useStatusClient()
  useEffect(() => {
    seen.push(inspectEngine(client)?.listening ?? false)
  }, [client, seen])
  return null
}

describe('<StatusProvider>', () => {
  it("starts the engine before its children's effects run (it finds out readiness while they mount)", async () => {
    vi.useFakeTimers()
    const tim = createFakeTim()
    const seen: boolean[] = []
    const { unmount } = render(
      <StatusProvider tim={tim}>
        <ListeningWhenMounted seen={seen} />
      </StatusProvider>,
    )
    expect(seen).toEqual([true])
    unmount()
  })

  it('tim={null} (no SDK yet, as on the server): badges unknown, nothing sent; then the SDK arrives', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim({ latencyMs: 20 })
    await login(tim, 'me')
    tim.backend.setStatus('bob', { statusType: 1 })
    tim.clearCalls()
    const { rerender, unmount } = render(
      <StatusProvider tim={null}>
        <Badge />
        <Off />
      </StatusProvider>,
    )
    await advance(1000)
    expect(screen.getByTestId('bob')).toHaveAttribute('data-status', 'unknown')
    expect(screen.getByTestId('off')).toHaveTextContent('undefined false')
    rerender(
      <StatusProvider tim={tim}>
        <Badge />
        <Off />
      </StatusProvider>,
    )
    await advance(1000)
    expect(screen.getByTestId('bob')).toHaveAttribute('data-status', 'online')
    expect(tim.calls.filter((c) => c.api === 'subscribeUserStatus').map((c) => c.userIDList)).toEqual([
      ['bob'],
    ])
    unmount()
  })

  it('switches cleanly to a new tim: the old SDK is left with no listener and nothing subscribed', async () => {
    vi.useFakeTimers()
    const first = createFakeTim({ latencyMs: 20 })
    const second = createFakeTim({ latencyMs: 20 })
    await login(first, 'me')
    await login(second, 'me')
    first.backend.setStatus('bob', { statusType: 2 })
    second.backend.setStatus('bob', { statusType: 1 })
    const { rerender, unmount } = render(
      <StatusProvider tim={first}>
        <Badge />
      </StatusProvider>,
    )
    await advance(200)
    expect(screen.getByTestId('bob')).toHaveAttribute('data-status', 'offline')
    expect(first.backend.subscriptionsOf('me')).toEqual(['bob'])

    rerender(
      <StatusProvider tim={second}>
        <Badge />
      </StatusProvider>,
    )
    await advance(200)
    expect(screen.getByTestId('bob')).toHaveAttribute('data-status', 'online')
    // The old SDK's subscriptions are let go after the grace; then nothing listens to it.
    await advance(6200)
    expect(first.listenerCount()).toBe(0)
    expect(first.backend.subscriptionsOf('me')).toEqual([])
    expect(second.backend.subscriptionsOf('me')).toEqual(['bob'])

    unmount()
    await advance(6200)
    expect(second.listenerCount()).toBe(0)
    expect(second.backend.subscriptionsOf('me')).toEqual([])
  })

  it('takes a client made by createStatusClient, and an app QueryClient', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim()
    await login(tim, 'me')
    const client = createStatusClient(tim)
    let seen: unknown
    render(
      <StatusProvider client={client} queryClient={new QueryClient()}>
        <Probe onClient={(c) => (seen = c)} />
      </StatusProvider>,
    )
    await advance(100)
    expect(seen).toBe(client)
    expect(client.getState().ready).toBe(true)
  })

  it('useUserStatus with enabled: false sends nothing', async () => {
    vi.useFakeTimers()
    const tim = createFakeTim()
    await login(tim, 'me')
    tim.clearCalls()
    render(
      <StatusProvider tim={tim}>
        <Off />
      </StatusProvider>,
    )
    await advance(10_000)
    expect(screen.getByTestId('off')).toHaveTextContent('undefined false')
    expect(tim.calls.filter((c) => c.userIDList?.includes('bob'))).toEqual([])
  })
})
