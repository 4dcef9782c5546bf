/**
 * A custom status that clears itself (Slack's "clear after"): set with `clearAfterMs`, it is cleared on the server
 * (one `setSelfStatus('')`) when that has passed, unless another status was set meanwhile. The timer belongs to
 * the SDK instance, not to a provider, so it survives a remount; if it passes while logged out or offline, the
 * status is cleared once the own status is known again, if it is still the one set. Needs the page open.
 */
import type { Engine } from './engine'
import { engineOf } from './registry'
import type { StatusClient } from './statusClient'
import type { UserStatus } from './types'
import { validateDuration } from './validate'

/** What `setCustomStatus` does besides setting. */
export interface SetCustomStatusOptions {
  /** Clear the status on the server after this many ms (a number > 0), unless another one is set meanwhile. */
  clearAfterMs?: number
}

/**
 * The cancel of the latest `setCustomStatus` on each SDK instance: a later one ends its expiry. Module-level, as
 * the registry's engines are, and keyed by the instance likewise.
 */
const latest = new WeakMap<object, () => void>()

/**
 * Sets the own custom status (at most 100 UTF-8 bytes; `''` clears) and, with `clearAfterMs`, clears it after that
 * long. Any status set through this function cancels the clearing of the one before.
 */
export async function setCustomStatus(
  client: StatusClient,
  text: string,
  options?: SetCustomStatusOptions,
): Promise<UserStatus> {
  const given = options?.clearAfterMs
  const clearAfterMs = given === undefined ? 0 : validateDuration(given, 'setCustomStatus', 'clearAfterMs')
  const { tim, options: clientOptions } = client
  const { clock } = clientOptions
  latest.get(tim)?.()
  let timer: unknown
  let stopWaiting = () => {}
  let cancelled = false
  const cancel = () => {
    cancelled = true
    clock.clearTimeout(timer)
    stopWaiting()
  }
  latest.set(tim, cancel)
  const status = await client.setSelfStatus(text)
  if (cancelled || clearAfterMs === 0 || text === '') return status
  // Cleared once it has passed and the own status is known (a login after a logout asks for it), if still `text`;
  // through the SDK instance's engine, as the expiry belongs to the instance: a client destroyed meanwhile is not
  // needed.
  const engine = engineOf(tim) as Engine
  const look = () => {
    const { ready, self } = engine.store.store.getState()
    if (!ready || !self) return
    cancel()
    if (latest.get(tim) === cancel) latest.delete(tim)
    // Another status was set meanwhile (here, or on another device): it stays.
    if (self.customStatus === text) engine.self.set('').catch(() => {})
  }
  timer = clock.setTimeout(() => {
    stopWaiting = engine.store.store.subscribe(look)
    look()
  }, clearAfterMs)
  return status
}
