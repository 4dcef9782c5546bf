// The suite's host in node: jsdom, busy time from performance.eventLoopUtilization.
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import type { Host } from './host'

const require = createRequire(import.meta.url)
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version

export const nodeHost: Host = {
  where: `node ${process.version}, jsdom ${versionOf('jsdom')}`,
  visibility: 'jsdom has no IntersectionObserver: every badge counts as visible at once (no dwell).',
  busyHow: "the event loop's active time over the same stretch (performance.eventLoopUtilization)",
  versions: { tanstack: versionOf('@tanstack/react-query'), zustand: versionOf('zustand') },
  flags: { raw: process.env.SUITE_RAW === '1', tanstackAt20k: process.env.SUITE_TANSTACK_20K === '1' },
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
}
