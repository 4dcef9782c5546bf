/** Made-up people for the playground's lists: deterministic, so a list looks the same on every load. */
import { UserStatusType } from '../../src'

/** A small deterministic random source (mulberry32). */
export function random(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = [
  'Alice',
  'Bob',
  'Carol',
  'Dave',
  'Erin',
  'Frank',
  'Grace',
  'Heidi',
  '李雷',
  '韩梅梅',
  '王芳',
  '张伟',
]
const LAST = ['Smith', 'Chen', 'Garcia', 'Müller', 'Rossi', 'Tanaka', 'Kim', 'Dubois', 'Silva']
const CUSTOM = ['In a meeting', 'Working from home', '午饭中', 'On holiday', 'Focus time 🎧', '']

/** One person of a list: an IM user ID and a display name. */
export interface Person {
  userID: string
  name: string
}

/** `count` people whose IDs are `prefix` and a number of `digits` digits (from 1). */
export function makePeople(count: number, prefix: string, digits: number): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    userID: `${prefix}${String(i + 1).padStart(digits, '0')}`,
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
  }))
}

const STATUSES = [UserStatusType.Online, UserStatusType.Offline, UserStatusType.Unlogined] as const

/** A random status (online ones may have a custom status). */
export function randomStatus(next: () => number) {
  const statusType = STATUSES[Math.floor(next() * STATUSES.length)] ?? UserStatusType.Online
  const customStatus =
    statusType === UserStatusType.Online ? (CUSTOM[Math.floor(next() * CUSTOM.length)] ?? '') : ''
  return { statusType, customStatus }
}
