import { act, screen } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it, vi } from 'vitest'
import { PresenceBadge } from '../../src/react'
import { advance, renderWithStatus } from './renderWithStatus'

async function violations(container: Element) {
  // jsdom has no layout: colour contrast cannot be computed here (the stylesheet is checked in Chromium by the stories).
  let done = false
  const running = axe.run(container, { rules: { 'color-contrast': { enabled: false } } }).finally(() => {
    done = true
  })
  // axe schedules its work with timers, and these tests run on fake time.
  while (!done) await vi.advanceTimersByTimeAsync(10)
  const result = await running
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' ')}`)
}

function Badges() {
  return (
    <ul>
      <li>
        Alice <PresenceBadge userID="alice" showCustomStatus />
      </li>
      <li>
        Bob <PresenceBadge userID="bob" />
      </li>
      <li>
        Carol <PresenceBadge userID="carol" />
      </li>
      <li>
        Dave{' '}
        <PresenceBadge
          userID="dave"
          labels={{ online: '在线', offline: '离线', unlogined: '未登录', unknown: '未知' }}
        />
      </li>
    </ul>
  )
}

describe('<PresenceBadge> accessibility', () => {
  it('passes axe in every state, and its name says the state in words', async () => {
    const { tim, container } = await renderWithStatus(<Badges />, { fake: { latencyMs: 500 } })
    // Loading: every badge is unknown.
    expect(screen.getAllByRole('img', { name: 'Status unknown' })).toHaveLength(3)
    expect(screen.getByRole('img', { name: '未知' })).toHaveAttribute('data-status', 'unknown')
    expect(await violations(container)).toEqual([])

    act(() => {
      tim.backend.setStatus('alice', { statusType: 1, customStatus: 'In a meeting' })
      tim.backend.setStatus('bob', { statusType: 2 })
    })
    await advance(1000)
    expect(screen.getByRole('img', { name: 'Online: In a meeting' })).toHaveAttribute('data-status', 'online')
    expect(screen.getByRole('img', { name: 'Offline' })).toHaveAttribute('data-status', 'offline')
    expect(screen.getByRole('img', { name: 'Not logged in' })).toHaveAttribute('data-status', 'unlogined')
    expect(screen.getByRole('img', { name: '未登录' })).toHaveAttribute('data-status', 'unlogined')
    expect(await violations(container)).toEqual([])

    // The name follows the state.
    act(() => tim.backend.setStatus('bob', { statusType: 1 }))
    await advance(1000)
    expect(screen.queryByRole('img', { name: 'Offline' })).toBeNull()
    expect(screen.getByRole('img', { name: 'Online' })).toHaveAttribute('data-status', 'online')
    expect(await violations(container)).toEqual([])
  })

  it('passes axe when the feature is off (72001): unknown, never offline', async () => {
    const { container } = await renderWithStatus(<Badges />, { fake: { consoleEnabled: false } })
    await advance(200)
    expect(screen.getAllByRole('img', { name: 'Status unknown' })).toHaveLength(3)
    expect(container.querySelectorAll('[data-status="offline"]')).toHaveLength(0)
    expect(await violations(container)).toEqual([])
  })

  it('forwards its ref and span props; props given by the user win over the defaults', async () => {
    let node: HTMLSpanElement | null = null
    await renderWithStatus(
      <PresenceBadge
        userID="alice"
        ref={(el) => {
          node = el
        }}
        className="avatar-dot"
        aria-label="Alice: status"
        data-testid="badge"
      />,
    )
    const badge = screen.getByTestId('badge')
    expect(node).toBe(badge)
    expect(badge).toHaveClass('avatar-dot')
    expect(badge).toHaveAccessibleName('Alice: status')
    expect(badge.tagName).toBe('SPAN')
  })
})
