// @vitest-environment jsdom
// Unmounting N subscribed <PresenceBadge> in jsdom with React's production build: the whole commit, and the
// engine's part of it (the badges' effect cleanups and store unsubscriptions). jsdom figures compare designs; they
// are not browser absolutes. Figures are printed; nothing asserts on wall-clock time. Run with `npm run bench`.
import { bench, describe, vi } from 'vitest'

// JSX made by React's production runtime (the test transform targets the development one).
vi.mock('react/jsx-dev-runtime', async () => (await import('./productionJsx')).productionJsxRuntime())

// React picks its build when first loaded: production, before anything imports it (so the rest is imported here).
process.env.NODE_ENV = 'production'
const { mountBadges, reactBuild, reactVersion } = await import('./reactBadges')
type Figures = ReturnType<Awaited<ReturnType<typeof mountBadges>>['unmount']>

const ms = (value: number) => `${value.toFixed(1)} ms`
const SIZES = [5000, 10_000, 20_000] as const
const ROUNDS = 3

// A small round first, so that the JIT has seen the code (and React DOM is loaded, to say which build).
;(await mountBadges(1000, 'warm')).unmount()
if (reactBuild !== 'production') throw new Error(`React DOM's ${reactBuild} build was loaded, not production`)
const rows: string[] = []
let round = 0
for (const n of SIZES) {
  const results: Figures[] = []
  for (let i = 0; i < ROUNDS; i++) results.push((await mountBadges(n, `r${round++}u`)).unmount())
  const median = (pick: (r: Figures) => number) =>
    results.map(pick).sort((a, b) => a - b)[Math.floor(results.length / 2)] as number
  const unmount = median((r) => r.unmountMs)
  const engine = median((r) => r.unmountEngineMs)
  rows.push(
    `  ${String(n).padStart(6)} badges: unmount commit ${ms(unmount)}, of which engine ${ms(engine)} ` +
      `(${((engine * 1000) / n).toFixed(2)} µs/badge), React + jsdom ${ms(median((r) => r.unmountMs - r.unmountEngineMs))}; ` +
      `engine pass after it ${ms(median((r) => r.passMs))}; ` +
      `mount ${ms(median((r) => r.mountMs))} (engine ${ms(median((r) => r.mountEngineMs))}); ` +
      `in grace after: ${Math.min(...results.map((r) => r.inGrace))}`,
  )
}
console.log(
  `unmounting N subscribed <PresenceBadge> in one commit (jsdom, React ${reactVersion} ${reactBuild} build, ` +
    `median of ${ROUNDS}):\n${rows.join('\n')}`,
)

// The unmount commit as a vitest benchmark: the badges are mounted before the iterations, one set per iteration.
const ITERATIONS = 4
const pool: Awaited<ReturnType<typeof mountBadges>>[] = []
describe('unmounting 5,000 subscribed <PresenceBadge> in one commit (React production build, jsdom)', () => {
  bench(
    'commit (React + engine)',
    async () => {
      const mounted = pool.pop()
      if (!mounted) throw new Error('the pool of mounted badges is empty')
      mounted.unmount()
    },
    {
      time: 0,
      iterations: ITERATIONS,
      warmupTime: 0,
      warmupIterations: 1,
      async setup(_task, mode) {
        pool.length = 0
        // One spare, in case the runner calls the function once to see whether it is async.
        const count = (mode === 'warmup' ? 1 : ITERATIONS) + 1
        for (let i = 0; i < count; i++) pool.push(await mountBadges(5000, `b${round++}u`))
      },
    },
  )
})
