// The benchmark suite of issue 11 (see ../suite.bench.ts) in Chromium: the same measurements on a real DOM, with
// React's production build (the `bench-chromium` project defines NODE_ENV as production). `npm run bench` runs it
// after the node suite; alone: `npx vitest bench --run --project bench-chromium`. Section 7 (first paint) alone:
// `VITE_SUITE_ONLY=firstPaint npx vitest bench --run --project bench-chromium`; every round's figures: VITE_SUITE_RAW=1.
import { afterAll, bench, describe, vi } from 'vitest'
import { installCommitCounter } from '../suite/commits'

// JSX made by React's production runtime (the test transform targets the development one).
vi.mock('react/jsx-dev-runtime', async () => (await import('../productionJsx')).productionJsxRuntime())

// The DevTools hook must be there before React DOM loads.
installCommitCounter()
const { runSuite } = await import('../suite/run')
const { chromiumHost } = await import('./chromiumHost')

let report: string | undefined

describe('issue 11 suite in Chromium: react-tim-status against the floor, TanStack Query and zustand', () => {
  bench(
    'every measurement, once (the figures are the medians of its rounds)',
    async () => {
      if (report) return
      report = await runSuite(await chromiumHost())
    },
    { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 },
  )
})

afterAll(() => {
  if (report) console.log(report)
})
