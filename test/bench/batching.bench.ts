// Many callers asking for statuses in one tick: SDK calls and time until all are answered, against one call per
// caller (the naive design). The fake SDK answers in a microtask, so the time measured is the library's own work.
import { afterAll, bench, describe } from 'vitest'
import { createStatusClient } from '../../src/core'
import { createFakeTim, type FakeTim } from '../../src/testing'

const CALLERS = 1200
const ids = Array.from({ length: CALLERS }, (_, i) => `user${i}`)

async function readyTim(): Promise<FakeTim> {
  const tim = createFakeTim({ rateLimit: false })
  await tim.login({ userID: 'me' })
  await new Promise((resolve) => setTimeout(resolve, 0))
  return tim
}

/** Others' statuses asked of the SDK (the own ID is answered by the SDK itself and left out). */
const queriesOf = (tim: FakeTim) =>
  tim.calls.filter((c) => c.api === 'getUserStatus' && c.userIDList?.some((id) => id !== 'me')).length

async function naive(tim: FakeTim) {
  await Promise.all(ids.map((id) => tim.getUserStatus({ userIDList: [id] })))
}

async function batched(tim: FakeTim) {
  // The engine belongs to the SDK instance (one per `tim`), so every round needs its own logged-in instance:
  // on a shared one, later rounds would find the statuses of earlier rounds in its store.
  const client = createStatusClient(tim, { rateLimit: { calls: 1000, perMs: 1 } })
  const stop = client.start()
  await Promise.all(ids.map((id) => client.fetch([id])))
  stop()
}

/**
 * A round per iteration, each on a fresh logged-in SDK instance taken from a pool that is filled before the
 * iterations (logging in is not timed). Both designs get the same, so the comparison stays fair.
 */
function freshTimPerRound(
  round: (tim: FakeTim) => Promise<void>,
  queries: number[],
): [() => Promise<void>, Parameters<typeof bench>[2]] {
  const ITERATIONS = 100
  const WARMUP = 10
  const pool: FakeTim[] = []
  return [
    async () => {
      const tim = pool.pop()
      if (!tim) throw new Error('the pool of logged-in SDK instances is empty')
      await round(tim)
      queries.push(queriesOf(tim))
    },
    {
      time: 0,
      iterations: ITERATIONS,
      warmupTime: 0,
      warmupIterations: WARMUP,
      async setup(_task, mode) {
        pool.length = 0
        queries.length = 0
        // One spare, in case the runner calls the function once to see whether it is async.
        const count = (mode === 'warmup' ? WARMUP : ITERATIONS) + 1
        for (let i = 0; i < count; i++) pool.push(await readyTim())
      },
    },
  ]
}

// Counts, with the server's frequency limit on (as in production).
const limited = createFakeTim()
await limited.login({ userID: 'me' })
await new Promise((resolve) => setTimeout(resolve, 0))
const naiveOutcomes = await Promise.allSettled(ids.map((id) => limited.getUserStatus({ userIDList: [id] })))
const refused = naiveOutcomes.filter((o) => o.status === 'rejected').length
// A second backend, so the batched run starts with the server's window unused.
const limited2 = createFakeTim()
await limited2.login({ userID: 'me' })
await new Promise((resolve) => setTimeout(resolve, 0))
const fresh = createStatusClient(limited2)
fresh.start()
await new Promise((resolve) => setTimeout(resolve, 0))
await Promise.all(ids.map((id) => fresh.fetch([id])))
const batchedCalls = queriesOf(limited2)
console.log(
  `${CALLERS} callers in one tick, server limit on: naive ${CALLERS} getUserStatus calls, ${refused} refused (2996); ` +
    `batched ${batchedCalls} calls, 0 refused (${CALLERS / batchedCalls}x fewer calls)`,
)

// Timings with the server limit off, so that the naive design is not refused: this measures the library's own
// overhead per caller (validation, batching, store writes), which the naive design does not pay.
const naiveQueries: number[] = []
const batchedQueries: number[] = []
const range = (values: number[]) =>
  values.length === 0 ? 'none' : `${Math.min(...values)}-${Math.max(...values)}`

describe(`${CALLERS} callers in one tick (server limit off; library overhead)`, () => {
  bench('baseline: one getUserStatus per caller', ...freshTimPerRound(naive, naiveQueries))
  bench('react-tim-status: batched fetch', ...freshTimPerRound(batched, batchedQueries))
})

afterAll(() => {
  // Every timed round did the whole work: each batched round asked the SDK for all 1,200 statuses.
  console.log(
    `queries per timed round: baseline ${range(naiveQueries)}, batched ${range(batchedQueries)} ` +
      `(${naiveQueries.length} and ${batchedQueries.length} rounds)`,
  )
})
