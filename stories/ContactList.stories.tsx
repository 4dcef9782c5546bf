import type { Meta, StoryObj } from '@storybook/react-vite'
import { memo, useCallback, useEffect, useRef, useState } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { PresenceBadge, type SubscribeMode } from '../src'
import { rowsOnScreen } from './support/bigList'
import { CallsPanel } from './support/CallsPanel'
import type { PlaygroundBackend } from './support/createPlaygroundTim'
import { makePeople, type Person, random, randomStatus } from './support/people'
import { playground, usePlayground } from './support/playground'
import { readNumber } from './support/readTable'
import { onRealSdk } from './support/realSdk'
import type { RowRange } from './support/VirtualList'
import { VirtualList } from './support/VirtualList'

const CONTACTS = 5000
const ROW_HEIGHT = 32
const LIST_HEIGHT = 480

type Contact = Person

const contacts: Contact[] = makePeople(CONTACTS, 'user', 4)

/** Gives all 5,000 contacts a status in the backend before the login. */
function seedContacts(backend: PlaygroundBackend) {
  const next = random(42)
  for (const contact of contacts) backend.setStatus(contact.userID, randomStatus(next))
}

/** How the badges of the list are live: `subscribe` of `<PresenceBadge>`. */
const LIVE = { 'on screen': 'visible', always: true, never: false } as const satisfies Record<
  string,
  SubscribeMode
>
type Live = keyof typeof LIVE

/** One row: memoized, so a scroll re-renders only the rows it mounts. */
const ContactRow = memo(function ContactRow({ contact, live }: { contact: Contact; live: Live }) {
  return (
    <div className="pg-contact" data-user-id={contact.userID} style={{ height: ROW_HEIGHT }}>
      <span className="pg-contact-id">{contact.userID}</span>
      <span className="pg-contact-name">{contact.name}</span>
      <PresenceBadge userID={contact.userID} subscribe={LIVE[live]} showCustomStatus />
    </div>
  )
})

const contactKey = (contact: Contact) => contact.userID

interface FirstMount {
  /** When the list was first scrolled: the calls before it are the first mount's. */
  scrolledAt: number | null
}

/** Props of the contact-list playground. */
interface ContactListProps {
  /** Rows mounted beyond each edge of the visible part. */
  overscan: number
  /** Change a few users' statuses in the backend every 500 ms (some of them in view). */
  liveChanges: boolean
  /**
   * `subscribe` of every badge: `on screen` ('visible', the default: live while on screen), `always` (true: live
   * while mounted, ranked by visibility) or `never` (false: fetched when on screen).
   */
  live: Live
}

/**
 * 5,000 contacts in a windowed list, each row a `<PresenceBadge showCustomStatus>`, beside a panel of the SDK
 * calls that the engine makes. Scroll it and watch the batching (500 IDs per query, 100 per subscribe), the
 * rate limit (at most 20 calls per family in any 5 s) and the subscriptions follow what is on screen.
 */
function ContactList({ overscan, liveChanges, live }: ContactListProps) {
  const { tim } = usePlayground()
  // Read by the panel and the live changes on their own timers, so scrolling re-renders only the list.
  const rangeRef = useRef<RowRange>({ start: 0, end: 0 })
  const listRef = useRef<HTMLUListElement>(null)
  const [firstMount, setFirstMount] = useState<FirstMount>({ scrolledAt: null })
  const mountedOnce = useRef(false)
  const [changes, setChanges] = useState(0)

  const onRangeChange = useCallback(
    (next: RowRange) => {
      rangeRef.current = next
      // The first range change after the first mount is the first scroll.
      if (!mountedOnce.current) mountedOnce.current = true
      else setFirstMount((first) => (first.scrolledAt === null ? { scrolledAt: tim.backend.now() } : first))
    },
    [tim],
  )
  const mountedRows = useCallback(() => rangeRef.current.end - rangeRef.current.start, [])
  const onScreen = useCallback(() => (listRef.current ? rowsOnScreen(listRef.current, ROW_HEIGHT) : []), [])
  const renderContact = useCallback(
    (contact: Contact) => <ContactRow contact={contact} live={live} />,
    [live],
  )

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
          listRef={listRef}
        />
        <span className="pg-muted">
          {liveChanges ? `Live: ${changes} status changes made in the backend so far` : 'Live changes off'}
        </span>
      </div>
      <CallsPanel tim={tim} mountedRows={mountedRows} onScreen={onScreen} firstMount={firstMount} />
    </div>
  )
}

const meta = {
  title: 'Playground/Contact list',
  component: ContactList,
  tags: ['!autodocs'],
  args: { overscan: 10, liveChanges: true, live: 'on screen' },
  argTypes: {
    overscan: { control: { type: 'range', min: 0, max: 1500, step: 10 } },
    live: { control: 'inline-radio', options: Object.keys(LIVE) },
  },
  // The engine's default limit (20 per 5 s plus 250 ms of margin for arrival times) is what the panel checks.
  loaders: [playground({ seed: seedContacts })],
} satisfies Meta<typeof ContactList>

export default meta
type Story = StoryObj<typeof meta>

const FIRST_MOUNT = 'First mount'
const CALLS = /^SDK calls/
const NOW = 'Now'
/** Waits on SDK timers (latency, the 150 ms dwell before a row on screen asks, rate-limit windows). */
const LONG = { timeout: 10_000 }

const now = (canvasElement: HTMLElement, row: string) => readNumber(canvasElement, NOW, row)
const firstMount = (canvasElement: HTMLElement, api: string, column: string) =>
  readNumber(canvasElement, FIRST_MOUNT, api, column)

/** Waits until the rows on screen are all live and known, and nothing waits to be asked; returns how many. */
async function settledOnScreen(canvasElement: HTMLElement) {
  return waitFor(() => {
    const shown = now(canvasElement, 'rows on screen')
    expect(shown, 'rows on screen').toBeGreaterThan(10)
    expect(now(canvasElement, 'rows on screen live'), 'rows on screen live').toBe(shown)
    expect(now(canvasElement, 'rows on screen with an unknown status')).toBe(0)
    expect(readNumber(canvasElement, CALLS, 'getUserStatus', 'IDs waiting'), 'IDs waiting').toBe(0)
    return shown
  }, LONG)
}

/** Checks that no family made more than 20 calls in any 5 s or sent more IDs than it takes, and no 2996. */
async function checkLimits(canvasElement: HTMLElement) {
  const limits = { getUserStatus: 500, subscribeUserStatus: 100, unsubscribeUserStatus: 100 }
  for (const [api, most] of Object.entries(limits)) {
    await expect(readNumber(canvasElement, CALLS, api, 'largest call'), `${api} IDs`).toBeLessThanOrEqual(
      most,
    )
    await expect(
      readNumber(canvasElement, CALLS, api, 'max in any 5 s'),
      `${api} max in any 5 s`,
    ).toBeLessThanOrEqual(20)
    await expect(readNumber(canvasElement, CALLS, api, 'refused (2996)'), `${api} refused`).toBe(0)
  }
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
 * The default: badges live while on screen, and the list mounts 10 rows beyond each edge. The play function checks
 * that the first mount asks only for the rows on screen (one query, one subscribe; the rows mounted off screen
 * stay unknown), then scrolls through all 5,000 contacts as fast as the list can render: rows passed faster than
 * the 150 ms dwell ask for nothing, the rows at the end go live, no family made more than 20 calls in any 5 s and
 * the server refused none.
 */
export const FiveThousandContacts: Story = {
  name: '5,000 contacts',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const shown = await settledOnScreen(canvasElement)
    // Only the rows on screen are subscribed: the rows mounted beyond them ask for nothing.
    await expect(now(canvasElement, 'IDs subscribed'), 'IDs subscribed').toBe(shown)
    await expect(now(canvasElement, 'rows mounted')).toBeGreaterThan(shown)
    const list = canvas.getByRole('list', { name: 'Contacts' })
    const offScreen = within(list)
      .getAllByRole('img')
      .filter((badge) => !rowsOnScreen(list, ROW_HEIGHT).some((row) => row.badge === badge))
    await expect(offScreen.length, 'badges mounted off screen').toBeGreaterThan(0)
    for (const badge of offScreen) await expect(badge).toHaveAttribute('data-status', 'unknown')
    // One query and one subscribe, each with exactly the rows on screen.
    for (const api of ['getUserStatus', 'subscribeUserStatus']) {
      await expect(firstMount(canvasElement, api, 'IDs sent'), `${api} IDs sent`).toBe(shown)
      await expect(firstMount(canvasElement, api, 'calls made'), `${api} calls made`).toBe(1)
    }
    await expect(firstMount(canvasElement, 'unsubscribeUserStatus', 'calls made')).toBe(0)
    const before = {
      query: readNumber(canvasElement, CALLS, 'getUserStatus', 'calls'),
      subscribe: readNumber(canvasElement, CALLS, 'subscribeUserStatus', 'calls'),
    }

    // The scrolling box around the list. One window of mounted rows per step: every contact is mounted at least
    // once on the way down, each for far less than the dwell.
    const scroller = list.parentElement as HTMLElement
    const step = Math.max(ROW_HEIGHT, (now(canvasElement, 'rows mounted') - 1) * ROW_HEIGHT)
    for (let top = step; top < CONTACTS * ROW_HEIGHT; top += step) {
      scroller.scrollTop = top
      scroller.dispatchEvent(new Event('scroll'))
      await nextTask()
    }
    scroller.scrollTop = scroller.scrollHeight
    scroller.dispatchEvent(new Event('scroll'))

    // The rows at the end go live and get their status.
    const lastRow = (await canvas.findByText('user5000', undefined, LONG)).closest('li') as HTMLElement
    await waitFor(
      () => expect(within(lastRow).getByRole('img')).not.toHaveAttribute('data-status', 'unknown'),
      LONG,
    )
    const end = await settledOnScreen(canvasElement)
    // 5,000 rows passed, but only the last screen (and any the page lingered on) asked for anything.
    const calls = {
      query: readNumber(canvasElement, CALLS, 'getUserStatus', 'calls') - before.query,
      subscribe: readNumber(canvasElement, CALLS, 'subscribeUserStatus', 'calls') - before.subscribe,
    }
    await expect(calls.query, 'queries for the scroll').toBeGreaterThanOrEqual(1)
    await expect(calls.query, 'queries for the scroll').toBeLessThanOrEqual(5)
    await expect(calls.subscribe, 'subscribes for the scroll').toBeLessThanOrEqual(5)
    await checkLimits(canvasElement)
    // The first screen, scrolled away, is let go: what stays subscribed is the screen at the end.
    await waitFor(() => expect(now(canvasElement, 'IDs subscribed')).toBe(end), { timeout: 15_000 })
  },
}

/**
 * A window of 1,000 extra rows, every badge `subscribe` (always live while mounted): the first mount puts over
 * 1,000 badges on the page at once, wanted live, and they cost ceil(rows / 500) = 3 queries, not one per badge.
 * The default `maxSubscriptions` (200) keeps 200 of them live (2 subscribes of 100), the rows on screen among them
 * (visibility ranks them first); the rest are kept fresh by queries, so no subscription is silently dropped by the
 * server.
 */
export const ThousandRowsAtOnce: Story = {
  name: '1,000+ rows mounted at once',
  args: { overscan: 1000, liveChanges: false, live: 'always' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(now(canvasElement, 'rows mounted')).toBeGreaterThan(1000), LONG)
    const rows = now(canvasElement, 'rows mounted')
    const cap = now(canvasElement, 'subscription cap (maxSubscriptions)')
    // Settled: as many live as the cap allows, the rows on screen among them, the rest polled.
    const shown = await settledOnScreen(canvasElement)
    await waitFor(() => {
      expect(now(canvasElement, 'IDs wanted live')).toBe(rows)
      expect(now(canvasElement, 'IDs subscribed'), 'IDs subscribed').toBe(cap)
      expect(now(canvasElement, 'IDs past the cap (kept fresh by queries)')).toBe(rows - cap)
    }, LONG)
    // Every mounted row asked for, in full calls of 500: ceil(rows / 500) = 3 queries. The rows on screen are
    // asked once more when the list has seen them and subscribed them (a change in between would be missed).
    const queried = firstMount(canvasElement, 'getUserStatus', 'IDs sent')
    await expect(queried).toBeGreaterThanOrEqual(rows)
    await expect(queried).toBeLessThanOrEqual(rows + shown)
    await expect(firstMount(canvasElement, 'getUserStatus', 'calls made')).toBeLessThanOrEqual(
      Math.ceil(rows / 500) + 1,
    )
    // The cap in full calls of 100: 2 subscribes. Until the list sees what is on screen, the most recently mounted
    // rows rank first; then the rows on screen are swapped in (one more subscribe, one unsubscribe at most).
    const subscribed = firstMount(canvasElement, 'subscribeUserStatus', 'IDs sent')
    await expect(subscribed).toBeGreaterThanOrEqual(cap)
    await expect(subscribed).toBeLessThanOrEqual(cap + shown)
    await expect(firstMount(canvasElement, 'subscribeUserStatus', 'calls made')).toBeLessThanOrEqual(
      Math.ceil(cap / 100) + 1,
    )
    await expect(firstMount(canvasElement, 'unsubscribeUserStatus', 'IDs sent')).toBe(subscribed - cap)
    await checkLimits(canvasElement)
  },
}

/**
 * The same first mount on the unmodified `@tencentcloud/chat` against the local IM in the page: the SDK's own
 * truncation (500 / 100 IDs) would show here as more calls or missing statuses.
 */
export const ThousandRowsAtOnceOnRealSdk: Story = onRealSdk(ThousandRowsAtOnce)
