import { useRef, useSyncExternalStore } from 'react'
import { RTS_ERROR, StatusError } from '../core/errors'
import type { StatusClient } from '../core/statusClient'
import type { UserStatus } from '../core/types'
import { validateUserID } from '../core/validate'
import type { Sighting } from '../core/visibility'
import type { SubscribeMode } from '../core/visibilityRules'
import { type StatusContextValue, useStatusContext } from './StatusProvider'
import { type View, viewOf } from './screenObserver'

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

/** The per-instance state of `useVisibleStatus` and `<PresenceBadge>`: made once, with the functions React is given. */
export interface Visible {
  /** The status of the last render. */
  status?: UserStatus
  /** The element's ref (the same function for the instance's lifetime). */
  ref: (element: Element | null) => void
  /** What `subscribe` and `get` were made for: the client, the provider's `own`, the ID and the mode. */
  c?: StatusClient
  w?: StatusContextValue['own']
  i?: string
  m?: SubscribeMode
  subscribe?: (onChange: () => void) => () => void
  get?: () => UserStatus | undefined
  /** The element, the sighting and the view it is from, and the observer's release. */
  el?: Element | null
  s?: Sighting | null
  o?: View
  un?: (() => void) | null
  /** `<PresenceBadge>`: the forwarded ref and both refs in one. */
  f?: unknown
  both?: (element: HTMLElement | null) => void
}

const serverStatus = () => undefined

function watch(held: Visible): void {
  held.un?.()
  held.un = held.el && held.s && held.o ? held.o.observe(held.el, held.s) : null
}

function createVisible(): Visible {
  const held: Visible = {
    ref(element) {
      if (held.el === element) return
      held.el = element
      if (!held.s) return
      // An element taken off the page is not on screen, and no observer will say so. It keeps its rank through the
      // grace: a row being deleted (its subscription let go next, maybe a task later) then costs no retain at all.
      if (!element) held.s.setVisible(false, true)
      watch(held)
    },
  }
  return held
}

/**
 * `useVisibleStatus`, naming `hookName` in its errors, returning its state. Per render: no allocation; on mount
 * one effect, the store subscription, which also tracks the ID's visibility (new functions only when the client,
 * the ID or the mode change).
 */
export function useVisibleAs(hookName: string, userID: string, mode: SubscribeMode | undefined): Visible {
  const { client, own } = useStatusContext(hookName)
  const id = validateUserID(userID, hookName)
  const subscribe = checkMode(mode ?? 'visible', hookName)
  const holder = useRef<Visible>(null)
  holder.current ??= createVisible()
  const held = holder.current
  if (held.c !== client || held.w !== own || held.i !== id || held.m !== subscribe) {
    held.c = client
    held.w = own
    held.i = id
    held.m = subscribe
    held.get = () => client.getEntry(id).status
    held.subscribe = (onChange) => {
      const view = viewOf(own, client)
      held.o = view
      held.s = view.tracker.track(id, subscribe)
      watch(held)
      const off = client.subscribeStatus(id, onChange)
      return () => {
        held.un?.()
        held.un = null
        held.s?.release()
        held.s = null
        off()
      }
    }
  }
  held.status = useSyncExternalStore(
    held.subscribe as NonNullable<Visible['subscribe']>,
    held.get as NonNullable<Visible['get']>,
    serverStatus,
  )
  return held
}

/**
 * One user's status for a row you render yourself: put `ref` on the row's element. While mounted it takes spare
 * places in queries sent anyway, and mounted below a list read down it is subscribed ahead; on screen it is asked
 * for at once while nothing scrolls, after a moment while the list moves (rows flung past cost nothing); then it is
 * fetched and, by default, subscribed while it stays on screen and for a short grace after it leaves.
 * `<PresenceBadge>` is built on it.
 */
export function useVisibleStatus(userID: string, options?: UseVisibleStatusOptions): UseVisibleStatusResult {
  const { ref, status } = useVisibleAs('useVisibleStatus', userID, options?.subscribe)
  return { ref, status }
}
