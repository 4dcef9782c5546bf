import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { jsx } from 'react/jsx-runtime'
import type { UserStatus } from '../core/types'
import type { SubscribeMode } from '../core/visibilityRules'
import { useVisibleAs } from './useVisibleStatus'

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
  /**
   * `'visible'` (default): live while on screen (and a short grace after), fetched when it comes into view;
   * `true`: always live, ranked by visibility; `false`: never live, fetched when it comes into view.
   */
  subscribe?: SubscribeMode
  /** Show the custom status as text (and say it in the accessible name). Default false. */
  showCustomStatus?: boolean
  /** Override some or all of the words. */
  labels?: Partial<PresenceLabels>
}

// The props that are the badge's own: never passed to the <span>.
const OWN = ['userID', 'subscribe', 'showCustomStatus', 'labels']

/**
 * One `<span>` showing one user's status: `data-status` for styling, an accessible name in words (colour is
 * never the only signal), and optionally the custom status. Re-renders only when this user's status changes.
 * Asks when it is on screen and worth asking for (see `useVisibleStatus`).
 */
export const PresenceBadge = forwardRef<HTMLSpanElement, PresenceBadgeProps>(
  function PresenceBadge(props, forwarded) {
    const held = useVisibleAs('<PresenceBadge>', props.userID, props.subscribe)
    const { status } = held
    // The element to the visibility tracker and to the forwarded ref: one function per forwarded ref.
    if (held.f !== forwarded) {
      held.f = forwarded
      held.both = forwarded
        ? (element) => {
            held.ref(element)
            if (typeof forwarded !== 'function') forwarded.current = element
            else {
              // React 19: a callback ref's cleanup is called in place of ref(null); then both go through it.
              const cleanup: unknown = forwarded(element)
              if (typeof cleanup === 'function') {
                return () => {
                  held.ref(null)
                  cleanup()
                }
              }
            }
          }
        : held.ref
    }

    const state = presenceStateOf(status)
    const word = props.labels?.[state] ?? DEFAULT_PRESENCE_LABELS[state]
    const custom = props.showCustomStatus && status?.customStatus ? status.customStatus : ''
    const name = custom ? `${word}: ${custom}` : word
    // The span's props, made here rather than by JSX spreading a rest object: the one object React keeps as props.
    const span: Record<string, unknown> = {
      role: 'img',
      'aria-label': name,
      title: name,
      'data-status': state,
      'data-rts-badge': '',
    }
    for (const key in props) if (!OWN.includes(key)) span[key] = props[key as keyof PresenceBadgeProps]
    span.ref = held.both
    span.children = custom ? <span data-rts-custom-status="">{custom}</span> : null
    return jsx('span', span)
  },
)
