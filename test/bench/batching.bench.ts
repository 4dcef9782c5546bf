// Many callers asking for statuses in one tick: SDK calls and time until all are answered, against one call per
// caller (the naive design). The fake SDK answers in a microtask, so the time measured is the library's own work.
import { bench, describe } from 'vitest'
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

async function naive(tim: FakeTim) {
  await Promise.all(ids.map((id) => tim.getUserStatus({ userIDList: [id] })))
}

async function batched(tim: FakeTim) {
  // A new client each round, so nothing is cached between rounds.
  const client = createStatusClient(tim, { rateLimit: { calls: 1000, perMs: 1 } })
  const stop = client.start()
  await new Promise((resolve) => setTimeout(resolve, 0))
  await Promise.all(ids.map((id) => client.fetch([id])))
  stop()
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
const batchedCalls = limited2.calls.filter(
  (c) => c.api === 'getUserStatus' && c.userIDList?.[0] !== 'me',
).length
console.log(
  `${CALLERS} callers in one tick, server limit on: naive ${CALLERS} getUserStatus calls, ${refused} refused (2996); ` +
    `batched ${batchedCalls} calls, 0 refused (${CALLERS / batchedCalls}x fewer calls)`,
)

// Timings with the server limit off, so that the naive design is not refused: this measures the library's own
// overhead per caller (validation, batching, store writes), which the naive design does not pay.
const tim = await readyTim()

describe(`${CALLERS} callers in one tick (server limit off; library overhead)`, () => {
  bench('baseline: one getUserStatus per caller', async () => {
    await naive(tim)
  })
  bench('react-tim-status: batched fetch', async () => {
    await batched(tim)
  })
})
