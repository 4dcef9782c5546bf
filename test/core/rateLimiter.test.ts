import { describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../src/core/rateLimiter'

function maxInAnyWindow(times: number[], perMs: number): number {
  let max = 0
  for (const start of times) max = Math.max(max, times.filter((t) => t >= start && t <= start + perMs).length)
  return max
}

describe('createRateLimiter', () => {
  it('lets a burst of `calls` through at once, then holds the next until the oldest leaves the window', () => {
    let now = 1_000
    const limiter = createRateLimiter({ calls: 20, perMs: 5000 }, () => now)
    for (let i = 0; i < 20; i++) {
      expect(limiter.delay()).toBe(0)
      limiter.record()
    }
    expect(limiter.remaining()).toBe(0)
    expect(limiter.delay()).toBe(5001)
    now += 5000
    expect(limiter.delay()).toBe(1)
    now += 1
    expect(limiter.delay()).toBe(0)
    expect(limiter.remaining()).toBe(20)
  })

  it('never lets more than `calls` sends into any closed window, whatever the send pattern', () => {
    let now = 0
    const limiter = createRateLimiter({ calls: 20, perMs: 5000 }, () => now)
    const sent: number[] = []
    // Greedy sender: sends whenever allowed, with jittered attempts, for 60 s of fake time.
    let step = 0
    while (now < 60_000) {
      const wait = limiter.delay()
      if (wait === 0) {
        limiter.record()
        sent.push(now)
      }
      now += wait === 0 ? (step++ % 7) * 13 : wait
    }
    expect(maxInAnyWindow(sent, 5000)).toBe(20)
    // The budget is used: about 20 per 5 s over 60 s.
    expect(sent.length).toBeGreaterThanOrEqual(12 * 20 - 20)
  })

  it('pause() holds every send until the pause ends (after the server said 2996)', () => {
    let now = 0
    const limiter = createRateLimiter({ calls: 20, perMs: 5000 }, () => now)
    limiter.pause(2000)
    expect(limiter.delay()).toBe(2000)
    now = 2000
    expect(limiter.delay()).toBe(0)
  })
})
