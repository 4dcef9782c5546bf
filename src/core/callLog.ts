/**
 * The last calls of an engine, for dev tools, through the engine's only hooks for inspection (`Family.watch` and
 * `OwnStatus.watch`, null until a log is attached). Nothing is recorded, and no log exists, while nobody is attached.
 */

import type { Engine } from './engine'
import type { CallWatch } from './family'
import { engineOf, timOf, whenMade } from './registry'
import type { TimLike } from './sdk'
import type { StatusClient } from './statusClient'
import { type ApiFamily, FAMILIES } from './types'

/** How many calls a log keeps (the oldest go first). */
export const CALL_LOG_SIZE = 100

/** One call of a status API, as sent and as answered. */
export interface CallRecord {
  /** 1 for the first call logged, then one more per call. */
  sequence: number
  /** `'self'`: the own status (`getUserStatus` of the own ID, answered by the SDK itself; `setSelfStatus`). */
  family: ApiFamily | 'self'
  api: string
  /** When it was sent and answered (the engine's clock); `answeredAt` is null while in flight. */
  sentAt: number
  answeredAt: number | null
  /** The IDs sent; undefined for an unsubscribe of every ID. */
  ids: readonly string[] | undefined
  outcome: 'in flight' | 'ok' | 'failed'
  /** The code of a failure (the SDK's, the backend's or `RTS_ERROR`); null otherwise. */
  code: number | null
  message: string
}

/** The calls logged so far, oldest first, at most `CALL_LOG_SIZE`. */
export interface CallLog {
  readonly records: readonly CallRecord[]
}

interface Attached {
  log: { records: CallRecord[] }
  users: number
  sequence: number
}

/** Logs by SDK instance (one engine each), while attached (waiting in the registry until the engine is made). */
const attached = new WeakMap<TimLike, Attached>()

function watcher(engine: Engine, state: Attached, family: CallRecord['family']): CallWatch {
  const { clock } = engine.options
  return (api: string, ids: readonly string[] | undefined, answer: Promise<unknown>) => {
    const record: CallRecord = {
      sequence: ++state.sequence,
      family,
      api,
      sentAt: clock.now(),
      answeredAt: null,
      ids: ids ? [...ids] : undefined,
      outcome: 'in flight',
      code: null,
      message: '',
    }
    const { records } = state.log
    records.push(record)
    if (records.length > CALL_LOG_SIZE) records.splice(0, records.length - CALL_LOG_SIZE)
    answer.then(
      () => {
        record.answeredAt = clock.now()
        record.outcome = 'ok'
      },
      (error: { code?: unknown; message?: unknown }) => {
        record.answeredAt = clock.now()
        record.outcome = 'failed'
        record.code = typeof error?.code === 'number' ? error.code : null
        record.message = String(error?.message ?? '')
      },
    )
  }
}

function install(engine: Engine, state: Attached): void {
  for (const family of FAMILIES) engine.families[family].watch = watcher(engine, state, family)
  engine.self.watch = watcher(engine, state, 'self')
}

/**
 * Starts logging the calls of the engine of `target`; returns the detach (the log goes with the last one). With no
 * engine made yet for its SDK instance, the log waits for one and logs from its first call.
 */
export function attachCallLog(target: StatusClient | TimLike): () => void {
  const tim = timOf(target)
  let state = attached.get(tim)
  if (!state) {
    const created: Attached = { log: { records: [] }, users: 0, sequence: 0 }
    const engine = engineOf(tim)
    if (engine) install(engine, created)
    else whenMade(tim, (made) => install(made, created))
    attached.set(tim, created)
    state = created
  }
  state.users++
  const current = state
  let detached = false
  return () => {
    if (detached) return
    detached = true
    if (--current.users > 0) return
    attached.delete(tim)
    whenMade(tim, undefined)
    const engine = engineOf(tim)
    if (!engine) return
    for (const family of FAMILIES) engine.families[family].watch = null
    engine.self.watch = null
  }
}

/** The call log of the engine of `target`, while one is attached and the engine is made. */
export function callLogOf(target: StatusClient | TimLike): CallLog | undefined {
  const tim = timOf(target)
  return engineOf(tim) ? attached.get(tim)?.log : undefined
}
