import type { Readiness } from '../core/types'

/**
 * What to do about the codes a developer meets most, one line each. The devtools' own table (not the errors'
 * messages, which production builds shorten), so it reads the same in any build.
 */
export const CODE_ADVICE: Readonly<Record<number, string>> = {
  2996: 'Over 20 calls per 5 s: the engine backs off and retries. Frequent? Another client of this user shares the budget.',
  3122: 'The plan lacks user status (Ultimate edition). Right after login the SDK may not know the plan yet: it is asked twice more.',
  72001: 'User status is off in the IM console: switch it on under Feature Configuration, then refetch.',
  2024: 'Not logged in: call tim.login() and wait for SDK_READY; requests wait until then.',
}

/** Why nothing is sent, by readiness. */
export const READINESS_REASON: Readonly<Record<Readiness, string>> = {
  ready: 'Logged in and connected: calls are sent.',
  'not-logged-in':
    'The SDK is not logged in (or not yet SDK_READY): call tim.login(); requests wait and go out once it is ready.',
  'logged-out':
    'The user logged out: requests wait for the next login, which restores everything still in use.',
  'kicked-out': 'Kicked out by a login elsewhere: log in again; requests wait until then.',
  offline: "Logged in, but the SDK's connection is down: requests wait until it reconnects.",
}

/** Names of the status numbers, as the badge says them. */
export const STATUS_NAME: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Online',
  2: 'Offline',
  3: 'Not logged in',
}

/** `in 1.2 s`, or `now`. */
export function describeWait(ms: number): string {
  return ms <= 0 ? 'now' : `in ${(ms / 1000).toFixed(1)} s`
}

/** `12.3 s` / `4 min` ago, from ms. */
export function describeAge(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s ago`
  return `${Math.round(ms / 60_000)} min ago`
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0')

/** `14:03:07.250`, local time. */
export function describeTime(at: number): string {
  const date = new Date(at)
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}
