// The engine at scale, on a simulated clock for its own timers (grace, gc) and the fake SDK answering in a
// microtask (server frequency limit and subscription cap off, so that only the engine's work is timed).
//
// (a) Unmounting N subscribed badges: N live retains released one by one, as N badges' effect cleanups do in
//     one commit, then the grace expiry that lets go of what the server holds. Engine time only: the time spent
//     inside the fake SDK's methods (the fake server's bookkeeping) is taken out.
// (b) 100,000 distinct IDs through the store: badges mounted and unmounted in batches over simulated time, with
//     a short gcTimeMs against gcTimeMs: Infinity; what the engine and the store still hold afterwards.
//
// Figures are printed; nothing asserts on wall-clock time. Run with `npm run bench`.
import v8 from 'node:v8'
import vm from 'node:vm'
import { bench, describe } from 'vitest'
import { type Clock, createStatusClient, type StatusClient, type StatusClientOptions } from '../../src/core'
import { createFakeTim, type FakeTim, inspectEngine } from '../../src/testing'

// ---------------------------------------------------------------------------------------------------------------
// Tools

/** A clock whose time moves only when told to; timers due by then run in due order. */
interface ManualClock extends Clock {
  advance(ms: number): void
}

function manualClock(start = 1_000_000): ManualClock {
  let time = start
  let sequence = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => time,
    setTimeout(fn, ms) {
      const id = ++sequence
      timers.set(id, { at: time + Math.max(0, ms), fn })
      return id
    },
    clearTimeout(handle) {
      timers.delete(handle as number)
    },
    advance(ms) {
      const end = time + ms
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined
        for (const entry of timers)
          if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry
        if (!next) break
        timers.delete(next[0])
        time = next[1].at
        next[1].fn()
      }
      time = end
    },
  }
}

/** One macrotask: every microtask chain (the fake SDK's answers, the engine's continuations) has run. */
const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Time spent inside the fake SDK's status methods (the fake server's work), to take out of the engine's. */
function meterSdk(tim: FakeTim) {
  let ms = 0
  for (const api of ['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus'] as const) {
    const original = tim[api].bind(tim) as (...args: unknown[]) => Promise<unknown>
    ;(tim as unknown as Record<string, unknown>)[api] = (...args: unknown[]) => {
      const start = performance.now()
      try {
        return original(...args)
      } finally {
        ms += performance.now() - start
      }
    }
  }
  return {
    take() {
      const taken = ms
      ms = 0
      return taken
    },
  }
}

/**
 * The engine's passes, run by hand (`batchScheduleFn`), so that each can be timed apart from the event loop.
 * `settle()` runs passes and lets the fake SDK answer until nothing is left to do.
 */
function manualPasses() {
  const queue: (() => void)[] = []
  const run = (): number => {
    let ms = 0
    while (queue.length > 0) {
      const flush = queue.shift() as () => void
      const start = performance.now()
      flush()
      ms += performance.now() - start
    }
    return ms
  }
  return {
    schedule: (flush: () => void) => {
      queue.push(flush)
    },
    /** Runs the passes scheduled so far; returns their time. */
    run,
    async settle(done: () => boolean = () => true): Promise<void> {
      for (let turns = 0; turns < 10_000; turns++) {
        run()
        await macrotask()
        if (queue.length === 0 && done()) return
      }
      throw new Error('the engine did not settle')
    },
  }
}

async function loggedInTim(): Promise<FakeTim> {
  const tim = createFakeTim({ rateLimit: false })
  await tim.login({ userID: 'me' })
  await macrotask()
  return tim
}

const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed) return exposed
  // No --expose-gc: the flag can still be turned on at run time, and `gc` read from a fresh context.
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as () => void
})()

function heapMB(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}
const ms = (value: number) => `${value.toFixed(2)} ms`
const perId = (total: number, n: number) => `${((total * 1000) / n).toFixed(2)} µs/ID`
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

// ---------------------------------------------------------------------------------------------------------------
// (a) Unmounting N subscribed badges

const UNSUBSCRIBE_DELAY_MS = 5000

/**
 * A started client on a fresh logged-in fake SDK, on a hand-driven clock and passes, with no cap and a budget that
 * never binds (the figures are the engine's work, not waits).
 */
async function startedClient(extra: StatusClientOptions = {}) {
  const tim = await loggedInTim()
  const clock = manualClock()
  const passes = manualPasses()
  const client = createStatusClient(tim, {
    clock,
    batchScheduleFn: passes.schedule,
    maxSubscriptions: Number.POSITIVE_INFINITY,
    rateLimit: { calls: 1_000_000, perMs: 1 },
    unsubscribeDelayMs: UNSUBSCRIBE_DELAY_MS,
    ...extra,
  })
  client.start()
  await passes.settle(() => client.getState().ready)
  return { tim, clock, passes, client }
}

interface Subscribed {
  tim: FakeTim
  client: StatusClient
  clock: ManualClock
  passes: ReturnType<typeof manualPasses>
  sdk: ReturnType<typeof meterSdk>
  releases: (() => void)[]
  n: number
}

/** A client with N badges mounted (one live retain each), every one subscribed on the fake server. */
async function subscribedBadges(n: number, round: number): Promise<Subscribed> {
  const { tim, clock, passes, client } = await startedClient()
  const releases = ids(n, `r${round}u`).map((id) => client.retain([id], { subscribe: true }))
  await passes.settle(() => inspectEngine(client)?.server.present.length === n)
  if (tim.backend.subscriptionsOf('me').length !== n) throw new Error('not every badge is subscribed')
  // The fake's logs are not the engine's memory.
  tim.clearCalls()
  tim.backend.clearLog()
  return { tim, client, clock, passes, sdk: meterSdk(tim), releases, n }
}

interface UnmountFigures {
  /** The N releases themselves (effect cleanups), then the pass they schedule. */
  releases: number
  releasePass: number
  /** The grace timer (end of grace for N IDs), the pass that sends the unsubscribe, its answer, and what follows. */
  grace: number
  unsubscribeCalls: number
  heldAfter: number
}

async function unmount(setup: Subscribed): Promise<UnmountFigures> {
  const { tim, client, clock, passes, sdk, releases, n } = setup
  tim.clearCalls()
  sdk.take()
  // The garbage of the setup is collected now, not during the releases.
  gc()

  let start = performance.now()
  for (const release of releases) release()
  const releaseMs = performance.now() - start
  const releasePass = passes.run()
  if (inspectEngine(client)?.inGrace.length !== n) throw new Error('the releases did not start the grace')

  // The grace ends (its timer), the pass sends the unsubscribe, the fake answers, the engine applies the answer.
  start = performance.now()
  clock.advance(UNSUBSCRIBE_DELAY_MS + 1000)
  let grace = performance.now() - start + passes.run()
  // The answer is applied in a microtask: time the macrotask it runs in (an upper bound of the engine's part).
  start = performance.now()
  await macrotask()
  grace += performance.now() - start + passes.run()
  grace -= sdk.take()
  await passes.settle(() => inspectEngine(client)?.server.unsubscribing.length === 0)
  const inspection = inspectEngine(client)
  return {
    releases: releaseMs,
    releasePass,
    grace,
    unsubscribeCalls: tim.calls.filter((call) => call.api === 'unsubscribeUserStatus').length,
    heldAfter:
      (inspection?.server.present.length ?? 0) +
      (inspection?.server.unknown.length ?? 0) +
      tim.backend.subscriptionsOf('me').length,
  }
}

const SIZES = [5000, 10_000, 20_000] as const
const ROUNDS = 7
// The JIT warms up on a few smaller rounds first.
for (let i = 0; i < 3; i++) await unmount(await subscribedBadges(2000, -1 - i))
const unmountRows: string[] = []
const perIdFigures: number[] = []
let round = 0
for (const n of SIZES) {
  const results: UnmountFigures[] = []
  for (let i = 0; i < ROUNDS; i++) results.push(await unmount(await subscribedBadges(n, round++)))
  const releases = median(results.map((r) => r.releases))
  const releasePass = median(results.map((r) => r.releasePass))
  const grace = median(results.map((r) => r.grace))
  const total = median(results.map((r) => r.releases + r.releasePass))
  perIdFigures.push(total / n)
  unmountRows.push(
    `  ${String(n).padStart(6)} badges: releases ${ms(releases)} + their pass ${ms(releasePass)} = ${ms(total)} ` +
      `(${perId(total, n)}, ${(total / n / (perIdFigures[0] as number)).toFixed(2)}x the 5,000 figure per ID); ` +
      `grace expiry ${ms(grace)} (${perId(grace, n)}); ` +
      `unsubscribe calls ${Math.min(...results.map((r) => r.unsubscribeCalls))}-${Math.max(...results.map((r) => r.unsubscribeCalls))}, ` +
      `subscriptions left ${Math.max(...results.map((r) => r.heldAfter))}`,
  )
}
console.log(
  `unmounting N subscribed badges, engine time (median of ${ROUNDS}; target < 100 ms for 20,000):\n${unmountRows.join('\n')}`,
)

// ---------------------------------------------------------------------------------------------------------------
// (b) 100,000 distinct IDs through the store

const DISTINCT = 100_000
const BATCH = 1000
const STEP_MS = 100
const SHORT_GC_MS = 1000

interface ChurnFigures {
  liveAtEnd: number
  graceAtEnd: number
  peersAtEnd: number
  entriesAtEnd: number
  peersAfter: number
  entriesAfter: number
  heldAfter: number
  heapBefore: number
  heapAtEnd: number
  heapAfter: number
  calls: Record<string, number>
}

/**
 * Badges for 100,000 distinct users, mounted 1,000 at a time (a list scrolled through): every 100 ms of simulated
 * time the next 1,000 mount (fetched and subscribed) and the previous 1,000 unmount. At the end the last batch is
 * still mounted; then time moves past the grace and `gcTimeMs`, and one more badge mounts (activity, so a pass runs).
 */
async function churn(gcTimeMs: number): Promise<ChurnFigures> {
  const heapBefore = heapMB()
  const { tim, clock, passes, client } = await startedClient({ gcTimeMs })
  let previous: (() => void)[] = []
  for (let batch = 0; batch < DISTINCT / BATCH; batch++) {
    const mounted = ids(BATCH, `g${gcTimeMs}b${batch}u`).map((id) => client.retain([id], { subscribe: true }))
    for (const release of previous) release()
    previous = mounted
    await passes.settle()
    clock.advance(STEP_MS)
    await passes.settle()
  }
  // Counts only: an inspection lists IDs, which would keep their strings alive through the heap measurement.
  const counts = () => {
    const inspection = inspectEngine(client)
    if (!inspection) throw new Error('no engine')
    return {
      live: inspection.live.length,
      grace: inspection.inGrace.length,
      peers: inspection.peers,
      entries: client.getState().entries.size,
    }
  }
  const atEnd = counts()
  const calls: Record<string, number> = {}
  const countCalls = () => {
    for (const call of tim.calls) calls[call.api] = (calls[call.api] ?? 0) + 1
    // The fake's logs are not the engine's memory.
    tim.clearCalls()
    tim.backend.clearLog()
  }
  countCalls()
  const heapAtEnd = heapMB()
  // Past the grace (its unsubscribes answered) and then past gcTimeMs; one more badge mounts.
  clock.advance(UNSUBSCRIBE_DELAY_MS + 1000)
  await passes.settle()
  clock.advance(Math.min(gcTimeMs, 3_600_000) + 1)
  client.retain(['one-more'], { subscribe: true })
  await passes.settle()
  const after = counts()
  countCalls()
  const heapAfter = heapMB()
  const figures: ChurnFigures = {
    liveAtEnd: atEnd.live,
    graceAtEnd: atEnd.grace,
    peersAtEnd: atEnd.peers,
    entriesAtEnd: atEnd.entries,
    peersAfter: after.peers,
    entriesAfter: after.entries,
    heldAfter: tim.backend.subscriptionsOf('me').length,
    heapBefore,
    heapAtEnd,
    heapAfter,
    calls,
  }
  client.destroy()
  await passes.settle()
  return figures
}

const retainedAtEnd = BATCH
// Released within gcTimeMs of the end, or still in their grace: what a short gcTimeMs may still keep then.
const recentAtEnd = Math.ceil((UNSUBSCRIBE_DELAY_MS + 1000 + SHORT_GC_MS) / STEP_MS) * BATCH
const short = await churn(SHORT_GC_MS)
const kept = await churn(Number.POSITIVE_INFINITY)
const describeChurn = (label: string, f: ChurnFigures) =>
  `  ${label}: at the end ${f.peersAtEnd} engine records / ${f.entriesAtEnd} store entries ` +
  `(${f.liveAtEnd} retained, ${f.graceAtEnd} in their grace, ${f.peersAtEnd - f.liveAtEnd - f.graceAtEnd} released and idle); ` +
  `after grace + gcTimeMs and one more badge: ${f.peersAfter} records / ${f.entriesAfter} entries, ` +
  `${f.heldAfter} subscriptions held; heap ${f.heapBefore.toFixed(1)} → ${f.heapAtEnd.toFixed(1)} → ${f.heapAfter.toFixed(1)} MB ` +
  `(+${(f.heapAfter - f.heapBefore).toFixed(1)} MB kept); calls ${JSON.stringify(f.calls)}`
console.log(
  `${DISTINCT} distinct IDs, ${BATCH} badges mounted at a time, the next batch every ${STEP_MS} ms (simulated); ` +
    `then ${retainedAtEnd} + 1 retained, at most ${recentAtEnd} released within grace + gcTimeMs of the end:\n` +
    `${describeChurn(`gcTimeMs ${SHORT_GC_MS}`, short)}\n${describeChurn('gcTimeMs Infinity (baseline)', kept)}\n` +
    `  records kept: ${short.peersAfter} vs ${kept.peersAfter} (${(kept.peersAfter / Math.max(1, short.peersAfter)).toFixed(0)}x fewer)`,
)

// The releases as vitest benchmarks too (hz, spread and ratios in its summary): each iteration takes a client
// with N badges subscribed from a pool filled before the iterations, so only the N releases and their pass are timed.
const ITERATIONS = 8
const WARMUP = 2

function unmountBench(n: number): [() => Promise<void>, Parameters<typeof bench>[2]] {
  const pool: Subscribed[] = []
  const run = async () => {
    const setup = pool.pop()
    if (!setup) throw new Error('the pool of subscribed clients is empty')
    for (const release of setup.releases) release()
    setup.passes.run()
  }
  return [
    run,
    {
      time: 0,
      iterations: ITERATIONS,
      warmupTime: 0,
      warmupIterations: WARMUP,
      async setup(_task, mode) {
        pool.length = 0
        // One spare, in case the runner calls the function once to see whether it is async.
        const count = (mode === 'warmup' ? WARMUP : ITERATIONS) + 1
        for (let i = 0; i < count; i++) pool.push(await subscribedBadges(n, round++))
        gc()
      },
    },
  ]
}

describe('unmounting N subscribed badges: N releases and their pass (engine time)', () => {
  for (const n of SIZES) bench(`${n} badges`, ...unmountBench(n))
})
