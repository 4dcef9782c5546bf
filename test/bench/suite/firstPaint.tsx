// Section 7 of the suite: first paint (issue 22). A provider already mounted and ready (its fake SDK logged in, its
// client started, nothing else on screen); then mounted into it, with one root.render: (a) one <PresenceBadge userID>
// (a chat header) or (b) a panel of 30, both in the default subscribe mode ('visible'). Measured: from root.render
// until every badge shows its status, against the floor (the naive rows of section 1, no provider) mounting the same
// rows; and the getUserStatus calls each made (30 badges mounting together should cost one query). The rows are
// really on screen: the container is fixed at the top left of the viewport and each badge is an 8 px square, and an
// IntersectionObserver of the suite's own checks, in every round, that every badge was visible (in Chromium; jsdom has
// none, and there every badge counts as visible at once). Imported by run.ts only after React's production build was
// chosen. Reads the global `performance`: runs in node and in a browser.
import { createRoot } from 'react-dom/client'
import { type FakeTim, inspectEngine } from '../../../src/testing'
import { commitsOf } from './commits'
import { allKnown, freshContainer, macrotask } from './dom'
import type { Host } from './host'
import { count, median, ms, table, times, verdict } from './report'
import { naive, timStatus } from './rows'
import { idsFor, readyTim, stampQueries, teardown, timedRender, until } from './scenarios'

/** The fake SDK's answer time in this section (issue 22), whatever the rest of the suite uses. */
export const FIRST_PAINT_LATENCY_MS = 20
/** (a) a chat header: one badge; (b) a panel of 30. */
export const FIRST_PAINT_SIZES = [1, 30] as const
type Size = (typeof FIRST_PAINT_SIZES)[number]

export type FirstPaintKind = 'timStatus' | 'naive'

export interface FirstPaint {
  /** From `root.render` until every badge shows its status. */
  ms: number
  /** CPU time over the same stretch (the host's CPU meter). */
  cpuMs: number
  /** From `root.render` to the first getUserStatus call. */
  firstCallMs: number
  /** Commits from `root.render` until every badge showed its status. */
  commits: number
  /** getUserStatus calls made, until every call settled (none pending, none new for a while). */
  queries: number
  /** IDs those calls listed. */
  queriedIDs: number
  /** subscribeUserStatus calls made (the same stretch). */
  subscriptions: number
}

const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait))

/** Whether an IntersectionObserver reports every element intersecting the viewport (true where there is none). */
async function allOnScreen(elements: readonly Element[]): Promise<boolean> {
  if (typeof IntersectionObserver !== 'function') return true
  const seen = new Map<Element, boolean>()
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) seen.set(entry.target, entry.isIntersecting)
  })
  for (const element of elements) observer.observe(element)
  await until(
    () => seen.size === elements.length,
    5000,
    () => `the IntersectionObserver told of ${seen.size} of ${elements.length} badges`,
  )
  observer.disconnect()
  return [...seen.values()].every(Boolean)
}

/** Until no call is pending and none was made for 100 ms. */
async function settled(tim: FakeTim) {
  const from = performance.now()
  for (let made = -1; made !== tim.calls.length || tim.calls.some((call) => call.outcome === 'pending'); ) {
    if (performance.now() - from > 10_000) throw new Error('the SDK calls did not settle')
    made = tim.calls.length
    await sleep(100)
  }
}

/**
 * One round: a root that already rendered the approach with no rows (react-tim-status: its provider, its client
 * started and the engine ready), then `root.render` of `n` rows; until every badge shows its status.
 */
export async function firstPaint(kind: FirstPaintKind, n: Size, host: Host): Promise<FirstPaint> {
  const tim = await readyTim(FIRST_PAINT_LATENCY_MS)
  const ids = idsFor(n)
  const approach = kind === 'timStatus' ? timStatus(tim, 'visible') : naive(tim)
  const container = freshContainer('corner')
  const root = createRoot(container)
  root.render(approach.render([]))
  if (kind === 'timStatus') {
    await until(
      () => {
        const engine = inspectEngine(tim)
        return engine?.readiness === 'ready' && engine.clients > 0 && engine.listening
      },
      5000,
      () => `the provider's engine is not ready: ${inspectEngine(tim)?.readiness}`,
    )
  }
  // Whatever the start left for later, done before the measurement (the same wait for the floor).
  await sleep(20)
  await macrotask()
  const calls = stampQueries(tim)
  const shown = allKnown(container, n, 10_000)
  tim.clearCalls()
  const commitsBefore = commitsOf(container)
  const { start, end, cpuMs } = await timedRender(host, root, approach.render(ids), shown)
  const commits = commitsOf(container) - commitsBefore
  const badges = [...container.querySelectorAll('[data-rts-badge]')]
  if (badges.length !== n) throw new Error(`first paint, ${kind}: ${badges.length} of ${n} badges mounted`)
  const unlogined = container.querySelectorAll('[data-status="unlogined"]').length
  if (unlogined !== n)
    throw new Error(`first paint, ${kind}: ${unlogined} of ${n} badges show the fetched status`)
  if (!(await allOnScreen(badges))) throw new Error(`first paint, ${kind}: a badge is not on screen`)
  await settled(tim)
  const queries = tim.calls.filter((call) => call.api === 'getUserStatus')
  const figures: FirstPaint = {
    ms: end - start,
    cpuMs,
    firstCallMs: calls.first - start,
    commits,
    queries: queries.length,
    queriedIDs: queries.reduce((sum, call) => sum + (call.userIDList?.length ?? 0), 0),
    subscriptions: tim.calls.filter((call) => call.api === 'subscribeUserStatus').length,
  }
  await teardown(root, container, approach, tim)
  return figures
}

const LABEL: Record<FirstPaintKind, Record<Size, string>> = {
  timStatus: {
    1: '(a) chat header: <PresenceBadge userID>',
    30: '(b) panel: 30 <PresenceBadge>',
  },
  naive: {
    1: 'floor: getUserStatus([id]) per row',
    30: 'floor: getUserStatus([id]) per row',
  },
}

const KINDS: readonly FirstPaintKind[] = ['timStatus', 'naive']

/**
 * `warmup` unrecorded rounds, then `rounds` rounds of each kind and size, interleaved (order rotated): the report's
 * lines and its verdict (one query for 1 badge and for 30).
 */
export async function firstPaintReport(
  host: Host,
  rounds: number,
  warmup = 3,
): Promise<{ lines: string[]; verdict: string }> {
  const cases = FIRST_PAINT_SIZES.flatMap((n) => KINDS.map((kind) => ({ kind, n })))
  const runs = new Map<string, FirstPaint[]>()
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const { kind, n } = cases[(i + round) % cases.length] as (typeof cases)[number]
      const figures = await firstPaint(kind, n, host)
      if (round < warmup) continue
      if (host.flags.raw) console.log('first paint', round - warmup, n, kind, JSON.stringify(figures))
      const key = `${n}:${kind}`
      runs.set(key, [...(runs.get(key) ?? []), figures])
    }
  }
  const of = (n: Size, kind: FirstPaintKind) => {
    const all = runs.get(`${n}:${kind}`) ?? []
    const mid = (figure: (run: FirstPaint) => number) => median(all.map(figure))
    const most = (figure: (run: FirstPaint) => number) => Math.max(...all.map(figure))
    return {
      ms: mid((r) => r.ms),
      minMs: Math.min(...all.map((r) => r.ms)),
      maxMs: most((r) => r.ms),
      cpuMs: mid((r) => r.cpuMs),
      firstCallMs: mid((r) => r.firstCallMs),
      commits: mid((r) => r.commits),
      maxCommits: most((r) => r.commits),
      queries: mid((r) => r.queries),
      minQueries: Math.min(...all.map((r) => r.queries)),
      maxQueries: most((r) => r.queries),
      queriedIDs: mid((r) => r.queriedIDs),
      subscriptions: mid((r) => r.subscriptions),
    }
  }
  type Figures = ReturnType<typeof of>
  const upTo = (mid: number, most: number) => (mid === most ? count(mid) : `${count(mid)} (≤ ${count(most)})`)
  const rows: string[][] = []
  for (const n of FIRST_PAINT_SIZES) {
    const floor = of(n, 'naive')
    for (const kind of KINDS) {
      const f: Figures = of(n, kind)
      rows.push([
        kind === 'timStatus' ? count(n) : '',
        LABEL[kind][n],
        ms(f.ms),
        `${ms(f.minMs)}–${ms(f.maxMs)}`,
        times(f.ms / floor.ms),
        ms(f.cpuMs),
        times(f.cpuMs / floor.cpuMs),
        ms(f.firstCallMs),
        upTo(f.commits, f.maxCommits),
        `${upTo(f.queries, f.maxQueries)} (${count(f.queriedIDs)} ${f.queriedIDs === 1 ? 'ID' : 'IDs'})`,
        count(f.subscriptions),
      ])
    }
  }
  const header = of(1, 'timStatus')
  const panel = of(30, 'timStatus')
  const oneQuery = (f: Figures) => f.minQueries === 1 && f.maxQueries === 1
  return {
    lines: [
      '7. First paint (issue 22): a provider already mounted and ready (its SDK logged in, its client started, nothing else',
      "   on screen); root.render of (a) one <PresenceBadge userID> (a chat header) or (b) 30, default subscribe ('visible'),",
      `   into it, until every badge shows its status (MutationObserver); the fake SDK answers in ${FIRST_PAINT_LATENCY_MS} ms;`,
      `   medians of ${rounds} rounds (after ${warmup} unrecorded), the four interleaved (order rotated)`,
      ...table(
        [
          'N',
          'approach',
          'ms',
          'range',
          '× floor',
          'CPU ms',
          '× floor',
          'first query',
          'commits',
          'getUserStatus calls',
          'subscribe calls',
        ],
        rows,
      ),
      '  floor: the naive rows of section 1 (a useEffect per row calling getUserStatus([id]); no provider), mounted the same',
      '  way into a root that already rendered the empty list. first query: from root.render to the first getUserStatus call',
      '  (a badge asks at its first report on screen, nothing scrolling). getUserStatus calls: made until every call settled (the',
      '  most of any round in brackets), with the IDs they listed; subscribe calls: subscribeUserStatus, the same stretch.',
      '  Each round has its own fake SDK and provider; the badges are 8 px squares fixed at the top left of the viewport, and',
      typeof IntersectionObserver === 'function'
        ? '  an IntersectionObserver checked in every round that each one was on screen.'
        : '  no IntersectionObserver here: every badge counts as visible at once.',
    ],
    verdict: verdict(
      oneQuery(header) && oneQuery(panel),
      'first paint: one getUserStatus call for a chat header, and one for 30 badges mounting together (issue 22)',
      `${upTo(header.queries, header.maxQueries)} and ${upTo(panel.queries, panel.maxQueries)}; ${ms(header.ms)} ms and ${ms(panel.ms)} ms to all shown (floor ${ms(of(1, 'naive').ms)} and ${ms(of(30, 'naive').ms)} ms)`,
    ),
  }
}
