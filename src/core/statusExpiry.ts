/**
 * A custom status that clears itself (Slack's "clear after"): set with `clearAfterMs`, it is cleared on the server
 * (one `setSelfStatus('')`) when that has passed, unless another status was set meanwhile. The timer belongs to
 * the SDK instance, not to a provider, so it survives a remount; if it passes while logged out or offline, the
 * status is cleared once the own status is known again, if it is still the one set. Needs the page open.
 */
import type { StatusClient } from './statusClient'
import type { UserStatus } from './types'
import { validateDuration } from './validate'

/** What `setCustomStatus` does besides setting. */
export interface SetCustomStatusOptions {
  /** Clear the status on the server after this many ms (a number > 0), unless another one is set meanwhile. */
  clearAfterMs?: number
}

/** The latest `setCustomStatus` on each SDK instance, and the cancel of the expiry it set (if any). */
const latest = new WeakMap<object, { cancel?: () => void }>()

/** Clears `text` once the own status is known, if it is still `text`; returns the cancel. */
function clearWhenKnown(client: StatusClient, text: string, done: () => void): () => void {
  let off = () => {}
  const look = () => {
    const { ready, self } = client.getState()
    if (!ready || !self) return
    off()
    done()
    // Another status was set meanwhile (here, or on another device): it stays.
    if (self.customStatus === text) client.setSelfStatus('').catch(() => {})
  }
  off = client.store.subscribe(look)
  look()
  return () => off()
}

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
  const clearAfterMs =
    given === undefined ? undefined : validateDuration(given, 'setCustomStatus', 'clearAfterMs')
  const { tim } = client
  // This call is now the latest: the expiry of an earlier one ends.
  latest.get(tim)?.cancel?.()
  const mine: { cancel?: () => void } = {}
  latest.set(tim, mine)
  const status = await client.setSelfStatus(text)
  // A later call came meanwhile, or nothing is to expire.
  if (latest.get(tim) !== mine || clearAfterMs === undefined || text === '') return status
  const { clock } = client.options
  let stopWaiting = () => {}
  const timer = clock.setTimeout(() => {
    stopWaiting = clearWhenKnown(client, text, () => {
      if (latest.get(tim) === mine) latest.delete(tim)
    })
  }, clearAfterMs)
  mine.cancel = () => {
    clock.clearTimeout(timer)
    stopWaiting()
  }
  return status
}
