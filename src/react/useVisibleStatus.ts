import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react'
import { RTS_ERROR, StatusError } from '../core/errors'
import type { UserStatus } from '../core/types'
import { validateUserID } from '../core/validate'
import type { Sighting, SubscribeMode } from '../core/visibility'
import { useStatusContext } from './StatusProvider'

/** Options of `useVisibleStatus` (and the `subscribe` prop of `<PresenceBadge>`). */
export interface UseVisibleStatusOptions {
  /**
   * `'visible'` (default): live while on screen, fetched when it comes into view; `true`: always live (ranked by
   * visibility); `false`: never live, fetched when it comes into view.
   */
  subscribe?: SubscribeMode
}

/** What `useVisibleStatus` returns. */
export interface UseVisibleStatusResult {
  /** Put it on the row's element: its visibility decides what is asked for. */
  ref: (element: Element | null) => void
  /** The status (undefined while unknown). */
  status: UserStatus | undefined
}

function checkMode(subscribe: unknown, where: string): SubscribeMode {
  if (subscribe === 'visible' || subscribe === true || subscribe === false) return subscribe
  throw new StatusError(
    RTS_ERROR.INVALID_ARGUMENT,
    process.env.NODE_ENV !== 'production'
      ? `${where}: subscribe must be 'visible', true or false, got ${String(subscribe)}`
      : `${where}: bad subscribe`,
  )
}

/**
 * One user's status for a row you render yourself: put `ref` on the row's element. Nothing is asked for until the
 * row has been on screen for a moment (rows scrolled past cost nothing); then it is fetched and, by default,
 * subscribed while it stays on screen and for a short grace after it leaves. `<PresenceBadge>` is built on it.
 */
export function useVisibleStatus(userID: string, options?: UseVisibleStatusOptions): UseVisibleStatusResult {
  return useVisibleStatusAs('useVisibleStatus', userID, options)
}

/** `useVisibleStatus`, naming `hookName` in its errors. */
export function useVisibleStatusAs(
  hookName: string,
  userID: string,
  options?: UseVisibleStatusOptions,
): UseVisibleStatusResult {
  const { client, view } = useStatusContext(hookName)
  const id = validateUserID(userID, hookName)
  const subscribe = checkMode(options?.subscribe ?? 'visible', hookName)
  const held = useRef<{ element: Element | null; sighting: Sighting | null; unobserve: (() => void) | null }>(
    {
      element: null,
      sighting: null,
      unobserve: null,
    },
  )

  const watch = useCallback(() => {
    const current = held.current
    current.unobserve?.()
    current.unobserve =
      current.element && current.sighting ? view().observe(current.element, current.sighting) : null
  }, [view])

  useEffect(() => {
    const current = held.current
    current.sighting = view().tracker.track(id, subscribe)
    watch()
    return () => {
      current.unobserve?.()
      current.unobserve = null
      current.sighting?.release()
      current.sighting = null
    }
  }, [view, watch, id, subscribe])

  const ref = useCallback(
    (element: Element | null) => {
      const current = held.current
      if (current.element === element) return
      current.element = element
      if (!current.sighting) return
      // An element taken off the page is not on screen, and no observer will say so.
      if (!element) current.sighting.setVisible(false)
      watch()
    },
    [watch],
  )

  const listen = useCallback((onChange: () => void) => client.subscribeEntry(id, onChange), [client, id])
  const status = useSyncExternalStore(
    listen,
    () => client.getEntry(id).status,
    () => undefined,
  )
  return { ref, status }
}
