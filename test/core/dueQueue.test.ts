import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDueQueue } from '../../src/core/dueQueue'
import type { Clock } from '../../src/core/types'

afterEach(() => {
  vi.useRealTimers()
})

function setup(slackMs = 0) {
  vi.useFakeTimers()
  const clock: Clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
  const turns: string[][] = []
  const queue = createDueQueue<string>(clock, slackMs, (keys) => turns.push(keys))
  return { queue, turns, start: Date.now() }
}

describe('createDueQueue', () => {
  it('hands over each key when it comes due, with one timer for all', () => {
    const { queue, turns, start } = setup()
    queue.set('a', start + 100)
    queue.set('b', start + 200)
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(100)
    expect(turns).toEqual([['a']])
    vi.advanceTimersByTime(100)
    expect(turns).toEqual([['a'], ['b']])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('lets keys due within the slack share one turn, never handing one over early', () => {
    const { queue, turns, start } = setup(50)
    queue.set('a', start + 100)
    queue.set('b', start + 130)
    vi.advanceTimersByTime(149)
    expect(turns).toEqual([])
    vi.advanceTimersByTime(1)
    expect(turns).toEqual([['a', 'b']])
  })

  it('hands over a key added out of order on time, and the later ones after it', () => {
    const { queue, turns, start } = setup()
    queue.set('late', start + 1000)
    queue.set('early', start + 100)
    vi.advanceTimersByTime(100)
    expect(turns).toEqual([['early']])
    vi.advanceTimersByTime(900)
    expect(turns).toEqual([['early'], ['late']])
  })

  it('forgets deleted keys and leaves no timer once empty', () => {
    const { queue, turns, start } = setup()
    queue.set('a', start + 100)
    queue.set('b', start + 200)
    queue.delete('a')
    queue.delete('b')
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(turns).toEqual([])
  })

  it('setting a key again moves its due time', () => {
    const { queue, turns, start } = setup()
    queue.set('a', start + 100)
    queue.set('b', start + 150)
    queue.set('a', start + 300)
    vi.advanceTimersByTime(150)
    expect(turns).toEqual([['b']])
    vi.advanceTimersByTime(150)
    expect(turns).toEqual([['b'], ['a']])
  })
})
