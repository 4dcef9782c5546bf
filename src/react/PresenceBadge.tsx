import {
  type ComponentPropsWithoutRef,
  forwardRef,
  useCallback,
  useEffect,
  useSyncExternalStore,
} from 'react'
import { EMPTY_ENTRY } from '../core/statusStore'
import type { UserStatus } from '../core/types'
import { validateUserID } from '../core/validate'
import { useStatusContext } from './StatusProvider'

/** What `data-status` says. `unknown` while loading, when the feature is off (72001 / 3122), or on the server. */
export type PresenceState = 'online' | 'offline' | 'unlogined' | 'unknown'

/** Words for each state, for the accessible name (override them to translate). */
export type PresenceLabels = Record<PresenceState, string>

/** The default English labels. */
export const DEFAULT_PRESENCE_LABELS: PresenceLabels = {
  online: 'Online',
  offline: 'Offline',
  unlogined: 'Not logged in',
  unknown: 'Status unknown',
}

const STATES: readonly PresenceState[] = ['unknown', 'online', 'offline', 'unlogined']

/** The state a badge shows for a status (undefined: unknown). */
export function presenceStateOf(status: UserStatus | undefined): PresenceState {
  return STATES[status?.statusType ?? 0] ?? 'unknown'
}

/** Props of `<PresenceBadge>`: its own, plus any `<span>` prop. */
export interface PresenceBadgeProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  userID: string
  /** Subscribe to live changes while mounted. Default true. */
  subscribe?: boolean
  /** Show the custom status as text (and say it in the accessible name). Default false. */
  showCustomStatus?: boolean
  /** Override some or all of the words. */
  labels?: Partial<PresenceLabels>
}

/**
 * One `<span>` showing one user's status: `data-status` for styling, an accessible name in words (colour is
 * never the only signal), and optionally the custom status. Re-renders only when this user's status changes.
 */
export const PresenceBadge = forwardRef<HTMLSpanElement, PresenceBadgeProps>(function PresenceBadge(
  { userID, subscribe = true, showCustomStatus = false, labels, ...spanProps },
  ref,
) {
  const { client } = useStatusContext('PresenceBadge')
  const id = validateUserID(userID, '<PresenceBadge>')

  useEffect(() => client.retain([id], { subscribe }), [client, id, subscribe])

  const listen = useCallback((onChange: () => void) => client.subscribeEntry(id, onChange), [client, id])
  const status = useSyncExternalStore(
    listen,
    () => client.getEntry(id).status,
    () => EMPTY_ENTRY.status,
  )

  const state = presenceStateOf(status)
  const word = labels?.[state] ?? DEFAULT_PRESENCE_LABELS[state]
  const custom = showCustomStatus && status?.customStatus ? status.customStatus : ''
  return (
    <span
      role="img"
      aria-label={custom ? `${word}: ${custom}` : word}
      title={custom ? `${word}: ${custom}` : word}
      data-status={state}
      data-rts-badge=""
      {...spanProps}
      ref={ref}
    >
      {custom ? <span data-rts-custom-status="">{custom}</span> : null}
    </span>
  )
})
