// Issue 9: a virtualized list of 20,000 users scrolled for 10 simulated minutes, in node with a scripted viewport
// (no DOM, no React, no IntersectionObserver: the script says which rows are rendered and which are on screen).
// Three engines watch the same list, each its own client logged in on the same fake server, under the same scroll
// script and the same status changes, in one run on one fake clock:
// - visibility (what ships): `usePrefetchStatus` (`prefetchList`: every ID with `fetch: 'once'`, and the look-ahead
//   around the rows on screen) and each rendered row tracked by `createVisibilityTracker` (`'visible'`), told when
//   it enters and leaves the viewport;
// - plain (a `<PresenceBadge>` per row of a virtual list, nothing else): the same tracker driven the same way, no
//   prefetch;
// - baseline (a virtualized list before visibility ranking): each rendered row retains `{subscribe: true}` from
//   mount to unmount, no prefetch.
// Rows rendered = the 20 on screen ± 10 of overscan. The fake SDK answers in 50 ms, the server limits each API
// family to 20 calls per 5 s and holds at most 1,000 subscriptions per session (dropping the oldest past it),
// the clients keep to `maxSubscriptions: 300`. 1 % of the users change status per minute, uniformly in time, and
// every 5 s a row on screen changes (a probe of push latency, reported on its own).
// Figures are printed (simulated time, the same on every run for the seed); nothing asserts on wall-clock time.
import { afterAll, bench, describe, vi } from 'vitest'
import { createStatusClient, prefetchList, type StatusClient } from '../../src/core'
import type { Engine } from '../../src/core/engine'
import { engineOf } from '../../src/core/registry'
import { createVisibilityTracker, type Sighting } from '../../src/core/visibility'
import { createFakeBackend, createFakeTim, type FakeBackend, type FakeTim } from '../../src/testing'
import {
  createScroller,
  maxInWindow,
  percentile,
  SCROLL_WEIGHTS,
  type ScrollKind,
  seededRandom,
} from './scrollModel'

const SEED = Number(process.env.SCROLL_SEED ?? 9)
const ROWS = 20_000
const VIEWPORT = 20
const OVERSCAN = 10
const STEP_MS = 16
const DURATION_MS = 10 * 60_000
const LATENCY_MS = 50
/** One call, as sampled: its latency plus the frame in which its answer is seen. */
const ONE_CALL_MS = LATENCY_MS + STEP_MS
const SERVER_CAP = 1000
const MAX_SUBSCRIPTIONS = 300
const SERVER_LIMIT = { calls: 20, perMs: 5000 }
const CHANGES_PER_MINUTE = ROWS * 0.01
/**
 * Random changes seldom hit one of the 20 rows on screen (about 2 in 10 minutes), so push latency gets its own
 * probes: every 5 s one random row on screen changes. They are reported apart from the random changes.
 */
const PROBE_EVERY_MS = 5000
/** Rows visible for longer than this count for the live share, staleness and time to a known status. */
const LONG_VISIBLE_MS = 1000
/** The tracker's default dwell: in a fling, a row asks for nothing before it has been on screen this long. */
const DWELL_MS = 150
/** A visit this long is a row that stays on screen to be read (issue 21: about 0.4 s while reading down a list). */
const STAY_MS = 250
const FAMILIES = ['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus'] as const
type Family = (typeof FAMILIES)[number]
const KINDS: readonly ScrollKind[] = ['reading', 'scrolling', 'flinging']
/** What a visible row whose status is still unknown waits for, sampled each frame (the first that applies). */
const WAITS = [
  'query in flight',
  'queued: no query budget',
  'queued: filling a call',
  'queued: other',
  'not asked, in the dwell',
  'not asked, after the dwell',
] as const
type Wait = (typeof WAITS)[number]

// Taken before the fake timers replace it: the real run time.
const realNow = performance.now.bind(performance)

const ids = Array.from({ length: ROWS }, (_, i) => `u${String(i).padStart(5, '0')}`)
const idOf = (row: number) => ids[row] as string

// ---------------------------------------------------------------------------------------------------------------
// The ways a list uses the engine

/** What a virtualized list does with its rows: mounts, unmounts, and (tracked rows only) says what is on screen. */
interface ListDriver {
  mount(userID: string): void
  unmount(userID: string): void
  setVisible(userID: string, visible: boolean): void
}

function visibilityDriver(client: StatusClient): ListDriver {
  const tracker = createVisibilityTracker(client)
  const rows = new Map<string, Sighting>()
  return {
    mount: (userID) => rows.set(userID, tracker.track(userID, 'visible')),
    unmount(userID) {
      rows.get(userID)?.release()
      rows.delete(userID)
    },
    setVisible: (userID, visible) => rows.get(userID)?.setVisible(visible),
  }
}

function baselineDriver(client: StatusClient): ListDriver {
  const rows = new Map<string, () => void>()
  return {
    mount: (userID) => rows.set(userID, client.retain([userID], { subscribe: true })),
    unmount(userID) {
      rows.get(userID)?.()
      rows.delete(userID)
    },
    setVisible() {},
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What each engine's rows showed

/** A stretch of time during which a visible row showed a status other than the server's. */
interface StaleInterval {
  rowID: string
  /** When the row became visible. */
  since: number
  /** max(change, since): where the interval counts from. */
  from: number
  /** When the row showed the right status, or left the screen (`censored`). */
  to: number
  censored: boolean
  /** The change came while the row was on screen (pure push latency). */
  whileVisible: boolean
  /** The change was a probe (a change made to a row on screen on purpose). */
  probe: boolean
}

/** One stretch of a row on screen. */
interface Episode {
  since: number
  frames: number
  liveFrames: number
  /** When its status was first known while on screen (undefined: not yet). */
  knownAt: number | undefined
  /** The stale interval now open, if any. */
  open: StaleInterval | undefined
  stale: StaleInterval[]
  /** Frames not live, by the entry's subscription state (and whether the server held it), and in the first 200 ms. */
  notLive: Record<string, number>
  notLiveEarly: number
  /** Frames on screen with the status unknown, by what the row waited for. */
  waits: Record<Wait, number>
}

/** One closed episode: how long its row took to show a known status. */
interface Visit {
  rowID: string
  since: number
  /** ms on screen. */
  ms: number
  /** ms from visible to a known status; +Infinity: it left the screen still unknown (slower than any). */
  known: number
  /** On screen longer than `LONG_VISIBLE_MS`. */
  long: boolean
}

interface Figures {
  /** Every episode, any length, in the order they ended. */
  visits: Visit[]
  longEpisodes: number
  longFrames: number
  longLiveFrames: number
  /** Per long episode: the share of its frames live. */
  liveShares: number[]
  stale: StaleInterval[]
  maxHeld: number
  /** Frames during which query work waited for the budget, for a query to fill, or subscribe work waited. */
  queryBudgetFrames: number
  queryFillFrames: number
  subscribeBudgetFrames: number
  subscribeWaitFrames: number
  notLive: Record<string, number>
  notLiveEarly: number
  /** Frames on screen unknown, by what they waited for, summed over the visits known later (not at once, not never). */
  laterWaits: Record<Wait, number>
}

const noWaits = () => Object.fromEntries(WAITS.map((wait) => [wait, 0])) as Record<Wait, number>

function createRecorder(name: string, tim: FakeTim, client: StatusClient, driver: ListDriver) {
  const episodes = new Map<string, Episode>()
  const engine = engineOf(tim) as Engine
  const figures: Figures = {
    visits: [],
    longEpisodes: 0,
    longFrames: 0,
    longLiveFrames: 0,
    liveShares: [],
    stale: [],
    maxHeld: 0,
    queryBudgetFrames: 0,
    queryFillFrames: 0,
    subscribeBudgetFrames: 0,
    subscribeWaitFrames: 0,
    notLive: {},
    notLiveEarly: 0,
    laterWaits: noWaits(),
  }
  const userID = `viewer-${name}`

  const close = (rowID: string, now: number) => {
    const episode = episodes.get(rowID)
    if (!episode) return
    episodes.delete(rowID)
    const ms = now - episode.since
    const long = ms > LONG_VISIBLE_MS
    const known = episode.knownAt === undefined ? Number.POSITIVE_INFINITY : episode.knownAt - episode.since
    figures.visits.push({ rowID, since: episode.since, ms, known, long })
    if (known > 0 && known < Number.POSITIVE_INFINITY) {
      for (const wait of WAITS) figures.laterWaits[wait] += episode.waits[wait]
    }
    if (!long) return
    figures.longEpisodes++
    figures.longFrames += episode.frames
    figures.longLiveFrames += episode.liveFrames
    figures.liveShares.push(episode.liveFrames / episode.frames)
    figures.notLiveEarly += episode.notLiveEarly
    for (const [why, frames] of Object.entries(episode.notLive)) {
      figures.notLive[why] = (figures.notLive[why] ?? 0) + frames
    }
    // Still stale when it left the screen: counted with the time it was seen stale (a lower bound).
    if (episode.open) episode.stale.push({ ...episode.open, to: now, censored: true })
    figures.stale.push(...episode.stale)
  }

  return {
    name,
    userID,
    tim,
    client,
    driver,
    figures,
    show(rowID: string, now: number) {
      episodes.set(rowID, {
        since: now,
        frames: 0,
        liveFrames: 0,
        knownAt: undefined,
        open: undefined,
        stale: [],
        notLive: {},
        notLiveEarly: 0,
        waits: noWaits(),
      })
    },
    hide: close,
    closeAll(now: number) {
      for (const rowID of [...episodes.keys()]) close(rowID, now)
    },
    /** One frame: what every visible row shows against what the server holds. */
    sample(now: number, backend: FakeBackend, lastChange: ReadonlyMap<string, Change>) {
      const held = new Set(backend.subscriptionsOf(userID))
      figures.maxHeld = Math.max(figures.maxHeld, held.size)
      const { query, subscribe } = engine.families
      const waitOf = (rowID: string, onScreen: number): Wait => {
        if (engine.knowledge.of(rowID).querying) return 'query in flight'
        if (engine.work.sets.query.has(rowID)) {
          if (query.available() === 0) return 'queued: no query budget'
          return query.waitingSince !== null ? 'queued: filling a call' : 'queued: other'
        }
        return onScreen < DWELL_MS ? 'not asked, in the dwell' : 'not asked, after the dwell'
      }
      if (engine.work.sets.query.size > 0) {
        if (query.available() === 0) figures.queryBudgetFrames++
        else if (query.waitingSince !== null) figures.queryFillFrames++
      }
      if (engine.work.sets.subscribe.size > 0) {
        if (subscribe.available() === 0) figures.subscribeBudgetFrames++
        else figures.subscribeWaitFrames++
      }
      for (const [rowID, episode] of episodes) {
        const entry = client.getEntry(rowID)
        episode.frames++
        if (entry.subscription === 'subscribed' && held.has(rowID)) episode.liveFrames++
        else if (now - episode.since < DWELL_MS + LATENCY_MS) episode.notLiveEarly++
        else {
          const why = `${entry.subscription}${held.has(rowID) ? ' (server holds it)' : ''}`
          episode.notLive[why] = (episode.notLive[why] ?? 0) + 1
        }
        const shown = entry.status?.statusType
        if (shown === undefined) episode.waits[waitOf(rowID, now - episode.since)]++
        if (shown !== undefined && episode.knownAt === undefined) episode.knownAt = now
        const stale = shown !== undefined && shown !== backend.getStatus(rowID).statusType
        if (stale && !episode.open) {
          const change = lastChange.get(rowID)
          const changed = change?.at ?? Number.NEGATIVE_INFINITY
          episode.open = {
            rowID,
            since: episode.since,
            from: Math.max(changed, episode.since),
            to: Number.NaN,
            censored: false,
            whileVisible: changed >= episode.since,
            probe: change?.probe === true,
          }
        } else if (!stale && episode.open) {
          episode.stale.push({ ...episode.open, to: now })
          episode.open = undefined
        }
      }
    },
  }
}

type Recorder = ReturnType<typeof createRecorder>

/** The last change of a user's status: when, and whether it was a probe. */
interface Change {
  at: number
  probe: boolean
}

// ---------------------------------------------------------------------------------------------------------------
// The run

interface Run {
  /** visibility, plain, baseline: the columns of the report, in this order. */
  recorders: [Recorder, Recorder, Recorder]
  scroll: { time: Record<ScrollKind, number>; segments: Record<ScrollKind, number>; travelled: number }
  /** What the script was doing in each frame. */
  kinds: ScrollKind[]
  changes: number
  changesWhileVisible: number
  probes: number
  startedAt: number
  realMs: number
  frames: number
}

async function simulate(): Promise<Run> {
  vi.useFakeTimers()
  try {
    const random = seededRandom(SEED + 1)
    const backend = createFakeBackend({ subscriptionCap: SERVER_CAP, rateLimit: SERVER_LIMIT })
    // Every user has a status to start with: online, offline or not logged in.
    for (const userID of ids) {
      const roll = random()
      backend.setStatus(userID, { statusType: roll < 0.35 ? 1 : roll < 0.7 ? 2 : 3 })
    }
    const loggedIn = async (userID: string) => {
      const tim = createFakeTim({ backend, latencyMs: LATENCY_MS })
      const login = tim.login({ userID })
      await vi.advanceTimersByTimeAsync(LATENCY_MS * 2)
      await login
      return tim
    }
    const visTim = await loggedIn('viewer-visibility')
    const plainTim = await loggedIn('viewer-plain')
    const baseTim = await loggedIn('viewer-baseline')
    // Rows are judged against what the server holds at each frame: no flap guard holding a drop back.
    const options = { maxSubscriptions: MAX_SUBSCRIPTIONS, offlineDelayMs: 0 }
    const visClient = createStatusClient(visTim, options)
    const plainClient = createStatusClient(plainTim, options)
    const baseClient = createStatusClient(baseTim, options)
    const clients = [visClient, plainClient, baseClient]
    const stops = clients.map((client) => client.start())
    await vi.advanceTimersByTimeAsync(1000)
    if (clients.some((client) => !client.getState().ready)) throw new Error('the clients are not ready')
    for (const tim of [visTim, plainTim, baseTim]) tim.clearCalls()
    backend.clearLog()

    const recorders: Run['recorders'] = [
      createRecorder('visibility', visTim, visClient, visibilityDriver(visClient)),
      // The same driver as visibility's, on a client that prefetches nothing.
      createRecorder('plain', plainTim, plainClient, visibilityDriver(plainClient)),
      createRecorder('baseline', baseTim, baseClient, baselineDriver(baseClient)),
    ]
    const startedAt = Date.now()
    const now = () => Date.now() - startedAt

    // The status changes: uniform in time, random users, each to another status; one timer at a time.
    const total = Math.round((CHANGES_PER_MINUTE * DURATION_MS) / 60_000)
    const changes = Array.from({ length: total }, () => ({
      at: Math.floor(random() * DURATION_MS),
      row: Math.floor(random() * ROWS),
      shift: 1 + Math.floor(random() * 2),
    })).sort((a, b) => a.at - b.at)
    const lastChange = new Map<string, Change>()
    let visible: [number, number] = [0, 0]
    let rendered: [number, number] = [0, 0]
    const inside = (range: [number, number], row: number) => row >= range[0] && row < range[1]
    const change = (row: number, shift: number, probe: boolean) => {
      const userID = idOf(row)
      lastChange.set(userID, { at: now(), probe })
      const current = backend.getStatus(userID).statusType
      backend.setStatus(userID, { statusType: ((current - 1 + shift) % 3) + 1 })
    }
    let nextChange = 0
    let changesWhileVisible = 0
    const fireChanges = () => {
      for (let next = changes[nextChange]; next && next.at <= now(); next = changes[++nextChange]) {
        if (inside(visible, next.row)) changesWhileVisible++
        change(next.row, next.shift, false)
      }
      const upcoming = changes[nextChange]
      if (upcoming) setTimeout(fireChanges, upcoming.at - now())
    }
    fireChanges()
    const probeRandom = seededRandom(SEED + 2)
    let probes = 0
    const probe = () => {
      const row = visible[0] + Math.floor(probeRandom() * (visible[1] - visible[0]))
      change(row, 1 + Math.floor(probeRandom() * 2), true)
      probes++
      if (now() + PROBE_EVERY_MS < DURATION_MS) setTimeout(probe, PROBE_EVERY_MS)
    }
    setTimeout(probe, PROBE_EVERY_MS / 2)

    // The list mounts: the prefetch of every ID (visibility only), then the first rows.
    const releasePrefetch = prefetchList(visClient, ids)
    const scroller = createScroller(seededRandom(SEED), {
      rows: ROWS,
      viewport: VIEWPORT,
      weights: SCROLL_WEIGHTS,
    })
    /** A frame's layout: rows that leave the screen, unmount, mount, come on screen (as a list's commit does). */
    const layout = (top: number) => {
      const first = Math.floor(top)
      const nextVisible: [number, number] = [first, Math.min(ROWS, first + VIEWPORT)]
      const nextRendered: [number, number] = [
        Math.max(0, nextVisible[0] - OVERSCAN),
        Math.min(ROWS, nextVisible[1] + OVERSCAN),
      ]
      const t = now()
      for (const recorder of recorders) {
        const { driver } = recorder
        for (let row = visible[0]; row < visible[1]; row++) {
          if (inside(nextVisible, row)) continue
          recorder.hide(idOf(row), t)
          if (inside(nextRendered, row)) driver.setVisible(idOf(row), false)
        }
        for (let row = rendered[0]; row < rendered[1]; row++) {
          if (!inside(nextRendered, row)) driver.unmount(idOf(row))
        }
        for (let row = nextRendered[0]; row < nextRendered[1]; row++) {
          if (inside(rendered, row)) continue
          driver.mount(idOf(row))
          // An IntersectionObserver's first report of a row mounted off screen (with the rows that left).
          if (!inside(nextVisible, row)) driver.setVisible(idOf(row), false)
        }
        for (let row = nextVisible[0]; row < nextVisible[1]; row++) {
          if (inside(visible, row)) continue
          recorder.show(idOf(row), t)
          driver.setVisible(idOf(row), true)
        }
      }
      visible = nextVisible
      rendered = nextRendered
    }

    layout(0)
    for (const recorder of recorders) recorder.sample(now(), backend, lastChange)
    const frames = DURATION_MS / STEP_MS
    const kinds: ScrollKind[] = []
    for (let frame = 0; frame < frames; frame++) {
      const top = scroller.step(STEP_MS)
      kinds.push(scroller.kind)
      await vi.advanceTimersByTimeAsync(STEP_MS)
      layout(top)
      for (const recorder of recorders) recorder.sample(now(), backend, lastChange)
    }
    for (const recorder of recorders) recorder.closeAll(now())

    releasePrefetch()
    for (const stop of stops) stop()
    await vi.advanceTimersByTimeAsync(10_000)
    return {
      recorders,
      scroll: { time: scroller.time, segments: scroller.segments, travelled: scroller.travelled },
      kinds,
      changes: total,
      changesWhileVisible,
      probes,
      startedAt,
      realMs: 0,
      frames,
    }
  } finally {
    vi.useRealTimers()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The report

/** The calls of a family that reached the server during the run, at times relative to its start. */
function sentCalls(recorder: Recorder, startedAt: number, api: Family) {
  return recorder.tim.calls
    .filter((call) => call.api === api && call.sentToBackend !== null)
    .map((call) => ({ ...call, at: call.at - startedAt, ids: call.sentToBackend as string[] }))
    .filter((call) => call.at >= 0 && call.at < DURATION_MS)
}

/** Calls of a family the client saw refused as over the frequency limit (2996) during the run, sent or not. */
function refusedCalls(recorder: Recorder, startedAt: number, api: Family): number {
  return recorder.tim.calls.filter(
    (call) =>
      call.api === api &&
      call.at - startedAt >= 0 &&
      call.at - startedAt < DURATION_MS &&
      typeof call.outcome === 'object' &&
      call.outcome.code === 2996,
  ).length
}

/** Calls of the prefetch: rows on screen never ask for this many IDs at once (60 rows are tracked at most). */
const PREFETCH_IDS = 250
const isPrefetch = (call: { api: string; ids: string[] }) =>
  call.api === 'getUserStatus' && call.ids.length >= PREFETCH_IDS

function callFigures(recorder: Recorder, run: Run) {
  const result = {} as Record<
    Family,
    {
      calls: number
      ids: number
      prefetch: number
      prefetchIds: number
      maxWindow: number
      refused: number
      byKind: Record<ScrollKind, number>
    }
  >
  for (const api of FAMILIES) {
    const calls = sentCalls(recorder, run.startedAt, api)
    const byKind: Record<ScrollKind, number> = { reading: 0, scrolling: 0, flinging: 0 }
    for (const call of calls) {
      const kind = run.kinds[Math.min(run.kinds.length - 1, Math.floor(call.at / STEP_MS))] as ScrollKind
      byKind[kind]++
    }
    result[api] = {
      calls: calls.length,
      ids: calls.reduce((sum, call) => sum + call.ids.length, 0),
      prefetch: calls.filter(isPrefetch).length,
      prefetchIds: calls.filter(isPrefetch).reduce((sum, call) => sum + call.ids.length, 0),
      maxWindow: maxInWindow(
        calls.map((call) => call.at),
        SERVER_LIMIT.perMs,
      ),
      refused: refusedCalls(recorder, run.startedAt, api),
      byKind,
    }
  }
  return result
}

/** When each ID was carried by a call of `api` (relative times, ascending). */
function sendTimes(recorder: Recorder, startedAt: number, api: Family): Map<string, number[]> {
  const times = new Map<string, number[]>()
  for (const call of sentCalls(recorder, startedAt, api)) {
    for (const rowID of call.ids) {
      const list = times.get(rowID)
      if (list) list.push(call.at)
      else times.set(rowID, [call.at])
    }
  }
  return times
}

/**
 * Why the stale intervals of rows visible > 1 s lasted: what the row's calls were. Ended by a query: when that
 * query was sent, counted from the row becoming visible. Still stale on leaving: subscribed with no query since
 * it became visible (a subscribe makes a status count as fresh; the re-query comes 1 s later), a query sent but
 * not answered yet, or no call at all yet (no budget).
 */
function staleCauses(recorder: Recorder, startedAt: number) {
  const queries = sendTimes(recorder, startedAt, 'getUserStatus')
  const subscribes = sendTimes(recorder, startedAt, 'subscribeUserStatus')
  const within = (list: number[] | undefined, from: number, to: number) =>
    (list ?? []).filter((t) => t >= from && t <= to)
  const queryDelays: number[] = []
  const causes = {
    push: 0,
    query: 0,
    recheck: 0,
    otherFix: 0,
    subscribedNoQuery: 0,
    queryInFlight: 0,
    noCall: 0,
  }
  for (const interval of recorder.figures.stale.filter((i) => !i.probe)) {
    if (interval.whileVisible) {
      causes.push++
      continue
    }
    const sentQueries = within(queries.get(interval.rowID), interval.since, interval.to)
    if (!interval.censored) {
      // The query whose answer fixed it: the last one sent at least one latency before the fix.
      const fixing = sentQueries.filter((t) => t <= interval.to - LATENCY_MS).at(-1)
      if (fixing === undefined) causes.otherFix++
      else {
        causes.query++
        queryDelays.push(fixing - interval.since)
        // Sent a second or more after the row's subscribe: the re-query of a status taken as fresh once subscribed.
        const subscribed = within(subscribes.get(interval.rowID), interval.since, fixing)[0]
        if (subscribed !== undefined && fixing - subscribed >= 1000) causes.recheck++
      }
    } else if (sentQueries.length > 0) causes.queryInFlight++
    else if (within(subscribes.get(interval.rowID), interval.since, interval.to).length > 0)
      causes.subscribedNoQuery++
    else causes.noCall++
  }
  return { causes, queryDelays }
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–')
/** ms; +Infinity: a visit that ended with the badge still unknown (slower than any). */
const msText = (value: number) =>
  value === Number.POSITIVE_INFINITY ? '∞' : Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–'
const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '–')
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b)
const pair = (values: readonly number[]) => {
  const s = sorted(values)
  return `${msText(percentile(s, 0.5))} / ${msText(percentile(s, 0.95))}`
}
const triple = (values: readonly number[]) =>
  `${pair(values)} / ${msText(sorted(values).at(-1) ?? Number.NaN)}`
const p95 = (values: readonly number[]) => percentile(sorted(values), 0.95)
/** "x× better" (or worse): how the visibility engine's figure compares with the baseline's. */
const ratio = (vis: number, base: number, lowerIsBetter = true) => {
  if (!Number.isFinite(vis) || !Number.isFinite(base)) return '–'
  if (vis === base) return '1×'
  const [better, worse] = lowerIsBetter ? [vis, base] : [base, vis]
  if (better === 0) return '∞× better'
  if (worse === 0) return '∞× worse'
  const factor = worse / better
  return factor >= 1 ? `${factor.toFixed(1)}× better` : `${(1 / factor).toFixed(1)}× worse`
}
const mark = (ok: boolean) => (ok ? 'yes' : 'NO')
const seconds = (frames: number) => `${((frames * STEP_MS) / 1000).toFixed(0)} s`
const neverKnown = (visits: readonly Visit[]) =>
  visits.filter((visit) => visit.known === Number.POSITIVE_INFINITY).length

/**
 * Visits known later than their first frame: when the query that answered was sent (the last one carrying the ID
 * sent at least one latency before it was known), counted from the row becoming visible, and how long after it
 * the status showed. `unanswered`: known with no such query (a push).
 */
function knownLater(recorder: Recorder, startedAt: number) {
  const queries = sendTimes(recorder, startedAt, 'getUserStatus')
  const sent: number[] = []
  const answered: number[] = []
  let unanswered = 0
  for (const visit of recorder.figures.visits) {
    if (visit.known === 0 || visit.known === Number.POSITIVE_INFINITY) continue
    const at = visit.since + visit.known
    const fixing = (queries.get(visit.rowID) ?? []).filter((t) => t <= at - LATENCY_MS).at(-1)
    if (fixing === undefined) unanswered++
    else {
      sent.push(fixing - visit.since)
      answered.push(at - fixing)
    }
  }
  return { sent, answered, unanswered }
}

function report(run: Run): string {
  const engines = run.recorders
  const [vis, plain, base] = engines
  const callsByEngine = new Map(engines.map((r) => [r, callFigures(r, run)]))
  const callsOf = (r: Recorder) => callsByEngine.get(r) as ReturnType<typeof callFigures>
  const minutes = DURATION_MS / 60_000
  const rows: string[][] = []
  /**
   * One row: a cell per engine, then how visibility compares with baseline, visibility's target and whether
   * visibility and plain meet it.
   */
  const row = (
    metric: string,
    cell: (r: Recorder) => string,
    more: { ratio?: string; target?: string; met?: (r: Recorder) => boolean } = {},
  ) =>
    rows.push([
      metric,
      ...engines.map(cell),
      more.ratio ?? '',
      more.target ?? '',
      more.met ? `${mark(more.met(vis))} / ${mark(more.met(plain))}` : '',
    ])

  for (const api of FAMILIES) {
    const of = (r: Recorder) => callsOf(r)[api]
    const query = api === 'getUserStatus'
    row(`${api} / min`, (r) => fixed(of(r).calls / minutes, 1), {
      ratio: ratio(of(vis).calls, of(base).calls),
      ...(query && {
        target: '≥ 3× fewer than baseline',
        met: (r: Recorder) => of(base).calls >= 3 * of(r).calls,
      }),
    })
    row('  calls reading / scrolling / flinging', (r) => KINDS.map((kind) => of(r).byKind[kind]).join(' / '))
    const perCall = (f: ReturnType<typeof of>) =>
      fixed((f.ids - f.prefetchIds) / Math.max(1, f.calls - f.prefetch), 1)
    if (query) row('  of which the prefetch (calls)', (r) => String(of(r).prefetch))
    row(query ? '  IDs per call (mean, prefetch left out)' : '  IDs per call (mean)', (r) => perCall(of(r)))
  }
  for (const api of FAMILIES) {
    const most = (r: Recorder) => callsOf(r)[api].maxWindow
    row(`most ${api} in any 5 s`, (r) => String(most(r)), {
      target: `≤ ${SERVER_LIMIT.calls}`,
      met: (r) => most(r) <= SERVER_LIMIT.calls,
    })
  }
  const refused = (r: Recorder) => FAMILIES.reduce((sum, api) => sum + callsOf(r)[api].refused, 0)
  row('2996 errors (over frequency, seen by the client)', (r) => String(refused(r)), {
    target: '0',
    met: (r) => refused(r) === 0,
  })
  const dropped = (r: Recorder) => r.tim.backend.droppedSubscriptions(r.userID).length
  row('subscriptions dropped by the server cap', (r) => String(dropped(r)), {
    target: '0',
    met: (r) => dropped(r) === 0,
  })
  row('most server subscriptions held', (r) => String(r.figures.maxHeld))

  const live = (r: Recorder) => r.figures.longLiveFrames / Math.max(1, r.figures.longFrames)
  row(
    'rows visible > 1 s: episodes (visible time)',
    (r) => `${r.figures.longEpisodes} (${seconds(r.figures.longFrames)})`,
  )
  row('  share of visible time live', (r) => pct(live(r)), {
    ratio: ratio(live(vis), live(base), false),
    target: '≥ 95 %',
    met: (r) => live(r) >= 0.95,
  })
  const shares = (r: Recorder) => sorted(r.figures.liveShares)
  row(
    '  live share per episode p5 / p50',
    (r) => `${pct(percentile(shares(r), 0.05))} / ${pct(percentile(shares(r), 0.5))}`,
  )
  // The target's staleness: of the random changes (probes are reported on their own).
  const random = (r: Recorder) => r.figures.stale.filter((i) => !i.probe)
  const stale = (r: Recorder) => random(r).map((i) => i.to - i.from)
  const pushed = (r: Recorder) => r.figures.stale.filter((i) => i.whileVisible)
  const push = (r: Recorder) => pushed(r).map((i) => i.to - i.from)
  const count = (list: StaleInterval[]) => `${list.length} (${list.filter((i) => i.censored).length})`
  const enough = stale(vis).length >= 20 && stale(base).length >= 20
  row('  staleness p50 / p95 / max', (r) => triple(stale(r)), {
    ratio: enough ? ratio(p95(stale(vis)), p95(stale(base))) : 'n too small',
    target: 'p95 ≤ 1000 ms',
    met: (r) => !(p95(stale(r)) > 1000),
  })
  row('    stale intervals (still stale on leaving)', (r) => count(random(r)))
  row('  changed while visible (probes): p50 / p95 / max', (r) => triple(push(r)), {
    ratio: ratio(p95(push(vis)), p95(push(base))),
  })
  row('    stale intervals (still stale on leaving)', (r) => count(pushed(r)))
  const long = (r: Recorder) => r.figures.visits.filter((visit) => visit.long)
  const longKnown = (r: Recorder) => long(r).map((visit) => visit.known)
  row('  visible → known status p50 / p95 / max (∞: never known)', (r) => triple(longKnown(r)), {
    ratio: ratio(p95(longKnown(vis)), p95(longKnown(base))),
    target: `p95 ≤ ${ONE_CALL_MS} ms`,
    met: (r) => !(p95(longKnown(r)) > ONE_CALL_MS),
  })
  const late = (r: Recorder) => longKnown(r).filter((ms) => ms > ONE_CALL_MS).length
  row(
    `    later than one call, ${ONE_CALL_MS} ms (never known while visible)`,
    (r) => `${late(r)} (${neverKnown(long(r))})`,
    { target: 'every row (0)', met: (r) => late(r) === 0 },
  )

  const visits = (r: Recorder) => r.figures.visits
  const unknown = (r: Recorder) => visits(r).filter((visit) => visit.known === Number.POSITIVE_INFINITY)
  row('all visits to the screen (any length)', (r) => String(visits(r).length))
  row('  known at once / later / never', (r) => {
    const atOnce = visits(r).filter((visit) => visit.known === 0).length
    const never = neverKnown(visits(r))
    return `${atOnce} / ${visits(r).length - atOnce - never} / ${never}`
  })
  row(
    '  ended still unknown (share of visits)',
    (r) => `${unknown(r).length} (${pct(unknown(r).length / Math.max(1, visits(r).length))})`,
  )
  row('    their time on screen p50 / p95 / max', (r) => triple(unknown(r).map((visit) => visit.ms)))
  row(`    of which on screen < the ${DWELL_MS} ms dwell`, (r) =>
    String(unknown(r).filter((visit) => visit.ms < DWELL_MS).length),
  )
  row('  visible → known status p50 / p95 (∞: never known)', (r) =>
    pair(visits(r).map((visit) => visit.known)),
  )
  // Issue 21: a row that stays on screen long enough to be read shows a status before it leaves.
  const stays = (r: Recorder) => visits(r).filter((visit) => visit.ms >= STAY_MS)
  row(`visits of ${STAY_MS} ms or more (a row that stays to be read)`, (r) => String(stays(r).length))
  row('  ended still unknown (share)', (r) => {
    const never = neverKnown(stays(r))
    return `${never} (${pct(never / Math.max(1, stays(r).length))})`
  })
  row(
    '  visible → known status p50 / p95 (∞: never known)',
    (r) => pair(stays(r).map((visit) => visit.known)),
    {
      target: 'p95 ≤ 1000 ms',
      met: (r) => !(p95(stays(r).map((visit) => visit.known)) > 1000),
    },
  )
  const later = new Map(engines.map((r) => [r, knownLater(r, run.startedAt)]))
  const laterOf = (r: Recorder) => later.get(r) as ReturnType<typeof knownLater>
  row('  known later: its query sent after visible p50 / p95', (r) => pair(laterOf(r).sent))
  row('    answer shown after the query was sent p50 / p95', (r) => pair(laterOf(r).answered))
  row('  known later: mean ms unknown on screen, waiting for', () => '')
  for (const wait of WAITS) {
    row(`    ${wait}`, (r) => {
      const n = r.figures.visits.filter(
        (visit) => visit.known > 0 && visit.known < Number.POSITIVE_INFINITY,
      ).length
      return msText((r.figures.laterWaits[wait] * STEP_MS) / Math.max(1, n))
    })
  }
  row('time query work waited: budget / to fill', (r) => {
    const f = r.figures
    return `${seconds(f.queryBudgetFrames)} / ${seconds(f.queryFillFrames)}`
  })
  row('time subscribe work waited: budget / other', (r) => {
    const f = r.figures
    return `${seconds(f.subscribeBudgetFrames)} / ${seconds(f.subscribeWaitFrames)}`
  })

  const header = [
    '',
    ...engines.map((r) => r.name),
    'visibility vs baseline',
    'target',
    'met: visibility / plain',
  ]
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => (r[i] as string).length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd()
  const total = KINDS.reduce((sum, kind) => sum + run.scroll.time[kind], 0)
  const mix = KINDS.map(
    (kind) => `${kind} ${pct(run.scroll.time[kind] / total)} (${run.scroll.segments[kind]} segments)`,
  ).join(', ')
  const notLive = (r: Recorder) =>
    [
      `in the first ${DWELL_MS + LATENCY_MS} ms on screen ${seconds(r.figures.notLiveEarly)}`,
      ...Object.entries(r.figures.notLive)
        .sort((a, b) => b[1] - a[1])
        .map(([why, frames]) => `then ${why} ${seconds(frames)}`),
    ].join(', ')
  const causes = (r: Recorder) => {
    const { causes: c, queryDelays } = staleCauses(r, run.startedAt)
    return (
      `${c.query} ended by a query sent ${triple(queryDelays)} (p50/p95/max) after the row became visible ` +
      `(${c.recheck} of them ≥ 1 s after its subscribe: the re-check), ` +
      `${c.push} changed while visible, ${c.otherFix} other; still stale on leaving: ${c.subscribedNoQuery} subscribed ` +
      `with no query yet, ${c.queryInFlight} query in flight, ${c.noCall} no call yet`
    )
  }
  const lateWhen = (r: Recorder) => {
    const since = sorted(
      long(r)
        .filter((visit) => visit.known > ONE_CALL_MS)
        .map((visit) => visit.since),
    )
    const [first, last] = [(since[0] ?? 0) / 1000, (since.at(-1) ?? 0) / 1000]
    if (since.length === 0) return 'none'
    return `${since.length} rows, which came on screen ${first === last ? `at ${first} s` : `between ${first} s and ${last} s`}`
  }
  const prefetch = sentCalls(vis, run.startedAt, 'getUserStatus').filter(isPrefetch)
  const prefetchTimes = [...new Set(prefetch.map((call) => call.at))]
    .map((at) => `${prefetch.filter((call) => call.at === at).length} at ${(at / 1000).toFixed(2)} s`)
    .join(', ')
  const firstRowQuery = sentCalls(vis, run.startedAt, 'getUserStatus').find((call) => !isPrefetch(call))
  return [
    `scroll benchmark (issue 9): node, scripted viewport (no DOM/React; the script says what is rendered and visible), seed ${SEED}`,
    `  ${ROWS} rows, ${VIEWPORT} visible, ±${OVERSCAN} overscan; ${DURATION_MS / 60_000} simulated minutes in ${STEP_MS} ms frames (vitest fake timers), sampled every frame`,
    `  fake SDK latency ${LATENCY_MS} ms; server limit ${SERVER_LIMIT.calls} calls / ${SERVER_LIMIT.perMs / 1000} s per family, cap ${SERVER_CAP} subscriptions; maxSubscriptions ${MAX_SUBSCRIPTIONS}`,
    `  scroll mix (time): ${mix}; ${fixed(run.scroll.travelled)} rows travelled`,
    `  status changes: ${run.changes} (${CHANGES_PER_MINUTE}/min, uniform, random users), ${run.changesWhileVisible} of them to a row on screen;`,
    `  and ${run.probes} probes (every ${PROBE_EVERY_MS / 1000} s a random row on screen changes), for push latency only`,
    `  visibility: prefetchList(all ${ROWS}) (retain with {fetch: 'once'} + look-ahead) + createVisibilityTracker(client).track(id, 'visible') per rendered row;`,
    `  plain: the same tracker per rendered row, no prefetch (a <PresenceBadge> per row and nothing else);`,
    `  baseline: retain([id], {subscribe: true}) per rendered row, no prefetch. Each its own client and login on the one server.`,
    `  Calls: those that reached the server (own ID left out); 2996 errors: calls the client saw refused so, sent or not.`,
    `  live: entry.subscription === 'subscribed' and the server holds it. Stale: a visible row shows a statusType other than the server's,`,
    `  from max(change, row visible) until it shows the right one (frame resolution; a row that leaves while stale counts the time seen)`,
    `  visit: one stretch of a row on screen. Visible → known: ∞ for a visit that ended with the badge still unknown (slower than any)`,
    '',
    line(header),
    ...rows.map(line),
    '',
    ...engines.map((r) => `  not live while visible > 1 s (${r.name}): ${notLive(r)}`),
    ...engines.map((r) => `  stale intervals (${r.name}): ${causes(r)}`),
    `  visibility prefetch: ${prefetch.length} calls of ${PREFETCH_IDS}+ IDs (${prefetchTimes}), the first of IDs ${prefetch[0]?.ids[0]}…${prefetch[0]?.ids.at(-1)}; ` +
      `the first other query at ${((firstRowQuery?.at ?? Number.NaN) / 1000).toFixed(2)} s`,
    ...[vis, plain].map(
      (r) => `  later than one call to a known status (${r.name}, visible > 1 s): ${lateWhen(r)}`,
    ),
    `  real run time ${(run.realMs / 1000).toFixed(1)} s for ${run.frames} frames`,
  ].join('\n')
}

let result: Run | undefined

describe('scroll: 20,000-row virtualized list, 10 simulated minutes (scripted viewport)', () => {
  bench(
    'visibility, plain and baseline engines, one run',
    async () => {
      // One run: the figures are simulated time, the same on every run.
      if (result) return
      const start = realNow()
      const run = await simulate()
      run.realMs = realNow() - start
      result = run
    },
    { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 },
  )
})

afterAll(() => {
  if (result) console.log(report(result))
})
