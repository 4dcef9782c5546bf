/**
 * The example's made-up contacts and the statuses its fake backend starts with: deterministic, so the page looks
 * the same on every load (and its Chromium check knows what each badge must show). No imports: plain data.
 */

/** `statusType` as the SDK gives it: 1 online, 2 offline (logged in, app in the background), 3 not logged in. */
export type StatusType = 1 | 2 | 3

export interface Contact {
  userID: string
  name: string
  statusType: StatusType
  customStatus: string
}

/** The signed-in user of the example. */
export const ME = 'me'

const FIRST = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', '李雷', '韩梅梅']
const LAST = ['Smith', 'Chen', 'Garcia', 'Müller', 'Rossi', 'Tanaka', 'Kim']
const CUSTOM = ['', 'In a meeting', '', 'Working from home', '', '午饭中', '', 'Focus time']

/** 2,000 contacts: about a third online, some of those with a custom status. */
export const CONTACTS: readonly Contact[] = Array.from({ length: 2000 }, (_, i) => {
  const statusType: StatusType = i % 3 === 0 ? 1 : i % 3 === 1 ? 2 : 3
  return {
    userID: `user${String(i + 1).padStart(4, '0')}`,
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
    statusType,
    customStatus: statusType === 1 ? (CUSTOM[i % CUSTOM.length] ?? '') : '',
  }
})
