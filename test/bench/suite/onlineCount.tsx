// Section 6 of the suite: one status change in a big useOnlineCount (issue 19). A component with
// useOnlineCount(10,000 IDs, {subscribe: true}) against the same with 10 IDs, side by side, every status known; one
// subscribed user's status is pushed, flipping between online and not logged in so that the online count changes
// (and the component renders) every time, and the time until the component shows the new count is measured, with
// the busy and CPU time over the changes, the statuses the hook read and its renders. The provider's flap guard is off
// (offlineDelayMs: 0): with its default (5 s) a drop from online would show only 5 s later. Imported by run.ts only
// after React's production build was chosen. Reads the global `performance`: runs in node and in a browser.
import { createRoot, type Root } from 'react-dom/client'
import type { StatusClient } from '../../../src/core'
import { StatusProvider, useOnlineCount, useStatusClient } from '../../../src/react'
import { createFakeTim, type FakeTim } from '../../../src/testing'
import { freshContainer, macrotask } from './dom'
import type { Host } from './host'
import { count, median, table, times, verdict } from './report'

export const ONLINE_COUNT_BIG = 10_000
export const ONLINE_COUNT_SMALL = 10

/**
 * The client's rate limit out of the way (10,000 IDs are 20 queries, the server's 20 per 5 s), and the flap guard
 * off: a drop from online shows at once, not `offlineDelayMs` (5 s by default) later.
 */
const OPTIONS = { rateLimit: { calls: 1_000_000, perMs: 1 }, offlineDelayMs: 0 }

const ONLINE = 1
const UNLOGINED = 3

let beds = 0
/** Changes per measurement: one change takes tens of µs, and a browser's clock steps by up to 100 µs. */
const CHANGES = 100

let renders = 0

/** Shows the counts: the render costs the same for 10 IDs and for 10,000. */
function Count({ ids, onClient }: { ids: readonly string[]; onClient: (client: StatusClient) => void }) {
  renders++
  onClient(useStatusClient())
  const { online, known, total } = useOnlineCount(ids, { subscribe: true })
  return <span data-online={online} data-known={known} data-total={total} />
}

/** One measurement: `CHANGES` changes in a row. */
export interface OnlineCountFigures {
  /** Per change, from the push until the component shows the new count. */
  ms: number
  /** The main thread's busy time over the changes, per change (`host.busy()`; NaN when the CPU time was read). */
  busyMs: number
  /** CPU time over the changes, per change (`host.cpu()`; NaN when the busy time was read). */
  cpuMs: number
  /** The most entries read (client.getEntry) for one change. */
  reads: number
  /** The most renders of the component for one change. */
  renders: number
}

interface Bed {
  n: number
  /**
   * Pushes `CHANGES` changes to the watched user one after the other, each awaited until the count shows it, with
   * one meter over them: busy or CPU time (one at a time: in Chromium both read the same protocol metric, and a
   * meter inside the other would count the other's readings).
   */
  change(meter: 'busy' | 'cpu'): Promise<OnlineCountFigures>
  dispose(): Promise<void>
}

async function bed(n: number, host: Host): Promise<Bed> {
  const tim: FakeTim = createFakeTim({ latencyMs: 0, rateLimit: false })
  await tim.login({ userID: 'me' })
  await macrotask()
  const ids = Array.from({ length: n }, (_, i) => `c${beds}u${i}`)
  beds++
  let client: StatusClient | undefined
  const container = freshContainer()
  const root: Root = createRoot(container)
  root.render(
    <StatusProvider tim={tim} options={OPTIONS}>
      <Count ids={ids} onClient={(c) => (client = c)} />
    </StatusProvider>,
  )
  const element = () => container.firstElementChild
  const shown = (name: string) => Number(element()?.getAttribute(`data-${name}`))
  // Until every status is known and every call settled: the queries, then the subscriptions (maxSubscriptions, 200
  // by default).
  const settled = () =>
    shown('known') === n &&
    tim.backend.subscriptionsOf('me').length > 0 &&
    !tim.calls.some((call) => call.outcome === 'pending')
  for (let turn = 0; !settled(); turn++) {
    if (turn > 2000)
      throw new Error(`${n} IDs: the statuses are not all known, or the SDK calls did not settle`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  if (shown('total') !== n) throw new Error(`${n} IDs: the total shown is ${shown('total')}`)
  // A user the server holds subscribed, from the middle of those.
  const held = tim.backend.subscriptionsOf('me')
  const watched = held[Math.floor(held.length / 2)] as string
  if (!watched) throw new Error(`${n} IDs: nothing subscribed`)
  const status = (client as StatusClient).getStatus(watched)?.statusType
  if (status !== UNLOGINED) throw new Error(`${n} IDs: the watched user's status is ${status}`)
  const getEntry = (client as StatusClient).getEntry
  let reads = 0
  ;(client as StatusClient).getEntry = (id) => {
    reads++
    return getEntry(id)
  }
  let type = UNLOGINED
  return {
    n,
    async change(meter) {
      let mostReads = 0
      let mostRenders = 0
      let total = 0
      const reading = meter === 'busy' ? host.busy() : host.cpu()
      await reading.start()
      for (let i = 0; i < CHANGES; i++) {
        const before = shown('online')
        type = type === UNLOGINED ? ONLINE : UNLOGINED
        const expected = before + (type === ONLINE ? 1 : -1)
        reads = 0
        renders = 0
        const at = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            const now = performance.now()
            observer.disconnect()
            resolve(now)
          })
          observer.observe(element() as Element, { attributes: true, attributeFilter: ['data-online'] })
        })
        const start = performance.now()
        tim.backend.setStatus(watched, { statusType: type })
        total += (await at) - start
        if (shown('online') !== expected) throw new Error('the change is not shown')
        mostReads = Math.max(mostReads, reads)
        mostRenders = Math.max(mostRenders, renders)
      }
      const read = (await reading.stop()) / CHANGES
      if (shown('known') !== n) throw new Error(`${n} IDs: a status is no longer known`)
      return {
        ms: total / CHANGES,
        busyMs: meter === 'busy' ? read : Number.NaN,
        cpuMs: meter === 'cpu' ? read : Number.NaN,
        reads: mostReads,
        renders: mostRenders,
      }
    },
    async dispose() {
      container.remove()
      root.unmount()
      await tim.destroy()
      await macrotask()
    },
  }
}

/**
 * Rounds of `CHANGES` changes in each, interleaved (order alternating; the meter, busy or CPU time, alternating by
 * pairs of rounds, so that each meets both orders): the report's lines and its verdict.
 */
export async function onlineCountReport(
  host: Host,
  rounds: number,
  warmup = 10,
): Promise<{ lines: string[]; verdict: string }> {
  const big = await bed(ONLINE_COUNT_BIG, host)
  const small = await bed(ONLINE_COUNT_SMALL, host)
  const figures = new Map<Bed, OnlineCountFigures[]>([
    [big, []],
    [small, []],
  ])
  for (let round = 0; round < warmup + rounds; round++) {
    const meter = Math.floor(round / 2) % 2 ? 'cpu' : 'busy'
    for (const one of round % 2 ? [small, big] : [big, small]) {
      const result = await one.change(meter)
      if (host.flags.raw && round >= warmup) console.log('online count', round, one.n, JSON.stringify(result))
      if (round >= warmup) figures.get(one)?.push(result)
    }
  }
  await big.dispose()
  await small.dispose()
  const of = (one: Bed): OnlineCountFigures => {
    const runs = figures.get(one) ?? []
    const read = (figure: (run: OnlineCountFigures) => number) =>
      median(runs.map(figure).filter((value) => !Number.isNaN(value)))
    return {
      ms: median(runs.map((r) => r.ms)),
      busyMs: read((r) => r.busyMs),
      cpuMs: read((r) => r.cpuMs),
      reads: Math.max(...runs.map((r) => r.reads)),
      renders: Math.max(...runs.map((r) => r.renders)),
    }
  }
  const b = of(big)
  const s = of(small)
  const ratio = b.ms / s.ms
  const micro = (value: number) => `${(value * 1000).toFixed(1)}`
  const row = (label: string, f: OnlineCountFigures) => [
    label,
    micro(f.ms),
    times(f.ms / s.ms),
    micro(f.busyMs),
    times(f.busyMs / s.busyMs),
    micro(f.cpuMs),
    times(f.cpuMs / s.cpuMs),
    count(f.reads),
    count(f.renders),
  ]
  return {
    lines: [
      `6. One change in a big useOnlineCount (issue 19): useOnlineCount(ids, {subscribe: true}), every status known; a push to`,
      '   one subscribed user (latency 0), flipping it online / not logged in, until the component shows the new online',
      `   count (MutationObserver); medians of ${rounds} interleaved rounds of ${CHANGES} changes`,
      ...table(
        ['approach', 'µs', `× ${ONLINE_COUNT_SMALL} IDs`, 'busy µs', '×', 'CPU µs', '×', 'read', 'renders'],
        [
          row(`react-tim-status: one change in a ${count(ONLINE_COUNT_BIG)}-ID useOnlineCount`, b),
          row(`react-tim-status: one change in a ${count(ONLINE_COUNT_SMALL)}-ID useOnlineCount`, s),
        ],
        1,
      ),
      `  µs: per change, over ${CHANGES} changes in a row, each awaited until shown; busy and CPU µs: over the same changes,`,
      '  per change, each in every other pair of rounds (one meter at a time); CPU time read as the header says;',
      `  busy: ${host.busyHow}.`,
      "  read: client.getEntry calls for one change (the most of any); renders: the component's, for one change (the most).",
      '  Every change moves the online count by one, so every change renders. The provider has offlineDelayMs: 0 here (the',
      '  flap guard off): with the default 5 s, a drop from online would show only after the delay. Its client rate limit is',
      `  raised (${count(ONLINE_COUNT_BIG)} IDs are 20 queries, the server's 20 per 5 s); the setup is as in section 5.`,
    ],
    verdict: verdict(
      ratio <= 2,
      `useOnlineCount: one change among ${count(ONLINE_COUNT_BIG)} IDs costs no more than among ${count(ONLINE_COUNT_SMALL)} (within 2×) (issue 19)`,
      `${times(ratio)} (${micro(b.ms)} µs vs ${micro(s.ms)} µs; busy ${times(b.busyMs / s.busyMs)}, CPU ${times(b.cpuMs / s.cpuMs)}; ${count(b.reads)} vs ${count(s.reads)} entries read)`,
    ),
  }
}
