// The React side of react.bench.ts: N <PresenceBadge> mounted in jsdom, then unmounted in one commit, with the
// engine's part of it (every call into the client made by the badges' effects and store subscriptions) timed apart.
// Imported by react.bench.ts only after it chose React's production build.
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { type Clock, createStatusClient } from '../../src/core'
import { PresenceBadge, StatusProvider } from '../../src/react'
import { createFakeTim, inspectEngine } from '../../src/testing'
import { metered, newMeter, resetMeter } from './suite/metered'

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Engine timers that never fire on their own (the grace would otherwise run out in the background). */
const stillClock: Clock = {
  now: () => 1_000_000,
  setTimeout: () => 0,
  clearTimeout: () => {},
}

function Badges({ ids }: { ids: readonly string[] }) {
  return (
    <ul>
      {ids.map((id) => (
        <li key={id}>
          <PresenceBadge userID={id} />
        </li>
      ))}
    </ul>
  )
}

export { version as reactVersion } from 'react'

const require = createRequire(import.meta.url)
/** Which of React DOM's builds was loaded (by the file Node loaded). */
export const reactBuild = ['production', 'development'].find((build) =>
  Object.keys(require.cache).some((file) => file.endsWith(`react-dom-client.${build}.js`)),
)

export interface ReactUnmountFigures {
  n: number
  mountMs: number
  mountEngineMs: number
  unmountMs: number
  unmountEngineMs: number
  /** The engine's pass after the unmount (a microtask, after the commit). */
  passMs: number
  inGrace: number
}

/** N subscribed badges, mounted; `unmount()` takes them all away in one commit and says what it cost. */
export interface MountedBadges {
  mountMs: number
  mountEngineMs: number
  unmount(): ReactUnmountFigures
}

/** Mounts N subscribed badges and waits until every one is subscribed and shows the fetched status. */
export async function mountBadges(n: number, prefix: string): Promise<MountedBadges> {
  const tim = createFakeTim({ rateLimit: false })
  await tim.login({ userID: 'me' })
  await macrotask()
  const passes: (() => void)[] = []
  const client = createStatusClient(tim, {
    // Time stands still (no grace or gc timer fires), but a 0 ms timer (the store publishing the answers that
    // landed together) runs with the passes.
    clock: {
      ...stillClock,
      setTimeout: (fn, ms) => {
        if (ms === 0) passes.push(fn)
        return 0
      },
    },
    batchScheduleFn: (flush) => {
      passes.push(flush)
    },
    maxSubscriptions: Number.POSITIVE_INFINITY,
    rateLimit: { calls: 1_000_000, perMs: 1 },
  })
  const runPasses = () => {
    const start = performance.now()
    while (passes.length > 0) (passes.shift() as () => void)()
    return performance.now() - start
  }
  const meter = newMeter()
  const wrapped = metered(client, meter)
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`)
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  const show = (list: readonly string[]) =>
    // A sync render: React runs the passive effects (retains, cleanups, store subscriptions) before flushSync returns.
    flushSync(() =>
      root.render(
        <StatusProvider client={wrapped}>
          <Badges ids={list} />
        </StatusProvider>,
      ),
    )

  const start = performance.now()
  show(ids)
  const mountMs = performance.now() - start
  const mountEngineMs = meter.ms
  for (let turn = 0; inspectEngine(client)?.server.present.length !== n; turn++) {
    if (turn > 10_000) throw new Error('the badges were not all subscribed')
    runPasses()
    await macrotask()
  }
  runPasses()
  await macrotask()
  if (container.querySelectorAll('[data-status="unlogined"]').length !== n)
    throw new Error('the badges do not show the fetched status')

  return {
    mountMs,
    mountEngineMs,
    unmount() {
      resetMeter(meter)
      const start = performance.now()
      // The badges go, the provider stays: their effect cleanups and store unsubscriptions run in this commit.
      show([])
      const unmountMs = performance.now() - start
      const unmountEngineMs = meter.ms
      const passMs = runPasses()
      const inGrace = inspectEngine(client)?.inGrace.length ?? -1
      root.unmount()
      container.remove()
      runPasses()
      return { n, mountMs, mountEngineMs, unmountMs, unmountEngineMs, passMs, inGrace }
    },
  }
}
