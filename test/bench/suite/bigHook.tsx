// One change in a big useUserStatus: a component with useUserStatus(20,000 IDs, {subscribe: true}) against the same
// with 20 IDs, side by side; one subscribed user's status is pushed and the time until the component shows it is
// measured, with the entries the client read for it. Imported by run.ts only after React's production build was chosen.
import { createRoot, type Root } from 'react-dom/client'
import type { StatusClient } from '../../../src/core'
import { StatusProvider, useStatusClient, useUserStatus } from '../../../src/react'
import { createFakeTim, type FakeTim } from '../../../src/testing'
import { freshContainer, macrotask } from './dom'
import { count, median, ms, table, times, verdict } from './report'

/**
 * The client's rate limit out of the way (20,000 IDs are 40 queries, past the server's 20 per 5 s), and the flap
 * guard off: a drop from online shows at once, not `offlineDelayMs` (5 s by default) later.
 */
const UNLIMITED = { rateLimit: { calls: 1_000_000, perMs: 1 }, offlineDelayMs: 0 }

let beds = 0
/** Changes per measurement: one change takes tens of µs, and a browser's clock steps by up to 100 µs. */
const CHANGES = 100

/** Shows one watched user's status type: the render costs the same for 20 IDs and for 20,000. */
function Watch({
  ids,
  watched,
  onClient,
}: {
  ids: readonly string[]
  watched: string
  onClient: (client: StatusClient) => void
}) {
  onClient(useStatusClient())
  const { statuses } = useUserStatus(ids, { subscribe: true })
  return <span data-status={String(statuses[watched]?.statusType)} />
}

interface Bed {
  n: number
  /**
   * Pushes `CHANGES` changes to the watched user one after the other, each awaited until shown: ms per change, and the
   * most entries read (client.getEntry) for one change.
   */
  change(): Promise<{ ms: number; reads: number }>
  dispose(): Promise<void>
}

async function bed(n: number): Promise<Bed> {
  const tim: FakeTim = createFakeTim({ latencyMs: 0, rateLimit: false })
  await tim.login({ userID: 'me' })
  await macrotask()
  const ids = Array.from({ length: n }, (_, i) => `h${beds}u${i}`)
  beds++
  let client: StatusClient | undefined
  const container = freshContainer()
  const root: Root = createRoot(container)
  const render = (watched: string) =>
    root.render(
      <StatusProvider tim={tim} options={UNLIMITED}>
        <Watch ids={ids} watched={watched} onClient={(c) => (client = c)} />
      </StatusProvider>,
    )
  render(ids[0] as string)
  // Until every call settled: the queries, then the subscriptions (maxSubscriptions, 200 by default).
  const settled = () =>
    tim.backend.subscriptionsOf('me').length > 0 && !tim.calls.some((call) => call.outcome === 'pending')
  for (let turn = 0; !settled(); turn++) {
    if (turn > 2000) throw new Error(`${n} IDs: the SDK calls did not settle`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  // A user the server holds subscribed, from the middle of those.
  const held = tim.backend.subscriptionsOf('me')
  const watched = held[Math.floor(held.length / 2)] as string
  if (!watched) throw new Error(`${n} IDs: nothing subscribed`)
  render(watched)
  const element = () => container.firstElementChild
  for (let turn = 0; element()?.getAttribute('data-status') !== '3'; turn++) {
    if (turn > 2000) throw new Error(`${n} IDs: the status is not shown`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const getEntry = (client as StatusClient).getEntry
  let reads = 0
  ;(client as StatusClient).getEntry = (id) => {
    reads++
    return getEntry(id)
  }
  let type = 3
  return {
    n,
    async change() {
      let most = 0
      const start = performance.now()
      for (let i = 0; i < CHANGES; i++) {
        type = type === 3 ? 1 : 3
        reads = 0
        const shown = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            observer.disconnect()
            resolve()
          })
          observer.observe(element() as Element, { attributes: true })
        })
        tim.backend.setStatus(watched, { statusType: type })
        await shown
        if (element()?.getAttribute('data-status') !== String(type))
          throw new Error('the change is not shown')
        most = Math.max(most, reads)
      }
      return { ms: (performance.now() - start) / CHANGES, reads: most }
    },
    async dispose() {
      container.remove()
      root.unmount()
      await tim.destroy()
      await macrotask()
    },
  }
}

/** Rounds of one change in each, interleaved (order alternating): the report's lines and its verdict. */
export async function bigHookReport(
  rounds: number,
  warmup = 10,
): Promise<{ lines: string[]; verdict: string }> {
  const big = await bed(20_000)
  const small = await bed(20)
  const figures = new Map<Bed, { ms: number; reads: number }[]>([
    [big, []],
    [small, []],
  ])
  for (let round = 0; round < warmup + rounds; round++) {
    for (const one of round % 2 ? [small, big] : [big, small]) {
      const result = await one.change()
      if (round >= warmup) figures.get(one)?.push(result)
    }
  }
  await big.dispose()
  await small.dispose()
  const of = (one: Bed) => {
    const runs = figures.get(one) ?? []
    return { ms: median(runs.map((r) => r.ms)), reads: Math.max(...runs.map((r) => r.reads)) }
  }
  const b = of(big)
  const s = of(small)
  const ratio = b.ms / s.ms
  const row = (label: string, f: typeof b) => [label, ms(f.ms), count(f.reads), times(f.ms / s.ms)]
  return {
    lines: [
      `5. One change in a big useUserStatus: useUserStatus(ids, {subscribe: true}) showing one subscribed user; a push to it`,
      `   (latency 0) until the component shows it (MutationObserver); medians of ${rounds} interleaved rounds of ${CHANGES} changes`,
      ...table(
        ['approach', 'ms', 'entries read', '× 20 IDs'],
        [
          row('react-tim-status: one change in a 20,000-ID useUserStatus', b),
          row('react-tim-status: one change in a 20-ID useUserStatus', s),
        ],
        1,
      ),
      `  ms: per change, over ${CHANGES} changes in a row, each awaited until shown (the fake SDK delivers a push with latency 0`,
      '  at once, and the store publishes it at once); entries read: client.getEntry calls for one change (the most of any).',
      '  The provider has offlineDelayMs: 0 (the flap guard off), so that a drop from online shows at once.',
    ],
    verdict: verdict(
      ratio <= 2,
      'one change in a 20,000-ID useUserStatus costs no more than in a 20-ID one (within 2×)',
      `${times(ratio)} (${ms(b.ms)} ms vs ${ms(s.ms)} ms; ${count(b.reads)} vs ${count(s.reads)} entries read)`,
    ),
  }
}
