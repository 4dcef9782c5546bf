// @vitest-environment jsdom
// The benchmark suite of issues 11, 18 and 19, in node: jsdom, React's production build, the fake SDK answering in 20 ms (real
// timers). react-tim-status's <PresenceBadge> against the floor (one getUserStatus per row, no limits), TanStack
// Query per row with a batcher, and a zustand selector per row:
// 1. time to all statuses at N = 1,000 / 5,000 / 20,000 badges (ms and CPU time, × the floor, React commits, SDK
//    calls); at 5,000 issue 18's target: ≤ 1.15× the floor (naive per-row useEffect + getUserStatus rows);
// 2. mount cost at N = 5,000: the commit of 5,000 <PresenceBadge subscribe={false}> rows against 5,000 naive rows
//    (getUserStatus in a useEffect per row; issue 18's target: ≤ 1.15× theirs) and bare zustand rows, each mounted
//    into a root that already rendered with no rows; wall and CPU time (process.cpuUsage here; in Chromium the main
//    thread's, per task), the passive effects' share, and to the next task;
// 3. one status update among 10,000 shown rows against a zustand selector per row (and React's own share);
// 4. unmounting 20,000 shown rows in one commit against bare zustand rows (ms, the engine's share, the SDK calls it leads
//    to; test/bench/suite/unmount.tsx).
// 5. one change in a 20,000-ID useUserStatus against a 20-ID one (ms until shown, entries read; test/bench/suite/bigHook.tsx);
// 6. one change in a 10,000-ID useOnlineCount against a 10-ID one, issue 19's target: within 2× (time until the count
//    shows it, busy and CPU time, statuses read, renders; the flap guard off, offlineDelayMs: 0, so that a drop from
//    online shows at once; test/bench/suite/onlineCount.tsx).
// Every figure is a median of interleaved rounds, printed as a table with the targets of issues 11, 18 and 19 and whether
// each is met; nothing is asserted on wall-clock time. The measurements are in test/bench/suite/. Run alone with
// `npx vitest bench --run --project core test/bench/suite.bench.ts` (about 130 s).
import { afterAll, bench, describe, vi } from 'vitest'
import { installCommitCounter } from './suite/commits'

// JSX made by React's production runtime (the test transform targets the development one).
vi.mock('react/jsx-dev-runtime', async () => (await import('./productionJsx')).productionJsxRuntime())

// React picks its build when first loaded, and looks for a DevTools hook then: both before anything imports it.
process.env.NODE_ENV = 'production'
installCommitCounter()
const { runSuite } = await import('./suite/run')
const { nodeHost } = await import('./suite/nodeHost')

let report: string | undefined

describe('issue 11 suite: react-tim-status against the floor, TanStack Query and zustand (jsdom, React production build)', () => {
  bench(
    'every measurement, once (the figures are the medians of its rounds)',
    async () => {
      // One run: the rounds are inside it (and the runner may call the function once more).
      if (report) return
      report = await runSuite(nodeHost)
    },
    { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 },
  )
})

afterAll(() => {
  if (report) console.log(report)
})
