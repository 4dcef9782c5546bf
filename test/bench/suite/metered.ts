// The engine's share of a commit: a client whose every call the badges make (and the functions those calls return:
// retain's release, subscribeEntry's unsubscribe) adds its time to a meter. Used by react.bench.ts and by the
// suite's unmount (section 4). Reads the global `performance`, so it runs in node and in a browser.
import type { StatusClient } from '../../../src/core'

/** What the meter counts: the client's functions the badges call, and those they return. */
export type MeteredCall = 'getEntry' | 'retain' | 'release' | 'subscribeEntry' | 'unsubscribe'

export interface Meter {
  /** Time spent inside the client's functions since the last reset. */
  ms: number
  /** Calls timed since the last reset, per function. */
  calls: Record<MeteredCall, number>
}

export const newMeter = (): Meter => ({
  ms: 0,
  calls: { getEntry: 0, retain: 0, release: 0, subscribeEntry: 0, unsubscribe: 0 },
})

/** Back to zero. */
export function resetMeter(meter: Meter): void {
  meter.ms = 0
  for (const name of Object.keys(meter.calls) as MeteredCall[]) meter.calls[name] = 0
}

/** `client` with getEntry, retain (and its release) and subscribeEntry (and its unsubscribe) timed into `meter`. */
export function metered(client: StatusClient, meter: Meter): StatusClient {
  const timed =
    <A extends unknown[], R>(name: MeteredCall, fn: (...args: A) => R) =>
    (...args: A): R => {
      const start = performance.now()
      try {
        return fn(...args)
      } finally {
        meter.ms += performance.now() - start
        meter.calls[name]++
      }
    }
  return {
    ...client,
    getEntry: timed('getEntry', client.getEntry),
    retain: timed('retain', (ids: readonly string[], options?: Parameters<StatusClient['retain']>[1]) =>
      timed('release', client.retain(ids, options)),
    ),
    subscribeEntry: timed('subscribeEntry', (id: string, listener: () => void) =>
      timed('unsubscribe', client.subscribeEntry(id, listener)),
    ),
  }
}
