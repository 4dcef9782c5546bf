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
 * Sets the own custom status (at most 100 UTF-8 bytes; `''` clears) and, with `clearAfterMs`, clears it after that
 * long. Any later set of the own status on the SDK instance (this function, `setSelfStatus`, auto-away) cancels
 * the clearing.
 */
export async function setCustomStatus(
  client: StatusClient,
  text: string,
  options?: SetCustomStatusOptions,
): Promise<UserStatus> {
  const given = options?.clearAfterMs
  const clearAfterMs = given === undefined ? 0 : validateDuration(given, 'setCustomStatus', 'clearAfterMs')
  const setting = client.setSelfStatus(text)
  // Through the SDK instance's engine, as the expiry belongs to the instance: it outlives the client that set it.
  const engine = engineOf(client.tim) as Engine
  // The set just sent is the latest while no other was sent since.
  const mine = engine.self.sets
  const latest = () => engine.self.sets === mine
  const status = await setting
  if (clearAfterMs === 0 || text === '') return status
  const { store } = engine.store
  let stopWaiting = () => {}
  // Cleared once it has passed and the own status is known (a login after a logout asks for it), if still `text`.
  const look = () => {
    if (!latest()) return stopWaiting()
    const { ready, self } = store.getState()
    if (!ready || !self) return
    stopWaiting()
    // Another status was set meanwhile on another device: it stays.
    if (self.customStatus === text) engine.self.set('').catch(() => {})
  }
  client.options.clock.setTimeout(() => {
    if (!latest()) return
    stopWaiting = store.subscribe(look)
    look()
  }, clearAfterMs)
  return status
}
