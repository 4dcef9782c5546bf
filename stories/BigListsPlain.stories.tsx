import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite'
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { expect, waitFor } from 'storybook/test'
import type { ApiFamily } from '../src'
import type { FakeBackend } from '../src/testing'
import { createHeldCounter, findMemberList, rowsOnScreen } from './support/bigList'
import {
  BIG_LIST_PLAYGROUND,
  CAP,
  LABEL,
  LIST_HEIGHT,
  MEMBERS,
  members,
  ROW_HEIGHT,
} from './support/bigListMembers'
import { FAMILIES, FAMILY_API, familyStats, isOwnQuery, SERVER_LIMIT } from './support/callStats'
import { fakeBackendOf, type PlaygroundBackend, type PlaygroundTim } from './support/createPlaygroundTim'
import { VirtualMemberList } from './support/MemberLists'
import { random } from './support/people'
import { type Playground, playground, usePlayground } from './support/playground'

// Issue 21: `<PresenceBadge userID={id} />` dropped into a `@tanstack/react-virtual` list, with NO
// `usePrefetchStatus`. The same 20,000 members, cap and SDK as the 'Big lists' stories; a scripted scroll in real
// time (read, fling, read, stop) measures what the reader sees: how long a row on screen shows "unknown", what it
// costs in calls, and how much of the time a row read for a while is live.

/** The churn: 1 % of the users change status every 10 s. */
const CHURN = { users: MEMBERS / 100, everyMs: 10_000 }
/** The rows the box shows (616 px / 28 px). */
const ROWS_PER_SCREEN = Math.floor(LIST_HEIGHT / ROW_HEIGHT)

// ---------------------------------------------------------------------------------------------------------------
// The scripted scroll, in rows from the top, by time since its start (real time: a slow machine skips frames, it
// does not scroll less).

interface Phase {
  /** Unique: visits are counted by the phase they began in. */
  name: string
  ms: number
  /** Rows moved over the phase: at a constant speed, or decelerating (`fling`, as a released flick does). */
  rows: number
  fling?: boolean
}

const SCRIPT: readonly Phase[] = [
  { name: 'at rest', ms: 1000, rows: 0 },
  { name: 'reading (50 rows/s)', ms: 4000, rows: 200 },
  { name: 'fling (2,000 rows in 0.5 s)', ms: 500, rows: 2000, fling: true },
  { name: 'reading again (50 rows/s)', ms: 4000, rows: 200 },
  { name: 'stopped', ms: 3000, rows: 0 },
]
const SCRIPT_MS = SCRIPT.reduce((sum, phase) => sum + phase.ms, 0)

/** Where the script is `t` ms after its start: the row at the top (fractional) and the phase. */
function scriptAt(t: number): { row: number; phase: string } {
  let row = 0
  let start = 0
  for (const phase of SCRIPT) {
    if (t < start + phase.ms) {
      const x = (t - start) / phase.ms
      return { row: row + phase.rows * (phase.fling ? 1 - (1 - x) ** 3 : x), phase: phase.name }
    }
    row += phase.rows
    start += phase.ms
  }
  return { row, phase: 'done' }
}

// ---------------------------------------------------------------------------------------------------------------
// What the reader sees, frame by frame.

/** One stretch of a row on screen (seen in consecutive frames). */
interface Visit {
  userID: string
  /** The phase of the script it began in. */
  phase: string
  /** ms on screen: from the first frame it was seen in to the first frame it was not (or the end). */
  ms: number
  /** ms from the first frame to the first frame showing a known status; +Infinity: it left still unknown. */
  knownMs: number
  /** ms of `ms` during which the server held a subscription to its user. */
  liveMs: number
}

interface OpenVisit {
  since: number
  phase: string
  knownAt: number | null
  liveMs: number
  /** Subscribed on the server in the last frame. */
  live: boolean
}

/**
 * Samples the rows on screen each frame (their badges' boxes against the scrolling box, as `rowsOnScreen`), each
 * badge's `data-status`, and whether the server holds the subscription; keeps one record per visit.
 */
function createScreenRecorder(list: HTMLElement, backend: FakeBackend, userID: string) {
  const open = new Map<string, OpenVisit>()
  const visits: Visit[] = []
  let last: number | null = null
  let frames = 0
  const close = (id: string, visit: OpenVisit, now: number) => {
    open.delete(id)
    const knownMs = visit.knownAt === null ? Number.POSITIVE_INFINITY : visit.knownAt - visit.since
    visits.push({ userID: id, phase: visit.phase, ms: now - visit.since, knownMs, liveMs: visit.liveMs })
  }
  return {
    visits,
    get frames() {
      return frames
    },
    sample(now: number, phase: string) {
      // The time since the last frame goes to the rows then on screen, by what they were then.
      const dt = last === null ? 0 : now - last
      for (const visit of open.values()) if (visit.live) visit.liveMs += dt
      const held = new Set(backend.subscriptionsOf(userID))
      const seen = new Set<string>()
      for (const row of rowsOnScreen(list, ROW_HEIGHT)) {
        seen.add(row.userID)
        let visit = open.get(row.userID)
        if (!visit) {
          visit = { since: now, phase, knownAt: null, liveMs: 0, live: false }
          open.set(row.userID, visit)
        }
        if (visit.knownAt === null && row.badge.dataset.status !== 'unknown') visit.knownAt = now
        visit.live = held.has(row.userID)
      }
      for (const [id, visit] of open) if (!seen.has(id)) close(id, visit, now)
      last = now
      frames++
    },
    /** Ends every visit still open (the end of the measurement). */
    finish(now: number) {
      for (const [id, visit] of open) close(id, visit, now)
    },
  }
}

type ScreenRecorder = ReturnType<typeof createScreenRecorder>

/**
 * Runs the script, one `requestAnimationFrame` per step: sets `scrollTop` for the frame's time, then samples what
 * the frame shows (what it will draw). Resolves at the end, every visit closed.
 */
function runScript(scroller: HTMLElement, recorder: ScreenRecorder, onPhase: (phase: string) => void) {
  return new Promise<void>((resolve) => {
    let start: number | null = null
    let phase = ''
    const frame = (now: number) => {
      start ??= now
      const t = now - start
      const at = scriptAt(t)
      const top = Math.round(at.row * ROW_HEIGHT)
      if (scroller.scrollTop !== top) {
        scroller.scrollTop = top
        // A scroll by the user is reported (the `scroll` event) before the frame is drawn: the virtualizer renders
        // the rows for it at once. Set from script, the browser would report it only at the next frame, and every
        // frame of the fling would be drawn with the rows of the frame before, off screen: a blank list.
        scroller.dispatchEvent(new Event('scroll'))
      }
      recorder.sample(now, at.phase)
      if (at.phase !== phase) {
        phase = at.phase
        onPhase(phase)
      }
      if (t >= SCRIPT_MS) {
        recorder.finish(now)
        resolve()
      } else requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Figures.

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length))) - 1] as number
}

interface VisitFigures {
  visits: number
  endedUnknown: number
  /** Visible to known, ms (+Infinity: a visit that ended unknown). */
  p50: number
  p95: number
  /** Share of on-screen time live (subscribed on the server). */
  liveShare: number
}

function visitFigures(visits: readonly Visit[]): VisitFigures {
  const known = visits.map((visit) => visit.knownMs).sort((a, b) => a - b)
  const onMs = visits.reduce((sum, visit) => sum + visit.ms, 0)
  const liveMs = visits.reduce((sum, visit) => sum + visit.liveMs, 0)
  return {
    visits: visits.length,
    endedUnknown: known.filter((ms) => ms === Number.POSITIVE_INFINITY).length,
    p50: percentile(known, 0.5),
    p95: percentile(known, 0.95),
    liveShare: onMs > 0 ? liveMs / onMs : Number.NaN,
  }
}

/** Visits by how long they lasted: all, ≥ 250 ms (a row read), ≥ 1 s. */
const VISIT_GROUPS = [
  { label: 'all visits', minMs: 0 },
  { label: 'visits ≥ 250 ms', minMs: 250 },
  { label: 'visits ≥ 1 s', minMs: 1000 },
] as const
/** Also by the phase of the script they began in (a breakdown; the phases with no new row left out). */
const BY_PHASE = SCRIPT.map((phase) => ({ label: `began: ${phase.name}`, phase: phase.name }))

interface FamilyFigures {
  api: string
  /** Calls during the scripted scroll. */
  calls: number
  perMinute: number
  /** Over the whole story. */
  maxIn5s: number
  largest: number
  refused: number
}

interface Figures {
  scrollMs: number
  frames: number
  visits: Record<(typeof VISIT_GROUPS)[number]['label'], VisitFigures>
  /** By phase, `BY_PHASE`'s labels. */
  byPhase: { label: string; figures: VisitFigures }[]
  families: Record<ApiFamily, FamilyFigures>
  evictions: number
  mostHeld: number
  statusChanges: number
}

function computeFigures(
  recorder: ScreenRecorder,
  tim: PlaygroundTim,
  backend: FakeBackend,
  userID: string,
  span: { from: number; to: number },
  statusChanges: number,
): Figures {
  const visits = {} as Figures['visits']
  for (const group of VISIT_GROUPS) {
    visits[group.label] = visitFigures(recorder.visits.filter((visit) => visit.ms >= group.minMs))
  }
  const byPhase = BY_PHASE.map(({ label, phase }) => ({
    label,
    figures: visitFigures(recorder.visits.filter((visit) => visit.phase === phase)),
  })).filter((group) => group.figures.visits > 0)
  const stats = familyStats(tim.calls, userID, SERVER_LIMIT.perMs)
  const minutes = (span.to - span.from) / 60_000
  const families = {} as Figures['families']
  for (const family of FAMILIES) {
    const api = FAMILY_API[family]
    const calls = tim.calls.filter(
      (call) => call.api === api && !isOwnQuery(call, userID) && call.at >= span.from && call.at <= span.to,
    ).length
    families[family] = {
      api,
      calls,
      perMinute: calls / minutes,
      maxIn5s: stats[family].maxInWindow,
      largest: Math.max(0, ...stats[family].sizes),
      refused: stats[family].refused,
    }
  }
  return {
    scrollMs: span.to - span.from,
    frames: recorder.frames,
    visits,
    byPhase,
    families,
    evictions: backend.droppedSubscriptions(userID).length,
    mostHeld: createHeldCounter(userID)(backend.log).peak,
    statusChanges,
  }
}

const ms = (value: number) =>
  value === Number.POSITIVE_INFINITY ? '∞' : Number.isNaN(value) ? '–' : String(Math.round(value))
const percent = (share: number) => (Number.isNaN(share) ? '–' : `${(share * 100).toFixed(1)} %`)

/** The rows of the visits table: by length, then by phase. */
function visitRows(figures: Figures): { label: string; figures: VisitFigures }[] {
  return [...VISIT_GROUPS.map(({ label }) => ({ label, figures: figures.visits[label] })), ...figures.byPhase]
}

/** The figures as lines of text, for the console. */
function describeFigures(figures: Figures): string {
  const lines = [
    `Big list without prefetch: ${ms(figures.scrollMs)} ms scripted scroll, ${figures.frames} frames, ${figures.statusChanges} status changes in the backend`,
  ]
  for (const { label, figures: v } of visitRows(figures)) {
    lines.push(
      `  ${label}: ${v.visits}, ended unknown ${v.endedUnknown}; visible → known p50 ${ms(v.p50)} ms, p95 ${ms(v.p95)} ms; live ${percent(v.liveShare)} of on-screen time`,
    )
  }
  for (const family of FAMILIES) {
    const f = figures.families[family]
    lines.push(
      `  ${f.api}: ${f.calls} calls during the scroll = ${f.perMinute.toFixed(1)}/min; most in any 5 s ${f.maxIn5s}; largest call ${f.largest} IDs; 2996 ${f.refused}`,
    )
  }
  lines.push(`  server evictions ${figures.evictions}; most subscriptions held at once ${figures.mostHeld}`)
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------------------------
// What the story shows: the play function's progress and figures, per playground (one per render).

interface Report {
  phase: string
  statusChanges: number
  figures: Figures | null
}

interface ReportStore {
  get(): Report
  set(patch: Partial<Report>): void
  subscribe(listener: () => void): () => void
}

const reports = new WeakMap<PlaygroundTim, ReportStore>()

function reportOf(tim: PlaygroundTim): ReportStore {
  let store = reports.get(tim)
  if (!store) {
    let value: Report = { phase: 'waiting for the play function', statusChanges: 0, figures: null }
    const listeners = new Set<() => void>()
    store = {
      get: () => value,
      set(patch) {
        value = { ...value, ...patch }
        for (const listener of listeners) listener()
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }
    reports.set(tim, store)
  }
  return store
}

/**
 * The churn: every 10 s, 200 members picked at random (seeded) change to another status in the backend,
 * as the users themselves would.
 */
function useChurn(backend: PlaygroundBackend, store: ReportStore) {
  useEffect(() => {
    const next = random(21)
    const timer = setInterval(() => {
      for (let i = 0; i < CHURN.users; i++) {
        const member = members[Math.floor(next() * MEMBERS)]
        if (!member) continue
        // Another of online (1), offline (2), not logged in (3).
        const current = backend.getStatus(member.userID).statusType
        const statusType = ((current - 1 + 1 + Math.floor(next() * 2)) % 3) + 1
        backend.setStatus(member.userID, { statusType, customStatus: '' })
      }
      store.set({ statusChanges: store.get().statusChanges + CHURN.users })
    }, CHURN.everyMs)
    return () => clearInterval(timer)
  }, [backend, store])
}

function ScrollReport({ store }: { store: ReportStore }) {
  const report = useSyncExternalStore(store.subscribe, store.get)
  const figures = report.figures
  return (
    <div className="pg-stack">
      <span className="pg-muted">
        {`Churn: ${report.statusChanges} status changes in the backend (${CHURN.users} every ${CHURN.everyMs / 1000} s). Scripted scroll: ${report.phase}.`}
      </span>
      {figures && (
        <>
          <table className="pg-table">
            <caption>Visits to the screen</caption>
            <thead>
              <tr>
                <th scope="col">visits</th>
                <th scope="col">count</th>
                <th scope="col">ended unknown</th>
                <th scope="col">visible → known p50 (ms)</th>
                <th scope="col">visible → known p95 (ms)</th>
                <th scope="col">live share of on-screen time</th>
              </tr>
            </thead>
            <tbody>
              {visitRows(figures).map(({ label, figures: v }) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{v.visits}</td>
                  <td>{v.endedUnknown}</td>
                  <td>{ms(v.p50)}</td>
                  <td>{ms(v.p95)}</td>
                  <td>{percent(v.liveShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="pg-table">
            <caption>{`Calls (${ms(figures.scrollMs)} ms of scripted scroll, ${figures.frames} frames)`}</caption>
            <thead>
              <tr>
                <th scope="col">API</th>
                <th scope="col">calls during the scroll</th>
                <th scope="col">per minute</th>
                <th scope="col">most in any 5 s</th>
                <th scope="col">largest call (IDs)</th>
                <th scope="col">refused (2996)</th>
              </tr>
            </thead>
            <tbody>
              {FAMILIES.map((family) => {
                const f = figures.families[family]
                return (
                  <tr key={family}>
                    <th scope="row">{f.api}</th>
                    <td>{f.calls}</td>
                    <td>{f.perMinute.toFixed(1)}</td>
                    <td>{f.maxIn5s}</td>
                    <td>{f.largest}</td>
                    <td>{f.refused}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <table className="pg-table">
            <caption>Server</caption>
            <tbody>
              <tr>
                <th scope="row">subscriptions dropped past the cap (evictions)</th>
                <td>{figures.evictions}</td>
              </tr>
              <tr>
                <th scope="row">most subscriptions held at once</th>
                <td>{figures.mostHeld}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </div>
  )
}

/**
 * 20,000 members in a `@tanstack/react-virtual` list, each row a plain `<PresenceBadge>` and a name: no
 * `usePrefetchStatus`, so each row asks for itself (see `askDelay` in src/core/visibility.ts). Under the list, what
 * the play function's scripted scroll measured.
 */
function PlainBigList() {
  const { tim } = usePlayground()
  const listRef = useRef<HTMLUListElement>(null)
  const [store] = useState(() => reportOf(tim))
  useChurn(tim.backend, store)
  return (
    <div className="pg-stack">
      <VirtualMemberList
        people={members}
        rowHeight={ROW_HEIGHT}
        height={LIST_HEIGHT}
        listRef={listRef}
        aria-label={LABEL}
      />
      <section aria-label="Scroll figures">
        <ScrollReport store={store} />
      </section>
    </div>
  )
}

const meta = {
  title: 'Playground/Big lists without prefetch',
  component: PlainBigList,
  tags: ['!autodocs'],
  loaders: [playground(BIG_LIST_PLAYGROUND)],
} satisfies Meta<typeof PlainBigList>

export default meta
type Story = StoryObj<typeof meta>

/** Waits on SDK timers (60 ms latency, dwell, leave grace, 5 s windows) on a busy machine. */
const LONG = { timeout: 10_000 }
const STATE = { 1: 'online', 2: 'offline', 3: 'unlogined' } as Record<number, string>
/** The most IDs one call of a family may carry. */
const ID_LIMITS = { query: 500, subscribe: 100, unsubscribe: 100 } satisfies Record<ApiFamily, number>

/**
 * Scrolls as a reader does (1 s at rest, 4 s reading at 50 rows/s, a fling of 2,000 rows in 0.5 s, 4 s reading,
 * 3 s stopped), recording every frame; shows and logs the figures. Asserts counts only, never wall-clock times:
 * at most 20 calls per family in any 5 s, 500 / 100 IDs per call, no call refused or failed, no eviction, no visit
 * of 1 s or more that ended unknown; and once stopped, every row on screen shows its server status and is live.
 */
async function playPlainBigList({ canvasElement, loaded }: StoryContext) {
  const { tim, userID } = loaded.playground as Playground
  const backend = fakeBackendOf(tim.backend)
  const store = reportOf(tim)
  const { list, scroller } = await findMemberList(canvasElement, LABEL, LONG.timeout)

  const recorder = createScreenRecorder(list, backend, userID)
  const changesBefore = store.get().statusChanges
  const from = Date.now()
  await runScript(scroller, recorder, (phase) => store.set({ phase }))
  const to = Date.now()
  const figures = computeFigures(
    recorder,
    tim,
    backend,
    userID,
    { from, to },
    store.get().statusChanges - changesBefore,
  )
  store.set({ phase: 'done', figures })
  console.log(describeFigures(figures))

  // Once stopped, every row on screen shows the server's status and is live.
  await waitFor(() => {
    const rows = rowsOnScreen(list, ROW_HEIGHT)
    expect(rows.length, 'rows on screen').toBeGreaterThanOrEqual(ROWS_PER_SCREEN)
    const held = new Set(backend.subscriptionsOf(userID))
    for (const row of rows) {
      const server = STATE[backend.getStatus(row.userID).statusType]
      expect(row.badge, row.userID).toHaveAttribute('data-status', server)
      expect(held.has(row.userID), `${row.userID} subscribed`).toBe(true)
    }
  }, LONG)

  // Counts only.
  const stats = familyStats(tim.calls, userID, SERVER_LIMIT.perMs)
  for (const family of FAMILIES) {
    const { api, maxInWindow, sizes, refused } = stats[family]
    await expect(maxInWindow, `${api}: most in 5 s`).toBeLessThanOrEqual(SERVER_LIMIT.calls)
    await expect(Math.max(0, ...sizes), `${api}: IDs per call`).toBeLessThanOrEqual(ID_LIMITS[family])
    await expect(refused, `${api}: refused (2996)`).toBe(0)
  }
  const failed = tim.calls.filter((call) => typeof call.outcome === 'object')
  await expect(failed, 'failed SDK calls').toEqual([])
  await expect(backend.droppedSubscriptions(userID), 'subscriptions the server dropped').toEqual([])
  await expect(createHeldCounter(userID)(backend.log).peak, 'most held at once').toBeLessThanOrEqual(CAP)
  const long = figures.visits['visits ≥ 1 s']
  await expect(long.visits, 'visits of 1 s or more').toBeGreaterThan(0)
  await expect(long.endedUnknown, 'visits of 1 s or more that ended unknown').toBe(0)
  // The table shows the figures.
  const shown = canvasElement.querySelector('section[aria-label="Scroll figures"] table')
  await expect(shown).not.toBeNull()
}

/** The plain case of issue 21: badges in a virtual list, nothing prefetched, 1 % churn every 10 s. */
export const VirtualizedNoPrefetch: Story = {
  name: '20,000 contacts, virtualized, no prefetch',
  play: playPlainBigList,
}
