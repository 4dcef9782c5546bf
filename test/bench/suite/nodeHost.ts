// The suite's host in node: jsdom, busy time from performance.eventLoopUtilization, CPU time from process.cpuUsage.
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { type CpuMeter, type Host, onlyOf } from './host'

/** The process's CPU time so far (user + system), in ms. */
const cpuNow = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

const require = createRequire(import.meta.url)
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version

export const nodeHost: Host = {
  where: `node ${process.version}, jsdom ${versionOf('jsdom')}`,
  visibility: 'jsdom has no IntersectionObserver: every badge counts as visible at once (no dwell).',
  busyHow: "the event loop's active time over the same stretch (performance.eventLoopUtilization)",
  versions: { tanstack: versionOf('@tanstack/react-query'), zustand: versionOf('zustand') },
  flags: {
    raw: process.env.SUITE_RAW === '1',
    tanstackAt20k: process.env.SUITE_TANSTACK_20K === '1',
    only: onlyOf(process.env.VITE_SUITE_ONLY),
  },
  busy() {
    let from: ReturnType<typeof performance.eventLoopUtilization> | undefined
    return {
      async start() {
        from = performance.eventLoopUtilization()
      },
      async stop() {
        return performance.eventLoopUtilization(from).active
      },
    }
  },
  cpuHow:
    "process.cpuUsage(), user + system of the whole process (V8's GC and compiler threads too: it can exceed the wall time)",
  cpu(): CpuMeter {
    let from = Number.NaN
    return {
      async start() {
        from = cpuNow()
      },
      lap: () => cpuNow() - from,
      async stop() {
        return cpuNow() - from
      },
    }
  },
}
