import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite'
import { useRef } from 'react'
import { expect, waitFor } from 'storybook/test'
import { usePrefetchStatus } from '../src'
import { StatusDevtools } from '../src/devtools/production'
import { type FakeBackend, inspectEngine, type SdkCall } from '../src/testing'
import { BigListPanel } from './support/BigListPanel'
import { createHeldCounter, findMemberList, type RowOnScreen, rowAt, rowsOnScreen } from './support/bigList'
import {
  BIG_LIST_PLAYGROUND,
  CAP,
  LABEL,
  LIST_HEIGHT,
  MEMBERS,
  members,
  ROW_HEIGHT,
} from './support/bigListMembers'
import { isOwnQuery } from './support/callStats'
import { fakeBackendOf, type PlaygroundTim } from './support/createPlaygroundTim'
import { LiveChanges } from './support/LiveChanges'
import { PlainMemberList, VirtualMemberList } from './support/MemberLists'
import { type Playground, playground, usePlayground } from './support/playground'
import { readNumber } from './support/readTable'

const memberIDs = members.map((member) => member.userID)

/** Props of the big-list playground. */
interface BigListProps {
  /** `plain`: all 20,000 rows in the DOM; `virtual`: only the rows in view (plus 5), `@tanstack/react-virtual`. */
  list: 'plain' | 'virtual'
  /** Change four statuses in the backend every 500 ms (two of them on screen). */
  liveChanges: boolean
}

/**
 * 20,000 members, each row a `<PresenceBadge>` (live while on screen) and a name, the whole list prefetched with
 * `usePrefetchStatus` (ceil(20,000 / 500) = 40 queries), beside a panel of what is on screen, what the server holds
 * and the budget left. Scroll it: what comes into view is subscribed, what left it is let go.
 */
function BigList({ list, liveChanges }: BigListProps) {
  const { tim, userID } = usePlayground()
  usePrefetchStatus(memberIDs)
  const listRef = useRef<HTMLUListElement>(null)
  const props = { people: members, rowHeight: ROW_HEIGHT, height: LIST_HEIGHT, listRef, 'aria-label': LABEL }
  return (
    <div className="pg-contacts-layout">
      <div className="pg-stack">
        {list === 'plain' ? <PlainMemberList {...props} /> : <VirtualMemberList {...props} />}
        <LiveChanges
          backend={tim.backend}
          people={members}
          list={listRef}
          rowHeight={ROW_HEIGHT}
          enabled={liveChanges}
        />
      </div>
      <section aria-label="Big list panel">
        <BigListPanel tim={tim} userID={userID} list={listRef} rowHeight={ROW_HEIGHT} ids={memberIDs} />
      </section>
      {/* The engine's side (budget now, queue, call log, lookup); the panel keeps what the server saw. */}
      <StatusDevtools enabledInProduction position="top-right" />
    </div>
  )
}

const meta = {
  title: 'Playground/Big lists',
  component: BigList,
  tags: ['!autodocs'],
  args: { list: 'plain', liveChanges: true },
  argTypes: { list: { control: 'inline-radio', options: ['plain', 'virtual'] } },
  loaders: [playground(BIG_LIST_PLAYGROUND)],
} satisfies Meta<typeof BigList>

export default meta
type Story = StoryObj<typeof meta>

// ---------------------------------------------------------------------------------------------------------------
// Play functions: one script for both lists.

/** Waits on SDK timers (60 ms latency, 150 ms dwell, 2 s leave grace, 5 s unsubscribe grace, 5 s windows). */
const LONG = { timeout: 10_000 }
const ON_SCREEN = 'Rows on screen'
const SERVER = 'Server'
const BUDGET = /^Budget/
/** The rows the box shows (616 px / 28 px): every screen of the sweep below brings this many new rows. */
const ROWS_PER_SCREEN = Math.floor(LIST_HEIGHT / ROW_HEIGHT)
/** The row scrolled to at the end: far down, at an odd position (the live changes leave those alone). */
const TARGET = 6_001
/** Screens shown on the way to TARGET, 300 ms each: with the first one, more rows than the cap. */
const SWEEP_STEPS = 16
const SWEEP_STEP_MS = 300

const STATE = { 1: 'online', 2: 'offline', 3: 'unlogined' } as Record<number, string>

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const indexOf = (userID: string) => Number(userID.slice('member'.length)) - 1

/** A status other than `status`: offline when online, else online. */
function another(status: { statusType: number }) {
  return status.statusType === 1 ? { statusType: 2, customStatus: '' } : { statusType: 1, customStatus: '' }
}

/** The `getUserStatus` calls for others (not the own-ID ones, which the SDK answers locally). */
function othersQueries(calls: readonly SdkCall[], userID: string) {
  return calls.filter((call) => call.api === 'getUserStatus' && !isOwnQuery(call, userID))
}

/**
 * Rows beyond the screen that may be live: in a prefetched list the engine keeps 40 rows on each side of the screen
 * live (its look-ahead, see docs/lists.md). A row farther than this from every row seen on screen must never be
 * subscribed.
 */
const NEAR = 100

/** The IDs among `ids` farther than NEAR rows from every index in `seen`. */
function farFrom(ids: Iterable<string>, seen: readonly number[]) {
  return [...ids].filter((id) => {
    const index = indexOf(id)
    return !seen.some((near) => Math.abs(near - index) <= NEAR)
  })
}

/**
 * Waits until the rows on screen are live: each one subscribed on the server, the panel counting them all live,
 * and nothing subscribed far from the rows seen on screen so far (`seen`, indexes). Returns the rows.
 */
async function expectScreenLive(
  list: HTMLElement,
  panel: HTMLElement,
  backend: FakeBackend,
  userID: string,
  seen: readonly number[],
) {
  return waitFor(() => {
    const rows = rowsOnScreen(list, ROW_HEIGHT)
    expect(rows.length, 'rows on screen').toBeGreaterThanOrEqual(ROWS_PER_SCREEN)
    const server = backend.subscriptionsOf(userID)
    const held = new Set(server)
    for (const row of rows) expect(held.has(row.userID), `${row.userID} subscribed`).toBe(true)
    const far = farFrom(server, [...seen, ...rows.map((row) => row.index)])
    expect(far, 'subscribed far from the screen').toEqual([])
    expect(readNumber(panel, ON_SCREEN, 'rows on screen')).toBe(rows.length)
    expect(readNumber(panel, ON_SCREEN, 'live (subscribed)')).toBe(rows.length)
    return rows
  }, LONG)
}

/** Waits until every row on screen shows a known status that is the server's. */
async function expectScreenKnown(list: HTMLElement, panel: HTMLElement) {
  await waitFor(() => {
    const rows = rowsOnScreen(list, ROW_HEIGHT)
    expect(rows.length).toBeGreaterThanOrEqual(ROWS_PER_SCREEN)
    for (const row of rows) expect(row.badge, row.userID).not.toHaveAttribute('data-status', 'unknown')
    expect(readNumber(panel, ON_SCREEN, 'unknown')).toBe(0)
    expect(readNumber(panel, ON_SCREEN, 'showing a status the server no longer has')).toBe(0)
  }, LONG)
}

/** Checks the limits over every call so far: the worst 5 s window, IDs per call, no failure, the cap. */
async function expectWithinLimits(
  panel: HTMLElement,
  tim: PlaygroundTim,
  backend: FakeBackend,
  userID: string,
) {
  const limits = { getUserStatus: 500, subscribeUserStatus: 100, unsubscribeUserStatus: 100 }
  for (const [api, most] of Object.entries(limits)) {
    await expect(readNumber(panel, BUDGET, api, 'max in any 5 s'), `${api}: most in 5 s`).toBeLessThanOrEqual(
      20,
    )
    await expect(readNumber(panel, BUDGET, api, 'largest call (IDs)'), `${api}: IDs`).toBeLessThanOrEqual(
      most,
    )
    await expect(readNumber(panel, BUDGET, api, 'refused (2996)'), `${api}: refused`).toBe(0)
  }
  const failed = tim.calls.filter((call) => typeof call.outcome === 'object')
  await expect(failed, 'failed SDK calls').toEqual([])
  const held = createHeldCounter(userID)(backend.log)
  await expect(held.peak, 'most subscriptions held at once').toBeLessThanOrEqual(CAP)
  await expect(readNumber(panel, SERVER, 'most held at once')).toBe(held.peak)
  await expect(backend.droppedSubscriptions(userID), 'subscriptions the server dropped').toEqual([])
  return held
}

/**
 * The play function of both lists:
 * 1. The rows on screen go live (subscribed on the server, nothing far from them is) and get their status; a
 *    change of one of them arrives by push, not by a query.
 * 2. A status changed on the server while its row is off screen (not subscribed) shows once the row is scrolled
 *    into view.
 * 3. A sweep through 17 screens, 300 ms each, asks for more rows than the cap: the server never holds more than
 *    300 subscriptions (and drops none), and the rows scrolled away first are let go.
 * 4. The prefetch: every row that never went live is asked exactly once, in full calls of 500: 40 calls, plus one
 *    per 500 rows that went live and were asked again.
 * Throughout: at most 20 calls per family in any 5 s, 500 / 100 IDs per call, no call refused or failed.
 */
async function playBigList({ args, canvasElement, loaded }: StoryContext) {
  const { tim, userID } = loaded.playground as Playground
  const backend = fakeBackendOf(tim.backend)
  const { list, scroller } = await findMemberList(canvasElement, LABEL, LONG.timeout)
  const panel = canvasElement.querySelector<HTMLElement>(
    'section[aria-label="Big list panel"]',
  ) as HTMLElement
  /** The index of every row seen on screen. */
  const seen: number[] = []
  const see = (rows: readonly RowOnScreen[]) => {
    for (const row of rows) seen.push(row.index)
  }

  // 1. The first screen: live, and nothing far from it (the plain list mounts all 20,000 rows, the virtualized one
  // 5 more than it shows); its statuses known; a change of one of its users arrives by push.
  const first = await expectScreenLive(list, panel, backend, userID, seen)
  see(first)
  await expectScreenKnown(list, panel)
  const probe = first.find((row) => row.index % 2 === 1 && row.index > (first[0]?.index ?? 0))
  if (!probe) throw new Error('no row at an odd position on screen')
  // Once its status has been asked since its subscribe (the query after a subscribe is done), no query for it is
  // due: a change now can only come by push.
  await waitFor(() => {
    const ok = (call: SdkCall) => call.outcome === 'ok' && call.userIDList?.includes(probe.userID)
    const subscribed = tim.calls.filter((call) => call.api === 'subscribeUserStatus' && ok(call)).at(-1)
    expect(subscribed, 'the probe subscribed').toBeDefined()
    const askedSince = othersQueries(tim.calls, userID).filter(
      (call) => ok(call) && call.at >= (subscribed?.at ?? Number.POSITIVE_INFINITY),
    )
    expect(askedSince.length, 'asked since its subscribe').toBeGreaterThan(0)
  }, LONG)
  const changedAt = backend.now()
  const pushed = another(backend.getStatus(probe.userID))
  backend.setStatus(probe.userID, pushed)
  await waitFor(() => {
    expect(probe.badge).toHaveAttribute('data-status', STATE[pushed.statusType])
    // Shown by the push: no query for it has been answered since the change.
    const answered = othersQueries(tim.calls, userID).filter(
      (call) => call.at >= changedAt && call.outcome === 'ok' && call.userIDList?.includes(probe.userID),
    )
    expect(answered, 'queries that could have brought the change').toEqual([])
  }, LONG)

  // 2. A change the list cannot see: once the target row's status is prefetched, it changes on the server; the
  // row is not subscribed, so nothing tells the client.
  const target = members[TARGET] as (typeof members)[number]
  await waitFor(() => {
    const answered = othersQueries(tim.calls, userID).filter(
      (call) => call.outcome === 'ok' && call.userIDList?.includes(target.userID),
    )
    expect(answered.length, `${target.userID} prefetched`).toBeGreaterThan(0)
  }, LONG)
  await expect(backend.subscriptionsOf(userID)).not.toContain(target.userID)
  const before = backend.getStatus(target.userID)
  const changed = another(before)
  backend.setStatus(target.userID, changed)
  // What the user has of it: the plain list mounts its row far below, showing the prefetched status, now stale (no
  // push comes for an ID not subscribed); the virtualized list has no row for it at all.
  const targetRow = rowAt(list, TARGET)
  if (args.list === 'plain') {
    await expect(targetRow?.querySelector('[data-rts-badge]')).toHaveAttribute(
      'data-status',
      STATE[before.statusType],
    )
  } else {
    await expect(targetRow, `row ${TARGET} mounted by the virtualized list`).toBeNull()
  }

  // 3. The sweep: SWEEP_STEPS screens on the way down to the target, each on screen for 300 ms (> the dwell).
  const end = TARGET * ROW_HEIGHT - (LIST_HEIGHT - ROW_HEIGHT) / 2
  const leftEarly = new Set(first.map((row) => row.userID))
  for (let step = 1; step <= SWEEP_STEPS; step++) {
    scroller.scrollTop = Math.round((end * step) / SWEEP_STEPS)
    await sleep(SWEEP_STEP_MS)
    const rows = rowsOnScreen(list, ROW_HEIGHT)
    see(rows)
    if (step <= SWEEP_STEPS / 2) for (const row of rows) leftEarly.add(row.userID)
  }
  const last = await expectScreenLive(list, panel, backend, userID, seen)
  see(last)
  const allSeen = new Set(seen.map((index) => memberIDs[index]))
  await expect(last.map((row) => row.index)).toContain(TARGET)
  // The target shows the change: subscribed after its prefetch, it is asked again (a change in between would be
  // missed otherwise).
  await waitFor(() => {
    const badge = rowAt(list, TARGET)?.querySelector('[data-rts-badge]')
    expect(badge).toHaveAttribute('data-status', STATE[changed.statusType])
  }, LONG)
  await expectScreenKnown(list, panel)
  // The sweep asked for more rows than the cap: the server still never held more than 300.
  const subscribed = new Set(
    tim.calls.filter((call) => call.api === 'subscribeUserStatus').flatMap((call) => call.userIDList ?? []),
  )
  await expect(subscribed.size, 'rows subscribed at some time').toBeGreaterThan(CAP)
  await expect(farFrom(subscribed, seen), 'subscribed far from the screen').toEqual([])
  await expectWithinLimits(panel, tim, backend, userID)

  // The rows that left the screen first are let go: unsubscribed on the server, and no longer held by the engine.
  await waitFor(() => {
    const server = new Set(backend.subscriptionsOf(userID))
    expect(
      [...leftEarly].filter((id) => server.has(id)),
      'still subscribed',
    ).toEqual([])
    const inspection = inspectEngine(tim)
    expect(inspection, 'inspectEngine(tim)').toBeDefined()
    const present = new Set(inspection?.server.present)
    expect(
      [...leftEarly].filter((id) => present.has(id)),
      'held by the engine',
    ).toEqual([])
  }, LONG)

  // 4. The prefetch, once done (40 calls at most 20 per 5 s, part of each window left to the rows on screen).
  await waitFor(
    () => expect(readNumber(panel, SERVER, 'statuses known (prefetched or live)')).toBe(MEMBERS),
    { timeout: 15_000 },
  )
  const queries = othersQueries(tim.calls, userID)
  const asks = new Map<string, number>()
  for (const call of queries) for (const id of call.userIDList ?? []) asks.set(id, (asks.get(id) ?? 0) + 1)
  // The rows that never went live (never on screen, never subscribed): only the prefetch asks for them, once each.
  const unseen = new Set(memberIDs.filter((id) => !allSeen.has(id) && !subscribed.has(id)))
  await expect(
    [...unseen].filter((id) => asks.get(id) !== 1),
    'not asked exactly once',
  ).toEqual([])
  // The queries that carry them are the prefetch: full calls of 500 IDs but the last. With nothing else in them
  // that is ceil(20,000 / 500) = 40 calls; rows that went live may be asked again in the same stream (a change
  // between their prefetch and their subscription would be missed otherwise), one more call per 500 of those.
  const prefetch = queries.filter((call) => call.userIDList?.some((id) => unseen.has(id)))
  const sizes = prefetch.map((call) => call.userIDList?.length ?? 0)
  await expect(
    sizes.slice(0, -1).filter((size) => size !== 500),
    'prefetch calls not full',
  ).toEqual([])
  const carried = sizes.reduce((sum, size) => sum + size, 0)
  const live = new Set([...subscribed, ...allSeen])
  const others = prefetch.flatMap((call) => call.userIDList ?? []).filter((id) => !unseen.has(id))
  await expect(
    others.filter((id) => !live.has(id)),
    'asked twice, never live',
  ).toEqual([])
  await expect(prefetch.length, 'prefetch queries').toBe(Math.ceil(carried / 500))
  await expect(prefetch.length).toBeGreaterThanOrEqual(Math.ceil(unseen.size / 500))
  await expect(prefetch.length).toBeLessThanOrEqual(Math.ceil((MEMBERS + live.size) / 500))
  const held = await expectWithinLimits(panel, tim, backend, userID)
  await expect(held.now, 'replayed log against the server').toBe(backend.subscriptionsOf(userID).length)
}

/**
 * All 20,000 rows in the DOM (no windowing), each with its badge: only the rows the box shows are live.
 * The play function scrolls by setting `scrollTop`.
 */
export const PlainDom: Story = {
  name: '20,000 members, plain DOM',
  play: playBigList,
}

/** The same list virtualized with `@tanstack/react-virtual` (the rows in view plus 5 mounted). */
export const Virtualized: Story = {
  name: '20,000 contacts, virtualized',
  args: { list: 'virtual' },
  play: playBigList,
}
