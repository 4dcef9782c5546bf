// The suite's host in Chromium (vitest browser mode, Playwright): busy time from the DevTools protocol's
// `TaskDuration` (the renderer main thread's task time). Reading it over the protocol costs the page a little work of
// its own (the command's messages): measured on empty stretches when the host is made, and taken off every reading.
// In thread ticks, TaskDuration is the main thread's CPU time: the same reading is the host's CPU meter. It can be
// read only between tasks (an awaited protocol command), so a stretch covers whole tasks, their microtasks included.
import tanstackPackage from '@tanstack/react-query/package.json' with { type: 'json' }
import { cdp } from 'vitest/browser'
import zustandPackage from 'zustand/package.json' with { type: 'json' }
import { type BusyMeter, type Host, onlyOf } from '../suite/host'
import { median } from '../suite/report'

interface Metrics {
  metrics: { name: string; value: number }[]
}

const CALIBRATION_ROUNDS = 21

export async function chromiumHost(): Promise<Host> {
  const session = cdp()
  await session.send('Performance.enable', { timeDomain: 'threadTicks' })
  const taskMs = async () => {
    const { metrics } = (await session.send('Performance.getMetrics')) as Metrics
    const task = metrics.find((metric) => metric.name === 'TaskDuration')
    if (!task) throw new Error('Chromium reports no TaskDuration')
    return task.value * 1000
  }
  const meter = (overheadMs: number): BusyMeter => {
    let from = Number.NaN
    return {
      async start() {
        from = await taskMs()
      },
      async stop() {
        return Math.max(0, (await taskMs()) - from - overheadMs)
      },
    }
  }
  const empty: number[] = []
  for (let i = 0; i < CALIBRATION_ROUNDS; i++) {
    const bare = meter(0)
    await bare.start()
    empty.push(await bare.stop())
  }
  const overheadMs = median(empty)
  const params = new URLSearchParams(globalThis.location?.search)
  // Vite hands the page the environment's VITE_ variables only (VITE_SUITE_RAW=1, VITE_SUITE_ONLY=firstPaint).
  const env = (import.meta as unknown as { env: Record<string, string | undefined> }).env
  return {
    where: `Chromium ${/Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '?'} (vitest browser mode)`,
    visibility:
      'every row is on screen (2 px cells): a badge asks once it has been on screen for its 150 ms dwell.',
    busyHow: `the renderer main thread's task time (DevTools protocol TaskDuration), less the ${overheadMs.toFixed(2)} ms a reading itself costs (median of ${CALIBRATION_ROUNDS} empty stretches)`,
    versions: { tanstack: tanstackPackage.version, zustand: zustandPackage.version },
    flags: {
      raw: params.has('raw') || env.VITE_SUITE_RAW === '1',
      tanstackAt20k: false,
      only: onlyOf(env.VITE_SUITE_ONLY),
    },
    busy: () => meter(overheadMs),
    cpuHow: `the renderer main thread's CPU time (TaskDuration in thread ticks, as the busy time), read only between tasks,\n  less the ${overheadMs.toFixed(2)} ms a reading costs`,
    cpu: () => meter(overheadMs),
  }
}
