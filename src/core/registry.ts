import { Engine } from './engine'
import { pass } from './pass'
import type { Shell } from './ports'
import type { TimLike } from './sdk'
import { OwnStatus } from './selfStatus'
import type { StatusClient } from './statusClient'
import type { ResolvedOptions } from './types'

/**
 * One engine per SDK instance, kept for as long as the instance lives: the server counts calls and subscriptions
 * per SDK instance, so every provider and `createStatusClient` on it must share one budget and one picture of
 * what the server holds. The only module-level state of the library, and keyed by the instance.
 */
const engines = new WeakMap<TimLike, Engine | Pending>()

/** What the engine runs: the pass and the own status (the engine itself imports neither). */
const shellOf = (engine: Engine): Shell => ({ pass: () => pass(engine), ownStatus: new OwnStatus(engine) })

/** What to do with an instance's engine once made, kept in its place until then (the call log's attach). */
type Pending = ((engine: Engine) => void) & { options?: undefined }

/** The fields of the options that change what the engine does (functions aside). */
function describeOptions(options: ResolvedOptions): string {
  const { clock: _clock, batchScheduleFn: _schedule, ...rest } = options
  return JSON.stringify(rest)
}

/**
 * The engine of `tim`, made with `options` on first use. Options belong to the SDK instance: a later client with
 * different options gets the engine as it is (with a console warning in development).
 */
export function engineFor(tim: TimLike, options: ResolvedOptions): Engine {
  const existing = engines.get(tim)
  if (!existing?.options) {
    const engine = new Engine(tim, options, shellOf)
    engines.set(tim, engine)
    existing?.(engine)
    return engine
  }
  if (
    process.env.NODE_ENV !== 'production' &&
    describeOptions(existing.options) !== describeOptions(options)
  ) {
    console.warn(
      'react-tim-status: this SDK instance already has a status engine with other options; they are kept (options belong to the SDK instance)',
    )
  }
  return existing
}

/** The SDK instance of a client, or the instance itself (the devtools and inspection take either). */
export const timOf = (target: StatusClient | TimLike): TimLike =>
  'retain' in target ? (target as StatusClient).tim : (target as TimLike)

/** The engine of `tim`, if one was made (for the inspection API). */
export function engineOf(tim: TimLike): Engine | undefined {
  const engine = engines.get(tim)
  return typeof engine === 'object' ? engine : undefined
}

/** Until the engine of `tim` is made, keeps `pending` to run with it as it is; undefined drops the one kept. */
export function whenMade(tim: TimLike, pending: Pending | undefined): void {
  if (typeof engines.get(tim) !== 'object') pending ? engines.set(tim, pending) : engines.delete(tim)
}
