/**
 * Regressions of the engine rebuild (one test per issue). Each test looks only at what a user of the public API
 * sees and at what the fake SDK and server received, so the same file runs against any engine.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Clock } from '../../src/core'
import { inspectEngine } from '../../src/testing'
import { callsOf, startClient, userIDs } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

/**
 * Counts every step taken over any Map or Set (for...of, spread, `keys()`, `entries()`, `Array.from`, ...) while
 * `run` runs: a count of work, never a time. Throws as soon as `budget` is passed, so that quadratic work fails
 * fast instead of running for seconds.
 */
function countCollectionSteps(budget: number, run: () => void): number {
  const prototypes = [
    Object.getPrototypeOf(new Map().entries()) as { next: (this: unknown) => unknown },
    Object.getPrototypeOf(new Set().values()) as { next: (this: unknown) => unknown },
  ]
  const originals = prototypes.map((prototype) => prototype.next)
  let steps = 0
  prototypes.forEach((prototype, index) => {
    const next = originals[index] as (this: unknown) => unknown
    prototype.next = function (this: unknown) {
      if (++steps > budget) throw new Error(`more than ${budget} Map/Set iteration steps`)
      return next.call(this)
    }
  })
  try {
    run()
  } finally {
    prototypes.forEach((prototype, index) => {
      prototype.next = originals[index] as (this: unknown) => unknown
    })
  }
  return steps
}

describe('engine regressions under faults', () => {
  it('#1 a subscribe whose reply is lost leaves nothing subscribed once its IDs are released', async () => {
    const { tim, client } = await startClient()
    const before = userIDs(5, 'early')
    const after = userIDs(5, 'late')
    tim.loseNextReply('subscribeUserStatus')
    const releaseEarly = client.retain(before, { subscribe: true })
    const releaseLate = client.retain(after, { subscribe: true })
    const keep = client.retain(['keep'], { subscribe: true })
    // The subscribe goes out at once; the server applies it; its reply is lost 20 ms later (2801).
    await vi.advanceTimersByTimeAsync(10)
    expect(callsOf(tim, 'subscribeUserStatus')).toHaveLength(1)
    releaseEarly() // while the call is in flight
    await vi.advanceTimersByTimeAsync(20)
    expect(callsOf(tim, 'subscribeUserStatus')[0]?.outcome).toMatchObject({ code: 2801 })
    releaseLate() // after the reply was lost
    await vi.advanceTimersByTimeAsync(60_000)

    expect(tim.backend.subscriptionsOf('me')).toEqual(['keep'])
    for (const id of [...before, ...after]) expect(client.getEntry(id).subscription).toBe('none')
    expect(client.getEntry('keep').subscription).toBe('subscribed')
    keep()
  })

  it('#5 an error code the engine does not know (9999) is retried, not taken as final', async () => {
    const { tim, client } = await startClient()
    tim.backend.setStatus('bob', { statusType: 1, customStatus: 'here' })
    tim.backend.setStatus('carol', { statusType: 2 })
    tim.failNext('subscribeUserStatus', { code: 9999 })
    tim.failNext('getUserStatus', { code: 9999 })
    const release = client.retain(['bob', 'carol'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(100)
    expect(tim.calls.filter((call) => typeof call.outcome === 'object')).toHaveLength(2)

    // After the retry delay (1 s by default) both are asked again and succeed.
    await vi.advanceTimersByTimeAsync(2000)
    expect(tim.backend.subscriptionsOf('me').sort()).toEqual(['bob', 'carol'])
    expect(client.getStatus('bob')).toMatchObject({ statusType: 1, customStatus: 'here' })
    expect(client.getStatus('carol')).toMatchObject({ statusType: 2 })
    for (const id of ['bob', 'carol']) {
      expect(client.getEntry(id)).toMatchObject({ subscription: 'subscribed', error: null })
    }
    release()
  })

  it('#7 releasing 20,000 subscribed IDs one by one is O(N) work, not a rescan of every ID in grace', async () => {
    const N = 20_000
    let clockReads = 0
    const clock: Clock = {
      now: () => {
        clockReads++
        return Date.now()
      },
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    }
    // Passes run when the test says so, so that the work a release schedules is counted with it.
    let deferred: (() => void)[] | null = null
    const batchScheduleFn = (flush: () => void) => {
      if (deferred) deferred.push(flush)
      else queueMicrotask(flush)
    }
    const { tim, client } = await startClient(
      { rateLimit: false },
      { clock, batchScheduleFn, rateLimit: { calls: 1000 }, maxSubscriptions: Number.POSITIVE_INFINITY },
    )
    const ids = userIDs(N)
    const releases = ids.map((id) => client.retain([id], { subscribe: true, fetch: false }))
    await vi.advanceTimersByTimeAsync(1000)
    expect(tim.backend.subscriptionsOf('me')).toHaveLength(N)

    clockReads = 0
    const steps = countCollectionSteps(10 * N, () => {
      deferred = []
      // As React unmounts a list of badges: one release per badge, in one task.
      for (const release of releases) release()
      while (deferred.length > 0) deferred.shift()?.()
      deferred = null
    })
    expect(steps).toBeLessThanOrEqual(10 * N)
    expect(clockReads).toBeLessThanOrEqual(10 * N)

    await vi.advanceTimersByTimeAsync(60_000)
    expect(tim.backend.subscriptionsOf('me')).toEqual([])
  })

  it('#8 forgets IDs nobody retains after gcTimeMs', async () => {
    const gcTimeMs = 60_000
    const { tim, client } = await startClient({}, { gcTimeMs })
    tim.backend.setStatus('keep', { statusType: 1, customStatus: 'kept' })
    tim.backend.setStatus('newcomer', { statusType: 2, customStatus: 'new' })
    const keep = client.retain(['keep'], { subscribe: true })
    const ids = userIDs(10_000)
    const release = client.retain(ids)
    await vi.advanceTimersByTimeAsync(1000)
    expect(callsOf(tim, 'getUserStatus').length).toBeGreaterThan(0)
    expect(client.getStatus('user0000')).toMatchObject({ statusType: 3 })
    release()

    await vi.advanceTimersByTimeAsync(gcTimeMs + 10_000)
    // Any activity lets the engine sweep.
    const newcomer = client.retain(['newcomer'])
    await vi.advanceTimersByTimeAsync(1000)

    const { entries } = client.getState()
    expect(entries.size).toBeLessThanOrEqual(5)
    expect(entries.has('user0000')).toBe(false)
    expect(entries.has('user9999')).toBe(false)
    expect(client.getStatus('keep')).toMatchObject({ statusType: 1, customStatus: 'kept' })
    expect(client.getStatus('newcomer')).toMatchObject({ statusType: 2, customStatus: 'new' })
    // The engine's own records too, not only the store's entries: only the inspection API sees them, and a missing
    // inspection fails here rather than passing as 0 records.
    const inspection = inspectEngine(client)
    expect(inspection, 'inspectEngine(client)').toBeDefined()
    expect(inspection?.peers, 'records the engine keeps').toBeLessThanOrEqual(5)
    keep()
    newcomer()
  })
})
