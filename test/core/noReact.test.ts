import { describe, expect, it, vi } from 'vitest'

// If anything in src/core imported React, loading it would throw here.
vi.mock('react', () => {
  throw new Error('src/core imported react')
})

describe('the engine', () => {
  it('loads and works without React', async () => {
    const core = await import('../../src/core')
    const { createFakeTim } = await import('../../src/testing')
    const client = core.createStatusClient(createFakeTim())
    expect(client.getState().ready).toBe(false)
  })
})
