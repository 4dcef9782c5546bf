import { describe, expect, it, vi } from 'vitest'

// If anything in src/testing/localIm imported React or an SDK, loading it would throw here.
vi.mock('react', () => {
  throw new Error('src/testing/localIm imported react')
})
vi.mock('tim-js-sdk', () => {
  throw new Error('src/testing/localIm imported tim-js-sdk')
})
vi.mock('@tencentcloud/chat', () => {
  throw new Error('src/testing/localIm imported @tencentcloud/chat')
})

describe('the local IM backend', () => {
  it('loads without React or an SDK', async () => {
    const { createLocalIm } = await import('../../src/testing/localIm')
    const im = createLocalIm()
    expect(im.openSockets()).toBe(0)
    im.dispose()
  })
})
