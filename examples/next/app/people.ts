/**
 * The example's made-up team and the statuses its fake backend starts with: deterministic, so the page looks the
 * same on every load (and its Chromium check knows what each badge must show). No imports: plain data, safe on the
 * server and in the browser.
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

const NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', '李雷', '韩梅梅']

/** 30 teammates: a third each online, offline and not logged in. */
export const CONTACTS: readonly Contact[] = Array.from({ length: 30 }, (_, i) => {
  const statusType: StatusType = i % 3 === 0 ? 1 : i % 3 === 1 ? 2 : 3
  return {
    userID: `teammate${String(i + 1).padStart(2, '0')}`,
    name: `${NAMES[i % NAMES.length]} ${Math.floor(i / NAMES.length) + 1}`,
    statusType,
    customStatus: i === 0 ? 'In a meeting' : '',
  }
})
