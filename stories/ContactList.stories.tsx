import type { Meta, StoryObj } from '@storybook/react-vite'
import { memo, useCallback, useEffect, useRef, useState } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { PresenceBadge, UserStatusType } from '../src'
import { CallsPanel } from './support/CallsPanel'
import type { PlaygroundBackend } from './support/createPlaygroundTim'
import { playground, usePlayground } from './support/playground'
import { readFigure, readNumber } from './support/readTable'
import { onRealSdk } from './support/realSdk'
import type { RowRange } from './support/VirtualList'
import { VirtualList } from './support/VirtualList'

const CONTACTS = 5000
const ROW_HEIGHT = 32
const LIST_HEIGHT = 480

/** A small deterministic random source, so the list looks the same on every load. */
function random(seed: number) {
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

interface Contact {
  userID: string
  name: string
}

const contacts: Contact[] = Array.from({ length: CONTACTS }, (_, i) => ({
  userID: `user${String(i + 1).padStart(4, '0')}`,
  name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
}))

const STATUSES = [UserStatusType.Online, UserStatusType.Offline, UserStatusType.Unlogined] as const

function randomStatus(next: () => number) {
  const statusType = STATUSES[Math.floor(next() * STATUSES.length)] ?? UserStatusType.Online
  const customStatus =
    statusType === UserStatusType.Online ? (CUSTOM[Math.floor(next() * CUSTOM.length)] ?? '') : ''
  return { statusType, customStatus }
}

/** Gives all 5,000 contacts a status in the backend before the login. */
function seedContacts(backend: PlaygroundBackend) {
  const next = random(42)
  for (const contact of contacts) backend.setStatus(contact.userID, randomStatus(next))
}

/** One row: memoized, so a scroll re-renders only the rows it mounts. */
const ContactRow = memo(function ContactRow({ contact }: { contact: Contact }) {
  return (
    <div className="pg-contact" style={{ height: ROW_HEIGHT }}>
      <span className="pg-contact-id">{contact.userID}</span>
      <span className="pg-contact-name">{contact.name}</span>
      <PresenceBadge userID={contact.userID} showCustomStatus />
    </div>
  )
})

const renderContact = (contact: Contact) => <ContactRow contact={contact} />
const contactKey = (contact: Contact) => contact.userID

interface FirstMount {
  /** Rows mounted by the first render. */
  rows: number
  /** When the list was first scrolled: the calls before it are the first mount's. */
  scrolledAt: number | null
}

/** Props of the contact-list playground. */
interface ContactListProps {
  /** Rows mounted beyond each edge of the visible part. */
  overscan: number
  /** Change a few users' statuses in the backend every 500 ms (some of them in view). */
  liveChanges: boolean
}

/**
 * 5,000 contacts in a windowed list, each row a `<PresenceBadge showCustomStatus>`, beside a panel of the SDK
 * calls that the engine makes. Scroll it and watch the batching (500 IDs per query, 100 per subscribe), the
 * rate limit (at most 20 calls per family in any 5 s) and the subscriptions follow what is on screen.
 */
function ContactList({ overscan, liveChanges }: ContactListProps) {
  const { tim } = usePlayground()
  // Read by the panel and the live changes on their own timers, so scrolling re-renders only the list.
  const rangeRef = useRef<RowRange>({ start: 0, end: 0 })
  const [firstMount, setFirstMount] = useState<FirstMount>({ rows: 0, scrolledAt: null })
  const firstMountRef = useRef(firstMount)
  const [changes, setChanges] = useState(0)

  const onRangeChange = useCallback(
    (next: RowRange) => {
      rangeRef.current = next
      const first = firstMountRef.current
      let update: FirstMount | null = null
      if (first.rows === 0) update = { rows: next.end - next.start, scrolledAt: null }
      // The first range change after the first mount is the first scroll.
      else if (first.scrolledAt === null) update = { ...first, scrolledAt: tim.backend.now() }
      if (update) {
        firstMountRef.current = update
        setFirstMount(update)
      }
    },
    [tim],
  )
  const mountedRows = useCallback(() => rangeRef.current.end - rangeRef.current.start, [])

  useEffect(() => {
    if (!liveChanges) return
    const next = random(7)
    const timer = setInterval(() => {
      const { start, end } = rangeRef.current
      const picks = [
        Math.floor(next() * CONTACTS),
        Math.floor(next() * CONTACTS),
        start + Math.floor(next() * (end - start)),
        start + Math.floor(next() * (end - start)),
      ]
      for (const index of picks) {
        const contact = contacts[index]
        if (contact) tim.backend.setStatus(contact.userID, randomStatus(next))
      }
      setChanges((n) => n + picks.length)
    }, 500)
    return () => clearInterval(timer)
  }, [liveChanges, tim])

  return (
    <div className="pg-contacts-layout">
      <div className="pg-stack">
        <VirtualList
          aria-label="Contacts"
          items={contacts}
          rowHeight={ROW_HEIGHT}
          height={LIST_HEIGHT}
          overscan={overscan}
          getKey={contactKey}
          onRangeChange={onRangeChange}
          renderRow={renderContact}
        />
        <span className="pg-muted">
          {liveChanges ? `Live: ${changes} status changes made in the backend so far` : 'Live changes off'}
        </span>
      </div>
      <CallsPanel tim={tim} mountedRows={mountedRows} firstMount={firstMount} />
    </div>
  )
}

const meta = {
  title: 'Playground/Contact list',
  component: ContactList,
  tags: ['!autodocs'],
  args: { overscan: 10, liveChanges: true },
  argTypes: { overscan: { control: { type: 'range', min: 0, max: 1500, step: 10 } } },
  // The engine's default limit (20 per 5 s plus 250 ms of margin for arrival times) is what the panel checks.
  loaders: [playground({ seed: seedContacts })],
} satisfies Meta<typeof ContactList>

export default meta
type Story = StoryObj<typeof meta>

const FIRST_MOUNT = 'First mount'
const CALLS = /^SDK calls/

/**
 * Checks that the first mount cost exactly ceil(rows / 500) queries and ceil(min(rows, cap) / 100) subscribes, and
 * that as many rows as the cap allows are live, the rest kept fresh by queries.
 */
async function checkFirstMount(canvasElement: HTMLElement) {
  const canvas = within(canvasElement)
  await canvas.findByRole('table', { name: FIRST_MOUNT })
  const rows = () => readNumber(canvasElement, FIRST_MOUNT, 'getUserStatus', 'rows mounted')
  await waitFor(() => expect(rows()).toBeGreaterThan(0))
  const cap = readNumber(canvasElement, 'Now', 'subscription cap (maxSubscriptions)')
  // Settled: every mounted row within the cap subscribed, the rest past it, and nothing waiting.
  await waitFor(() => {
    expect(readNumber(canvasElement, 'Now', 'IDs subscribed'), 'IDs subscribed').toBe(Math.min(rows(), cap))
    expect(readNumber(canvasElement, 'Now', 'IDs past the cap (kept fresh by queries)')).toBe(
      Math.max(0, rows() - cap),
    )
    expect(
      readNumber(canvasElement, CALLS, 'getUserStatus', 'IDs waiting'),
      'getUserStatus IDs waiting',
    ).toBe(0)
  })
  for (const api of ['getUserStatus', 'subscribeUserStatus']) {
    const expected = readNumber(canvasElement, FIRST_MOUNT, api, 'expected calls')
    await expect(readNumber(canvasElement, FIRST_MOUNT, api, 'calls made'), `${api} calls made`).toBe(
      expected,
    )
  }
  return rows()
}

/** Yields one task, so React runs the effects of the last render (a message is not clamped like a timer). */
function nextTask() {
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}

/**
 * The default window (the rows in view plus 10 on each side). The play function checks the first mount's cost,
 * then scrolls through all 5,000 contacts as fast as the list can render, and checks that no family made more
 * than 20 calls in any 5 s, that the server refused none, and that the rows at the end get their status.
 */
export const FiveThousandContacts: Story = {
  name: '5,000 contacts',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const rows = await checkFirstMount(canvasElement)
    await expect(Math.ceil(rows / 500)).toBe(1)

    // The scrolling box around the list.
    const list = canvas.getByRole('list', { name: 'Contacts' }).parentElement as HTMLElement
    // One window of mounted rows per step: every contact is mounted at least once on the way down.
    const step = Math.max(ROW_HEIGHT, (rows - 1) * ROW_HEIGHT)
    for (let top = step; top < CONTACTS * ROW_HEIGHT; top += step) {
      list.scrollTop = top
      list.dispatchEvent(new Event('scroll'))
      await nextTask()
    }
    list.scrollTop = list.scrollHeight
    list.dispatchEvent(new Event('scroll'))

    // The rows at the end get their status once the rate limit lets the calls for them through.
    const lastRow = (await canvas.findByText('user5000')).closest('li') as HTMLElement
    await waitFor(
      () => expect(within(lastRow).getByRole('img')).not.toHaveAttribute('data-status', 'unknown'),
      {
        timeout: 8000,
      },
    )

    for (const api of ['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus']) {
      await expect(
        readNumber(canvasElement, CALLS, api, 'max in any 5 s'),
        `${api} max in any 5 s`,
      ).toBeLessThanOrEqual(20)
      await expect(readNumber(canvasElement, CALLS, api, 'refused (2996)'), `${api} refused`).toBe(0)
    }
    // The scroll went past the budget: the panel shows it spent.
    await expect(readNumber(canvasElement, CALLS, 'getUserStatus', 'calls')).toBeGreaterThan(1)
    await expect(readFigure(canvasElement, CALLS, 'subscribeUserStatus', 'IDs per call')).not.toBe('–')
  },
}

/**
 * A window of 1,000 extra rows: the first mount puts over 1,000 badges on the page at once, and they cost
 * ceil(rows / 500) = 3 queries, not one per badge. The default `maxSubscriptions` (200) keeps 200 of them live
 * (2 subscribes); the rest are kept fresh by queries, so no subscription is silently dropped by the server.
 */
export const ThousandRowsAtOnce: Story = {
  name: '1,000+ rows mounted at once',
  args: { overscan: 1000, liveChanges: false },
  play: async ({ canvasElement }) => {
    const rows = await checkFirstMount(canvasElement)
    await expect(rows).toBeGreaterThan(1000)
    await expect(readNumber(canvasElement, FIRST_MOUNT, 'getUserStatus', 'calls made')).toBe(3)
    await expect(readNumber(canvasElement, FIRST_MOUNT, 'subscribeUserStatus', 'calls made')).toBe(2)
  },
}

/**
 * The same first mount on the unmodified `@tencentcloud/chat` against the local IM in the page: the SDK's own
 * truncation (500 / 100 IDs) would show here as more calls or missing statuses.
 */
export const ThousandRowsAtOnceOnRealSdk: Story = onRealSdk(ThousandRowsAtOnce)
