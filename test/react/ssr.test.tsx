// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { PresenceBadge, StatusProvider, useSelfStatus, useUserStatus } from '../../src/react'
import { createFakeTim } from '../../src/testing'

function Page() {
  const { statuses, isLoading } = useUserStatus(['bob'], { subscribe: true })
  const { status } = useSelfStatus()
  return (
    <main>
      <PresenceBadge userID="bob" />
      <p>{`${String(statuses.bob?.statusType)} ${isLoading} ${String(status?.customStatus)}`}</p>
    </main>
  )
}

describe('server rendering', () => {
  it('renders unknown and sends nothing', () => {
    const tim = createFakeTim()
    const html = renderToString(
      <StatusProvider tim={tim}>
        <Page />
      </StatusProvider>,
    )
    expect(html).toContain('data-status="unknown"')
    expect(html).toContain('aria-label="Status unknown"')
    expect(html).toContain('undefined false undefined')
    expect(tim.calls).toEqual([])
    expect(tim.listenerCount()).toBe(0)
  })
})
