/** The own status: answered by the SDK from its cache, never rate limited, no plan needed. */
import { type Engine, peerOf } from './engine'
import { type StatusError, toStatusError } from './errors'
import { classify } from './failurePolicy'
import { NEVER } from './peers'
import { settleWaiters } from './queries'
import { settle } from './reconciler'
import { callSdk, type ReadStatus, readQueryResponse, readSelfResponse } from './sdkCall'
import { onNotReadyError } from './session'
import type { UserStatus } from './types'
import { validateCustomStatus } from './validate'

/** Writes the own status into its entry and into the store's `self`. */
export function applySelf(engine: Engine, status: ReadStatus, at: number): void {
  const peer = peerOf(engine, status.userID)
  peer.freshAt = at
  peer.queryError = null
  engine.store.write((w) => {
    const changed = w.status(status.userID, status, at)
    w.entry(status.userID, { failure: null })
    if (changed || engine.store.store.getState().self === undefined)
      w.global({ self: engine.store.getEntry(status.userID).status })
    settle(engine, peer)
  })
}

/** Whether the own status is known since the last login (pushes keep it live from then on). */
export function isSelfFresh(engine: Engine): boolean {
  const me = engine.session.userID
  return me !== null && (engine.peers.get(me)?.freshAt ?? NEVER) > NEVER
}

/** Asks for the own status with the batch of this task, so that a start/stop/start in one task asks once. */
export function fetchSelf(engine: Engine): void {
  if (engine.selfScheduled) return
  engine.selfScheduled = true
  engine.options.batchScheduleFn(() => {
    engine.selfScheduled = false
    void querySelf(engine)
  })
}

async function querySelf(engine: Engine): Promise<void> {
  const { session, options } = engine
  const me = session.userID
  if (session.readiness !== 'ready' || me === null) return
  const generation = session.generation
  const sentAfterPush = engine.pushSeq
  try {
    const answer = callSdk('getUserStatus', () => engine.tim.getUserStatus({ userIDList: [me] }))
    engine.watchSelf?.('getUserStatus', [me], answer)
    const response = await answer
    if (generation !== session.generation) return
    const own = readQueryResponse(response).success.find((item) => item.userID === me)
    if (own && peerOf(engine, me).pushSeq <= sentAfterPush) applySelf(engine, own, options.clock.now())
    settleWaiters(engine, me)
  } catch (error) {
    if (generation !== session.generation) return
    // Not ready after all: look again (a login asks for the own status anew).
    if (classify(error as StatusError) === 'not-ready') return onNotReadyError(engine, error as StatusError)
    const peer = peerOf(engine, me)
    peer.queryError = error as StatusError
    settle(engine, peer)
    settleWaiters(engine, me, error as StatusError)
  }
}

/** Sets the own custom status (at most 100 UTF-8 bytes; `''` clears). Rejects with 2024 before login. */
export async function setSelfStatus(engine: Engine, customStatus: string): Promise<UserStatus> {
  const text = validateCustomStatus(customStatus, 'setSelfStatus')
  const { session, options } = engine
  const me = session.userID
  if (!session.loggedIn || me === null) throw toStatusError({ code: 2024, message: '' }, 'setSelfStatus')
  const answer = callSdk('setSelfStatus', () => engine.tim.setSelfStatus({ customStatus: text }))
  engine.watchSelf?.('setSelfStatus', [me], answer)
  const response = await answer
  const status = readSelfResponse(response, me, text)
  const now = options.clock.now()
  if (session.userID !== me) return { ...status, statusType: 1, updatedAt: now }
  peerOf(engine, me).pushSeq = ++engine.pushSeq
  applySelf(engine, status, now)
  return engine.store.getEntry(me).status as UserStatus
}
