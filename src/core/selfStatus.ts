/** The own status: answered by the SDK from its cache, never rate limited, no plan needed. */
import { callSdk } from './calls'
import type { Engine } from './engine'
import { type StatusError, toStatusError } from './errors'
import { classify } from './failurePolicy'
import type { CallWatch } from './family'
import { NEVER } from './knowledge'
import type { OwnStatusPort } from './ports'
import { tellWaiters } from './queries'
import { type ReadStatus, readQueryResponse, readSelfResponse } from './responses'
import { onNotReadyError } from './sdkEvents'
import type { UserStatus } from './types'
import { validateCustomStatus } from './validate'

export class OwnStatus implements OwnStatusPort {
  readonly #engine: Engine
  #scheduled = false
  #sets = 0
  /** Sees the own status's calls (as `Family.watch` does a family's); unset unless a call log is attached. */
  watch: CallWatch | null = null

  constructor(engine: Engine) {
    this.#engine = engine
  }

  /** Writes the own status into its entry and into the store's `self`. */
  apply(status: ReadStatus, at: number): void {
    const engine = this.#engine
    const { store } = engine
    engine.knowledge.answered(status.userID, at)
    store.write((writer) => {
      const changed = writer.status(status.userID, status, at, { failure: null })
      if (changed || store.store.getState().self === undefined) {
        writer.global({ self: store.getEntry(status.userID).status })
      }
      engine.settle(status.userID)
    })
  }

  /** Whether the own status is known since the last login (pushes keep it live from then on). */
  isFresh(): boolean {
    const me = this.#engine.session.userID
    return me !== null && this.#engine.knowledge.of(me).freshAt > NEVER
  }

  /** Asks for the own status with the batch of this task, so that a start/stop/start in one task asks once. */
  fetch(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    this.#engine.options.batchScheduleFn(() => {
      this.#scheduled = false
      void this.#query()
    })
  }

  async #query(): Promise<void> {
    const engine = this.#engine
    const { session } = engine
    const me = session.userID
    if (!session.ready || me === null) return
    const generation = session.generation
    const sentAfterPush = engine.pushes
    try {
      const answer = callSdk('getUserStatus', () => engine.tim.getUserStatus({ userIDList: [me] }))
      this.watch?.('getUserStatus', [me], answer)
      const response = await answer
      if (generation !== session.generation) return
      const own = readQueryResponse(response).success.find((item) => item.userID === me)
      const pushedSince = engine.knowledge.of(me).pushSeq > sentAfterPush
      if (own && !pushedSince) this.apply(own, engine.options.clock.now())
      tellWaiters(engine, me)
      engine.settle(me)
    } catch (caught) {
      if (generation !== session.generation) return
      const error = caught as StatusError
      // Not ready after all: look again (a login asks for the own status anew).
      if (classify(error) === 'not-ready') return onNotReadyError(engine, error)
      engine.knowledge.failed(me, error)
      tellWaiters(engine, me, error)
      engine.settle(me)
    }
  }

  /** How many sets were sent on this SDK instance: a set is the latest while this has not moved since it. */
  get sets(): number {
    return this.#sets
  }

  /** Sets the own custom status (at most 100 UTF-8 bytes; `''` clears). Rejects with 2024 before login. */
  async set(customStatus: string): Promise<UserStatus> {
    const text = validateCustomStatus(customStatus, 'setSelfStatus')
    const engine = this.#engine
    const { session, options } = engine
    const me = session.userID
    if (!session.loggedIn || me === null) throw toStatusError({ code: 2024, message: '' }, 'setSelfStatus')
    this.#sets++
    const answer = callSdk('setSelfStatus', () => engine.tim.setSelfStatus({ customStatus: text }))
    this.watch?.('setSelfStatus', [me], answer)
    const status = readSelfResponse(await answer, me, text)
    const now = options.clock.now()
    if (session.userID !== me) return { ...status, statusType: 1, updatedAt: now, since: null }
    engine.knowledge.pushed(me, engine.nextPush(), now)
    this.apply(status, now)
    return engine.store.getEntry(me).status as UserStatus
  }
}
