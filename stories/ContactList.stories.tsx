import type { Meta, StoryObj } from '@storybook/react-vite'
import { memo, useCallback, useEffect, useRef, useState } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { PresenceBadge, type SubscribeMode } from '../src'
import { StatusDevtools } from '../src/devtools/production'
import { rowsOnScreen } from './support/bigList'
import { familyStats, SERVER_LIMIT } from './support/callStats'
import type { PlaygroundBackend } from './support/createPlaygroundTim'
import { makePeople, type Person, random, randomStatus } from './support/people'
import { type Playground, playground, usePlayground } from './support/playground'
import { readFigure } from './support/readTable'
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
 * 5,000 contacts in a windowed list, each row a `<PresenceBadge showCustomStatus>`, with `<StatusDevtools>` open.
 * Scroll it and watch the batching (500 IDs per query, 100 per subscribe), the rate limit (at most 20 calls per
 * family in any 5 s) and the subscriptions follow what is on screen.
 */
function ContactList({ overscan, liveChanges, live }: ContactListProps) {
  const { tim } = usePlayground()
  // Read by the panel and the live changes on their own timers, so scrolling re-renders only the list.
  const rangeRef = useRef<RowRange>({ start: 0, end: 0 })
  const listRef = useRef<HTMLUListElement>(null)
  const [changes, setChanges] = useState(0)

  const onRangeChange = useCallback((next: RowRange) => {
    rangeRef.current = next
  }, [])
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
      {/* Asked for in production too: the static playground is a production build. */}
      <StatusDevtools initialIsOpen enabledInProduction position="top-right" />
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

/** Waits on SDK timers (latency, the 150 ms dwell before a row on screen asks, rate-limit windows). */
const LONG = { timeout: 10_000 }

/** What the devtools panel shows (a figure of one of its tables), and what the page shows. */
const figure = (canvasElement: HTMLElement, caption: string | RegExp, row: string, column?: string) =>
  readFigure(canvasElement, caption, row, column)
/** The first number of a devtools figure (`12 / 200` is 12). */
const count = (canvasElement: HTMLElement, caption: string | RegExp, row: string, column: string) =>
  Number.parseInt(figure(canvasElement, caption, row, column), 10)
const subscribed = (canvasElement: HTMLElement) => count(canvasElement, 'Subscriptions', 'held', 'count')
const contactList = (canvasElement: HTMLElement) =>
  within(canvasElement).getByRole('list', { name: 'Contacts' })
const rowsMounted = (canvasElement: HTMLElement) =>
  within(contactList(canvasElement)).getAllByRole('listitem').length

/** The story's SDK and user (what the server received is read from the SDK's call log). */
const playgroundOf = (loaded: Record<string, unknown>) => loaded.playground as Playground

/**
 * Waits until the rows on screen are all live (the devtools list them as held) and known, and nothing waits to be
 * asked; returns how many.
 */
async function settledOnScreen(canvasElement: HTMLElement) {
  return waitFor(() => {
    const shown = rowsOnScreen(contactList(canvasElement), ROW_HEIGHT)
    expect(shown.length, 'rows on screen').toBeGreaterThan(10)
    // Every ID held, those behind the panel's disclosure too.
    const held = new Set(figure(canvasElement, 'Subscriptions', 'held', 'IDs').match(/user\d+/g))
    const live = shown.filter((row) => held.has(row.userID))
    expect(live.length, 'rows on screen live').toBe(shown.length)
    const unknown = shown.filter((row) => row.badge.getAttribute('data-status') === 'unknown')
    expect(unknown.length, 'rows on screen with an unknown status').toBe(0)
    expect(figure(canvasElement, 'Queue', 'query', 'queued'), 'IDs waiting').toBe('0')
    return shown.length
  }, LONG)
}

/** Calls of each family in the SDK's log from call number `from` on (own-ID queries aside: the SDK answers them). */
function stats({ tim, userID }: Playground, from = 0) {
  return familyStats(tim.calls.slice(from), userID, SERVER_LIMIT.perMs)
}

/** IDs sent by the calls of a family. */
const idsSent = (family: { sizes: number[] }) => family.sizes.reduce((sum, size) => sum + size, 0)

/** Checks that no family made more than 20 calls in any 5 s or sent more IDs than it takes, and no 2996. */
async function checkLimits(world: Playground) {
  const limits = { query: 500, subscribe: 100, unsubscribe: 100 } as const
  const all = stats(world)
  for (const [family, most] of Object.entries(limits) as [keyof typeof limits, number][]) {
    await expect(Math.max(0, ...all[family].sizes), `${family} IDs`).toBeLessThanOrEqual(most)
    await expect(all[family].maxInWindow, `${family} max in any 5 s`).toBeLessThanOrEqual(SERVER_LIMIT.calls)
    await expect(all[family].refused, `${family} refused`).toBe(0)
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
 * that the first mount makes one query and one subscribe: the query carries the rows on screen and, in its spare
 * room, the rows mounted off screen (known before they scroll in, with no subscription), the subscribe only the
 * rows on screen. Then it scrolls through all 5,000 contacts as fast as the list can render: rows flung past ask
 * for nothing, the rows at the end go live, no family made more than 20 calls in any 5 s and
 * the server refused none. What is live and queued is read from the devtools, what the server got from the SDK.
 */
export const FiveThousandContacts: Story = {
  name: '5,000 contacts',
  play: async ({ canvasElement, loaded }) => {
    const world = playgroundOf(loaded)
    const canvas = within(canvasElement)
    const shown = await settledOnScreen(canvasElement)
    // Only the rows on screen are subscribed: the rows mounted beyond them only ride along in the query.
    await expect(subscribed(canvasElement), 'IDs subscribed').toBe(shown)
    await expect(count(canvasElement, 'Subscriptions', 'on screen', 'count')).toBe(shown)
    await expect(rowsMounted(canvasElement)).toBeGreaterThan(shown)
    const list = contactList(canvasElement)
    const offScreen = within(list)
      .getAllByRole('img')
      .filter((badge) => !rowsOnScreen(list, ROW_HEIGHT).some((row) => row.badge === badge))
    await expect(offScreen.length, 'badges mounted off screen').toBeGreaterThan(0)
    for (const badge of offScreen) await expect(badge).not.toHaveAttribute('data-status', 'unknown')
    // One query of every mounted row, one subscribe of the rows on screen.
    const first = stats(world)
    await expect(idsSent(first.query), 'query: IDs sent').toBe(rowsMounted(canvasElement))
    await expect(idsSent(first.subscribe), 'subscribe: IDs sent').toBe(shown)
    for (const family of ['query', 'subscribe'] as const) {
      await expect(first[family].calls, `${family}: calls made`).toBe(1)
    }
    await expect(first.unsubscribe.calls).toBe(0)
    const before = world.tim.calls.length

    // The scrolling box around the list. One window of mounted rows per step: every contact is mounted at least
    // once on the way down, each for far less than the dwell.
    const scroller = list.parentElement as HTMLElement
    const step = Math.max(ROW_HEIGHT, (rowsMounted(canvasElement) - 1) * ROW_HEIGHT)
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
    const scroll = stats(world, before)
    await expect(scroll.query.calls, 'queries for the scroll').toBeGreaterThanOrEqual(1)
    await expect(scroll.query.calls, 'queries for the scroll').toBeLessThanOrEqual(5)
    await expect(scroll.subscribe.calls, 'subscribes for the scroll').toBeLessThanOrEqual(5)
    await checkLimits(world)
    // The first screen, scrolled away, is let go: what stays subscribed is the screen at the end.
    await waitFor(() => expect(subscribed(canvasElement)).toBe(end), { timeout: 15_000 })
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
  play: async ({ canvasElement, loaded }) => {
    const world = playgroundOf(loaded)
    await waitFor(() => expect(rowsMounted(canvasElement)).toBeGreaterThan(1000), LONG)
    const rows = rowsMounted(canvasElement)
    const cap = Number(figure(canvasElement, 'Subscriptions', 'held', 'count').split(' / ')[1])
    // Settled: as many live as the cap allows, the rows on screen among them, the rest polled.
    const shown = await settledOnScreen(canvasElement)
    const wantedLive = () =>
      count(canvasElement, 'Subscriptions', 'live (wanted, within the cap)', 'count') +
      count(canvasElement, 'Subscriptions', 'past the cap (kept fresh by queries)', 'count')
    await waitFor(() => {
      expect(wantedLive(), 'IDs wanted live').toBe(rows)
      expect(subscribed(canvasElement), 'IDs subscribed').toBe(cap)
      expect(count(canvasElement, 'Subscriptions', 'past the cap (kept fresh by queries)', 'count')).toBe(
        rows - cap,
      )
    }, LONG)
    // Every mounted row asked for, in full calls of 500: ceil(rows / 500) = 3 queries. The rows on screen are
    // asked once more when the list has seen them and subscribed them (a change in between would be missed).
    const first = stats(world)
    const queried = idsSent(first.query)
    await expect(queried).toBeGreaterThanOrEqual(rows)
    await expect(queried).toBeLessThanOrEqual(rows + shown)
    await expect(first.query.calls).toBeLessThanOrEqual(Math.ceil(rows / 500) + 1)
    // The cap in full calls of 100: 2 subscribes. Until the list sees what is on screen, the most recently mounted
    // rows rank first; then the rows on screen are swapped in (one more subscribe, one unsubscribe at most).
    const subscribedIDs = idsSent(first.subscribe)
    await expect(subscribedIDs).toBeGreaterThanOrEqual(cap)
    await expect(subscribedIDs).toBeLessThanOrEqual(cap + shown)
    await expect(first.subscribe.calls).toBeLessThanOrEqual(Math.ceil(cap / 100) + 1)
    await expect(idsSent(first.unsubscribe)).toBe(subscribedIDs - cap)
    await checkLimits(world)
  },
}

/**
 * The same first mount on the unmodified `@tencentcloud/chat` against the local IM in the page: the SDK's own
 * truncation (500 / 100 IDs) would show here as more calls or missing statuses.
 */
export const ThousandRowsAtOnceOnRealSdk: Story = onRealSdk(ThousandRowsAtOnce)
