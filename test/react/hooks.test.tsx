import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { StatusError } from '../../src/core'
import {
  PresenceBadge,
  StatusProvider,
  type UseSubscriptionResult,
  useSelfStatus,
  useSubscription,
  useUserStatus,
} from '../../src/react'
import { createFakeTim } from '../../src/testing'
import { login } from '../helpers'
import { advance, renderWithStatus } from './renderWithStatus'

function Statuses({ ids, subscribe }: { ids: string[]; subscribe?: boolean }) {
  const { statuses, isLoading, error, failures } = useUserStatus(ids, { subscribe })
  return (
    <div>
      <p data-testid="loading">{String(isLoading)}</p>
      <p data-testid="error">{error ? `${error.code}` : 'none'}</p>
      <p data-testid="failures">{Object.keys(failures).join(',')}</p>
      {ids.map((id) => (
        <p key={id} data-testid={id}>
          {statuses[id] ? `${statuses[id].statusType}:${statuses[id].customStatus}` : 'undefined'}
        </p>
      ))}
    </div>
  )
}

function SelfEditor() {
  const { status, setCustomStatus, clearCustomStatus, isUpdating, error } = useSelfStatus()
  const [text, setText] = useState('')
  return (
    <div>
      <p data-testid="self">
        {status ? `${status.userID}:${status.statusType}:${status.customStatus}` : 'none'}
      </p>
      <p data-testid="updating">{String(isUpdating)}</p>
      <p data-testid="self-error">{error ? error.message : 'none'}</p>
      <input aria-label="text" value={text} onChange={(e) => setText(e.target.value)} />
      <button type="button" onClick={() => setCustomStatus(text).catch(() => {})}>
        set
      </button>
      <button type="button" onClick={() => clearCustomStatus().catch(() => {})}>
        clear
      </button>
    </div>
  )
}

/** The quick start's button: the promise ignored, as people write it. */
function QuickStartButton({ onPromise }: { onPromise?: (promise: Promise<unknown>) => void }) {
  const { setCustomStatus, error } = useSelfStatus()
  return (
    <div>
      <button
        type="button"
        onClick={() => onPromise?.(setCustomStatus('In a meeting')) ?? setCustomStatus('x')}
      >
        meeting
      </button>
      <p data-testid="quick-error">{error ? String(error.code) : 'none'}</p>
    </div>
  )
}

/** Rejections nobody handled while `run` ran (Node reports them after the microtasks of a tick). */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = []
  const listener = (reason: unknown) => seen.push(reason)
  process.on('unhandledRejection', listener)
  try {
    await run()
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => process.nextTick(resolve))
  } finally {
    process.off('unhandledRejection', listener)
  }
  return seen
}

function LaterBadge({ second }: { second: boolean }) {
  return (
    <>
      <Statuses ids={['bob']} />
      {second ? <PresenceBadge userID="bob" data-testid="badge" subscribe={false} /> : null}
    </>
  )
}

function Subscriber({ ids, onResult }: { ids: string[]; onResult: (result: UseSubscriptionResult) => void }) {
  onResult(useSubscription(ids))
  return null
}

describe('useUserStatus', () => {
  it('shows loading, then the statuses; every requested ID is a key', async () => {
    const { tim } = await renderWithStatus(<Statuses ids={['bob', 'carol']} />, { fake: { latencyMs: 500 } })
    expect(screen.getByTestId('loading')).toHaveTextContent('true')
    expect(screen.getByTestId('bob')).toHaveTextContent('undefined')
    act(() => tim.backend.setStatus('bob', { statusType: 1, customStatus: 'hi' }))
    await advance(1000)
    expect(screen.getByTestId('loading')).toHaveTextContent('false')
    expect(screen.getByTestId('carol')).toHaveTextContent('3:')
  })

  it('shows known statuses on the first render, with no new call', async () => {
    const { tim, rerender } = await renderWithStatus(<LaterBadge second={false} />)
    await advance(100)
    tim.clearCalls()
    rerender(<LaterBadge second />)
    // Before any effect or timer: the badge already shows the known status.
    expect(screen.getByTestId('badge')).toHaveAttribute('data-status', 'unlogined')
    await advance(100)
    expect(tim.calls).toEqual([])
  })

  it('72001: badges show unknown (never offline) and the error is exposed with its code', async () => {
    const { tim } = await renderWithStatus(
      <>
        <Statuses ids={['bob']} subscribe />
        <PresenceBadge userID="bob" data-testid="badge" />
        <SelfEditor />
      </>,
      { fake: { consoleEnabled: false } },
    )
    tim.backend.setStatus('bob', { statusType: 2 })
    await advance(200)
    expect(screen.getByTestId('badge')).toHaveAttribute('data-status', 'unknown')
    expect(screen.getByTestId('error')).toHaveTextContent('72001')
    expect(screen.getByTestId('self')).toHaveTextContent('me:1:')
  })

  it('3122: badges show unknown and the error says 3122', async () => {
    await renderWithStatus(
      <>
        <Statuses ids={['bob']} />
        <PresenceBadge userID="bob" data-testid="badge" />
      </>,
      { fake: { planEnabled: false } },
    )
    await advance(200)
    expect(screen.getByTestId('badge')).toHaveAttribute('data-status', 'unknown')
    expect(screen.getByTestId('error')).toHaveTextContent('3122')
  })

  it('reports per-ID failures', async () => {
    const fake = createFakeTim({ latencyMs: 20 })
    fake.backend.setUserError('ghost', { code: 70107, message: 'no such user' })
    vi.useFakeTimers()
    await login(fake, 'me')
    render(
      <StatusProvider tim={fake}>
        <Statuses ids={['bob', 'ghost']} />
      </StatusProvider>,
    )
    await advance(200)
    expect(screen.getByTestId('failures')).toHaveTextContent('ghost')
    expect(screen.getByTestId('bob')).toHaveTextContent('3:')
  })

  it('throws a clear error for bad IDs, naming the value, and sends nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { tim } = await renderWithStatus(<p>empty</p>)
    expect(() =>
      render(
        <StatusProvider tim={tim}>
          <Statuses ids={['ok', '']} />
        </StatusProvider>,
      ),
    ).toThrow(/useUserStatus: userIDs\[1\] is ""/)
    await advance(1000)
    expect(tim.calls.filter((c) => c.userIDList?.includes('ok'))).toEqual([])
  })

  it('names <StatusProvider> when it is missing', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => render(<Statuses ids={['a']} />)).toThrow(
      'useUserStatus must be used inside <StatusProvider>',
    )
    expect(() => render(<SelfEditor />)).toThrow('useSelfStatus must be used inside <StatusProvider>')
    expect(() => render(<PresenceBadge userID="a" />)).toThrow(
      '<PresenceBadge> must be used inside <StatusProvider>',
    )
  })
})

describe('useSelfStatus', () => {
  it('sets and clears the custom status with a pending state', async () => {
    const { tim } = await renderWithStatus(<SelfEditor />)
    expect(screen.getByTestId('self')).toHaveTextContent('me:1:')
    fireEvent.change(screen.getByLabelText('text'), { target: { value: 'coding' } })
    fireEvent.click(screen.getByText('set'))
    await advance(5)
    expect(screen.getByTestId('updating')).toHaveTextContent('true')
    await advance(100)
    expect(screen.getByTestId('updating')).toHaveTextContent('false')
    expect(screen.getByTestId('self')).toHaveTextContent('me:1:coding')
    expect(tim.backend.getStatus('me').customStatus).toBe('coding')

    fireEvent.click(screen.getByText('clear'))
    await advance(100)
    expect(screen.getByTestId('self')).toHaveTextContent(/^me:1:$/)
    expect(tim.backend.getStatus('me').customStatus).toBe('')
  })

  it('follows a change made on another device of the same user', async () => {
    const { tim } = await renderWithStatus(<SelfEditor />)
    const phone = createFakeTim({ backend: tim.backend, latencyMs: 20 })
    await login(phone, 'me')
    const set = phone.setSelfStatus({ customStatus: 'from my phone' })
    await advance(200)
    await set
    expect(screen.getByTestId('self')).toHaveTextContent('me:1:from my phone')
  })

  it('an ignored setCustomStatus before login is no unhandled rejection; the error shows; awaiting rejects', async () => {
    const { tim } = await renderWithStatus(<QuickStartButton />, { loggedIn: false })
    const unhandled = await unhandledDuring(async () => {
      fireEvent.click(screen.getByText('meeting'))
      await advance(100)
    })
    expect(unhandled).toEqual([])
    expect(screen.getByTestId('quick-error')).toHaveTextContent('2024')
    expect(tim.calls.filter((c) => c.api === 'setSelfStatus' && c.sentToBackend)).toEqual([])
  })

  it('awaiting setCustomStatus still rejects with the code', async () => {
    let promise: Promise<unknown> | undefined
    await renderWithStatus(<QuickStartButton onPromise={(p) => (promise = p)} />, { loggedIn: false })
    fireEvent.click(screen.getByText('meeting'))
    await advance(100)
    await expect(promise).rejects.toMatchObject({ code: 2024 })
  })

  it('rejects 101 bytes before any call, with the error exposed', async () => {
    const { tim } = await renderWithStatus(<SelfEditor />)
    fireEvent.change(screen.getByLabelText('text'), { target: { value: 'x'.repeat(101) } })
    fireEvent.click(screen.getByText('set'))
    await advance(100)
    expect(screen.getByTestId('self-error')).toHaveTextContent(
      'customStatus is 101 bytes in UTF-8; the limit is 100',
    )
    expect(tim.calls.filter((c) => c.api === 'setSelfStatus')).toEqual([])
  })
})

describe('useSubscription', () => {
  it('subscribes without fetching, and reports what is confirmed', async () => {
    let seen: { subscribed: readonly string[]; isPending: boolean; error: StatusError | null } | undefined
    const { tim } = await renderWithStatus(
      <Subscriber ids={['bob', 'carol', 'me']} onResult={(r) => (seen = r)} />,
      {
        fake: { latencyMs: 300 },
      },
    )
    expect(seen?.isPending).toBe(true)
    await advance(1000)
    expect(seen?.isPending).toBe(false)
    expect([...(seen?.subscribed ?? [])].sort()).toEqual(['bob', 'carol', 'me'])
    expect(tim.calls.filter((c) => c.api === 'getUserStatus' && c.userIDList?.includes('bob'))).toEqual([])
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['bob', 'carol'])
  })
})
