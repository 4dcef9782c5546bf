import { act, render } from '@testing-library/react'
import { type ReactElement, StrictMode } from 'react'
import { vi } from 'vitest'
import type { StatusClientOptions } from '../../src/core'
import { StatusProvider } from '../../src/react'
import { createFakeTim, type FakeTim, type FakeTimOptions } from '../../src/testing'
import { login } from '../helpers'

/** Moves fake time forward inside act(), so React applies what the timers caused. */
export async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })
}

/**
 * Renders `ui` under a `<StatusProvider>` with a fresh fake SDK logged in as `me`, on fake time, with the
 * call log cleared after login (so a test counts only what its components cause).
 */
export async function renderWithStatus(
  ui: ReactElement,
  {
    fake = {},
    options,
    strict = false,
    loggedIn = true,
  }: { fake?: FakeTimOptions; options?: StatusClientOptions; strict?: boolean; loggedIn?: boolean } = {},
) {
  vi.useFakeTimers()
  const tim: FakeTim = createFakeTim({ latencyMs: 20, ...fake })
  if (loggedIn) {
    await login(tim, 'me')
  }
  tim.clearCalls()
  const wrap = (node: ReactElement) => {
    const tree = (
      <StatusProvider tim={tim} options={options}>
        {node}
      </StatusProvider>
    )
    return strict ? <StrictMode>{tree}</StrictMode> : tree
  }
  const result = render(wrap(ui))
  await advance(100)
  return { tim, ...result, rerender: (node: ReactElement) => result.rerender(wrap(node)) }
}
