// Worst count of calls in any 5 s window, and when 50 calls are done, for the sliding-window log against a token
// bucket of the same nominal rate (counts on a simulated clock, not timings).
import { bench, describe } from 'vitest'
import { createRateLimiter } from '../../src/core/rateLimiter'

const CALLS = 20
const PER_MS = 5000

function tokenBucket(now: () => number) {
  let tokens = CALLS
  let last = 0
  return {
    delay() {
      const t = now()
      tokens = Math.min(CALLS, tokens + ((t - last) * CALLS) / PER_MS)
      last = t
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * PER_MS) / CALLS)
    },
    record() {
      tokens -= 1
    },
  }
}

function simulate(make: (now: () => number) => { delay(): number; record(): void }, total: number) {
  let t = 0
  const limiter = make(() => t)
  const sent: number[] = []
  while (sent.length < total) {
    const wait = limiter.delay()
    if (wait > 0) {
      t += wait
      continue
    }
    limiter.record()
    sent.push(t)
  }
  let worst = 0
  for (const start of sent)
    worst = Math.max(worst, sent.filter((x) => x >= start && x <= start + PER_MS).length)
  return { worst, doneAt: sent[sent.length - 1] as number }
}

const log = simulate((now) => createRateLimiter({ calls: CALLS, perMs: PER_MS }, now), 50)
const bucket = simulate(tokenBucket, 50)
console.log(
  `50 calls, limit ${CALLS} per ${PER_MS} ms: sliding log worst window ${log.worst}, done at ${log.doneAt} ms; ` +
    `token bucket worst window ${bucket.worst}, done at ${bucket.doneAt} ms`,
)

describe('rate limiter decisions', () => {
  bench('baseline: token bucket', () => {
    simulate(tokenBucket, 50)
  })
  bench('react-tim-status: sliding-window log', () => {
    simulate((now) => createRateLimiter({ calls: CALLS, perMs: PER_MS }, now), 50)
  })
})
