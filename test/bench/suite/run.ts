// The suite's rounds and its report (see suite.bench.ts). Imported only after React's production build was chosen.
import { version as reactVersion } from 'react'
import { bigHookReport } from './bigHook'
import { reactBuild } from './commits'
import { firstPaintReport } from './firstPaint'
import type { Host } from './host'
import { onlineCountReport } from './onlineCount'
import { count, median, ms, table, times, verdict } from './report'
import {
  CHANGES_PER_ROUND,
  LATENCY_MS,
  type MountCost,
  type MountKind,
  mountCost,
  ownStateUpdateBed,
  type TimeToAll,
  type TimeToAllKind,
  timeToAll,
  timStatusUpdateBed,
  type UpdateFigures,
  zustandUpdateBed,
} from './scenarios'
import { meterCost, type UnmountFigures, type UnmountKind, unmountCost } from './unmount'

/** Rounds everywhere (the least); react-tim-status and the floor get `MORE_ROUNDS` where they are quick. */
export const ROUNDS = 5
/** At N ≤ 5,000 and the mount: the comparisons the 1.15× targets are about, where GC pauses land unevenly. */
export const MORE_ROUNDS = 7
export const UPDATE_ROUNDS = 15
/** Unrecorded updates of each list first: the JIT has not seen these paths in the warm-up. */
const UPDATE_WARMUP = 10
const SIZES = [1000, 5000, 20_000] as const
const TARGET_N = 5000
const MOUNT_N = 5000
const UPDATE_N = 10_000
const UNMOUNT_N = 20_000
/** The targets of issues 11 and 18 at N = 5,000: react-tim-status ≤ 1.15× the floor (the naive rows). */
const NAIVE_TARGET = 1.15

const LABEL: Record<TimeToAllKind, string> = {
  timStatus: 'react-tim-status, <PresenceBadge subscribe={false}>',
  timStatusPrefetch: 'react-tim-status, badges + usePrefetchStatus(ids)',
  timStatusUnlimited: 'react-tim-status, client rate limit raised',
  naive: 'floor: getUserStatus([id]) per row',
  tanstack: 'TanStack Query per row + batcher',
}

const roundsAt = (n: number) => (n < 20_000 ? MORE_ROUNDS : ROUNDS)

/** The kinds measured at `n` in `round`, in the order of round 0 (later rounds rotate it). */
function kindsAt(host: Host, n: number, round: number): TimeToAllKind[] {
  if (n < 20_000) {
    return round < ROUNDS
      ? ['timStatus', 'timStatusPrefetch', 'naive', 'tanstack']
      : ['timStatus', 'timStatusPrefetch', 'naive']
  }
  return [
    'timStatus',
    'timStatusUnlimited',
    'naive',
    ...(host.flags.tanstackAt20k ? (['tanstack'] as const) : []),
  ]
}

const MOUNT_KINDS: readonly MountKind[] = ['timStatus', 'naive', 'zustand']

const rotate = <T>(list: readonly T[], by: number) => list.map((_, i) => list[(i + by) % list.length] as T)

/** The report's first line. */
const titleOf = (host: Host) =>
  `react-tim-status benchmark suite (issues 11, 18, 19 and 22): in ${host.where}, React ${reactVersion} ${reactBuild()} build`

/**
 * Section 7 alone (VITE_SUITE_ONLY=firstPaint, see Host.flags.only), to iterate on it:
 * `VITE_SUITE_ONLY=firstPaint npx vitest bench --run --project bench-chromium`.
 */
async function firstPaintOnly(host: Host): Promise<string> {
  const started = performance.now()
  const firstPaint = await firstPaintReport(host, UPDATE_ROUNDS)
  if (reactBuild() !== 'production')
    throw new Error(`React DOM's ${reactBuild()} build was loaded, not production`)
  return [
    `${titleOf(host)}: section 7 alone (VITE_SUITE_ONLY=firstPaint)`,
    `  CPU ms: ${host.cpuHow}.`,
    '',
    ...firstPaint.lines,
    '',
    firstPaint.verdict,
    '',
    `real run time of the measurements above: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  ].join('\n')
}

/** Runs every measurement (or the one section `host.flags.only` names) and returns the report. */
export async function runSuite(host: Host): Promise<string> {
  if (host.flags.only === 'firstPaint') return firstPaintOnly(host)
  const RAW = host.flags.raw
  const started = performance.now()
  // Warm-up: every approach once on a small list, so that the JIT has seen the code before anything counts.
  for (const kind of ['timStatus', 'naive', 'tanstack'] as const) await timeToAll(kind, 1000, host)
  for (const kind of MOUNT_KINDS) await mountCost(kind, 1000, host)
  for (const kind of ['timStatus', 'zustand'] as const) await unmountCost(kind, 1000)
  if (reactBuild() !== 'production')
    throw new Error(`React DOM's ${reactBuild()} build was loaded, not production`)

  // 3. One update at 10,000 rows, first (while the heap is small: a zustand update copies a 10,000-key object, and
  // its collection got slow after the 20,000-row runs). The three lists are mounted side by side; updates alternate.
  const beds = {
    timStatus: await timStatusUpdateBed(UPDATE_N, host),
    zustand: await zustandUpdateBed(UPDATE_N, host),
    ownState: await ownStateUpdateBed(UPDATE_N, host),
  }
  type BedKind = keyof typeof beds
  const subscribed = beds.timStatus.changeable
  const updates = new Map<BedKind, UpdateFigures[]>()
  for (let round = 0; round < UPDATE_WARMUP; round++) {
    for (const kind of Object.keys(beds) as BedKind[]) await beds[kind].update(UPDATE_ROUNDS + round)
  }
  for (let round = 0; round < UPDATE_ROUNDS; round++) {
    for (const kind of rotate(Object.keys(beds) as BedKind[], round)) {
      const figures = await beds[kind].update(round)
      if (RAW) console.log('update', round, kind, JSON.stringify(figures))
      updates.set(kind, [...(updates.get(kind) ?? []), figures])
    }
  }
  for (const bed of Object.values(beds)) await bed.dispose()

  // 1. Time to all statuses.
  const toAll = new Map<string, TimeToAll[]>()
  for (const n of SIZES) {
    for (let round = 0; round < roundsAt(n); round++) {
      for (const kind of rotate(kindsAt(host, n, round), round)) {
        const key = `${n}:${kind}`
        const figures = await timeToAll(kind, n, host)
        if (RAW) console.log(n, round, kind, JSON.stringify(figures))
        toAll.set(key, [...(toAll.get(key) ?? []), figures])
      }
    }
  }

  // 2. Mount cost: react-tim-status, the naive rows and zustand, interleaved (order rotated).
  const mounts = new Map<MountKind, MountCost[]>()
  for (let round = 0; round < MORE_ROUNDS; round++) {
    for (const kind of rotate(MOUNT_KINDS, round)) {
      const figures = await mountCost(kind, MOUNT_N, host)
      if (RAW) console.log('mount', round, kind, JSON.stringify(figures))
      mounts.set(kind, [...(mounts.get(kind) ?? []), figures])
    }
  }

  // 4. Unmounting 20,000 shown rows; in the last round, react-tim-status's SDK calls after it are awaited (the
  // unsubscribe grace, 5 s: once, not every round).
  const unmounts = new Map<UnmountKind, UnmountFigures[]>()
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of rotate(['timStatus', 'zustand'] as const, round)) {
      const figures = await unmountCost(kind, UNMOUNT_N, kind === 'timStatus' && round === ROUNDS - 1)
      if (RAW) console.log('unmount', round, kind, JSON.stringify(figures))
      unmounts.set(kind, [...(unmounts.get(kind) ?? []), figures])
    }
  }
  const meter = meterCost()

  // 5. One change in a 20,000-ID useUserStatus against a 20-ID one.
  const bigHook = await bigHookReport(UPDATE_ROUNDS)

  // 6. One change in a 10,000-ID useOnlineCount against a 10-ID one (issue 19).
  const onlineCount = await onlineCountReport(host, UPDATE_ROUNDS)

  // 7. First paint (issue 22): 1 and 30 badges mounted into a provider already mounted and ready, against the floor.
  const firstPaint = await firstPaintReport(host, UPDATE_ROUNDS)

  const realSeconds = (performance.now() - started) / 1000

  // ---------------------------------------------------------------------------------------------------------------
  // The report

  const toAllOf = (n: number, kind: TimeToAllKind) => {
    const runs = toAll.get(`${n}:${kind}`)
    if (!runs) return undefined
    return {
      ms: median(runs.map((r) => r.ms)),
      minMs: Math.min(...runs.map((r) => r.ms)),
      maxMs: Math.max(...runs.map((r) => r.ms)),
      rounds: runs.length,
      firstCommitMs: median(runs.map((r) => r.firstCommitMs)),
      lastCallMs: median(runs.map((r) => r.lastCallMs)),
      commits: median(runs.map((r) => r.commits)),
      maxCommits: Math.max(...runs.map((r) => r.commits)),
      sdkCalls: median(runs.map((r) => r.sdkCalls)),
      sentCalls: median(runs.map((r) => r.sentCalls)),
      cpuMs: median(runs.map((r) => r.cpuMs)),
    }
  }
  const toAllRows: (string[] | string)[] = []
  for (const n of SIZES) {
    const floor = toAllOf(n, 'naive')?.ms ?? Number.NaN
    const floorCpu = toAllOf(n, 'naive')?.cpuMs ?? Number.NaN
    for (const kind of [
      'timStatus',
      'timStatusPrefetch',
      'timStatusUnlimited',
      'naive',
      'tanstack',
    ] as const) {
      const figures = toAllOf(n, kind)
      const first = kind === 'timStatus'
      if (!figures) {
        if (kind === 'tanstack') {
          toAllRows.push(['', LABEL[kind], 'not run'])
          toAllRows.push(
            '(one commit per row, each walking all 20,000 rows: > 40 s a run; SUITE_TANSTACK_20K=1 runs it)',
          )
        }
        continue
      }
      toAllRows.push([
        first ? count(n) : '',
        LABEL[kind],
        ms(figures.ms),
        `${ms(figures.minMs)}–${ms(figures.maxMs)}`,
        times(figures.ms / floor),
        ms(figures.cpuMs),
        times(figures.cpuMs / floorCpu),
        ms(figures.firstCommitMs),
        ms(figures.lastCallMs),
        figures.commits === figures.maxCommits
          ? count(figures.commits)
          : `${count(figures.commits)} (≤ ${count(figures.maxCommits)})`,
        `${count(figures.sdkCalls)} (${count(figures.sentCalls)} sent)`,
      ])
    }
  }

  const mountOf = (kind: MountKind) => {
    const runs = mounts.get(kind) ?? []
    const of = (figure: (run: MountCost) => number) => median(runs.map(figure))
    return {
      commitMs: of((r) => r.commitMs),
      commitCpuMs: of((r) => r.commitCpuMs),
      effectsMs: of((r) => r.effectsMs),
      taskMs: of((r) => r.taskMs),
      taskCpuMs: of((r) => r.taskCpuMs),
      maxCommits: Math.max(...runs.map((r) => r.commits)),
    }
  }
  type MountFigures = ReturnType<typeof mountOf>
  const mountTim = mountOf('timStatus')
  const mountNaive = mountOf('naive')
  const mountZustand = mountOf('zustand')
  // The commit's own CPU time where the host reads it at once (node); else (Chromium) the CPU time to the next task.
  const commitCpuRead = !Number.isNaN(mountNaive.commitCpuMs)
  const mountCpu = (figures: MountFigures) => (commitCpuRead ? figures.commitCpuMs : figures.taskCpuMs)
  const orDash = (value: number) => (Number.isNaN(value) ? '–' : ms(value))
  const mountRow = (label: string, figures: MountFigures) => [
    label,
    ms(figures.commitMs),
    orDash(figures.commitCpuMs),
    ms(figures.effectsMs),
    ms(figures.taskMs),
    ms(figures.taskCpuMs),
    times(figures.commitMs / mountNaive.commitMs),
    times(mountCpu(figures) / mountCpu(mountNaive)),
    times(figures.commitMs / mountZustand.commitMs),
  ]
  const mountRows = [
    mountRow('react-tim-status, <PresenceBadge subscribe={false}>', mountTim),
    mountRow('naive rows: getUserStatus([id]) in a useEffect per row', mountNaive),
    mountRow('zustand: useStore(store, (s) => s[id]), fetches nothing', mountZustand),
  ]
  const mountVsNaive = mountTim.commitMs / mountNaive.commitMs
  const mountCpuVsNaive = mountCpu(mountTim) / mountCpu(mountNaive)
  const mostMountCommits = Math.max(mountTim.maxCommits, mountNaive.maxCommits, mountZustand.maxCommits)

  const updateOf = (kind: BedKind) => {
    const runs = updates.get(kind) ?? []
    return { ms: median(runs.map((r) => r.ms)), busyMs: median(runs.map((r) => r.busyMs)) }
  }
  const updTim = updateOf('timStatus')
  const updZustand = updateOf('zustand')
  const updOwn = updateOf('ownState')
  const updateRow = (label: string, figures: UpdateFigures) => [
    label,
    ms(figures.ms),
    times(figures.ms / updTim.ms),
    ms(figures.busyMs),
    times(figures.busyMs / updTim.busyMs),
  ]
  const updateRows = [
    updateRow('react-tim-status: a push (backend.setStatus) to a subscribed badge', updTim),
    updateRow('zustand selector per row: store.setState of one key', updZustand),
    updateRow("React alone: that row's own useState setter, in flushSync", updOwn),
  ]

  const unmountOf = (kind: UnmountKind) => {
    const runs = unmounts.get(kind) ?? []
    return {
      commitMs: median(runs.map((r) => r.commitMs)),
      taskMs: median(runs.map((r) => r.taskMs)),
      engineMs: median(runs.map((r) => r.engineMs)),
      restMs: median(runs.map((r) => r.commitMs - r.engineMs)),
      // The same in every round: the last one's.
      engineCalls: runs.at(-1)?.engineCalls,
      subscribed: median(runs.map((r) => r.subscribed)),
      calls: runs.find((r) => r.calls)?.calls,
    }
  }
  const unTim = unmountOf('timStatus')
  const unZustand = unmountOf('zustand')
  const unmountRows = [
    [
      'react-tim-status, <PresenceBadge subscribe> (true)',
      ms(unTim.commitMs),
      ms(unTim.engineMs),
      ms(unTim.restMs),
      ms(unTim.taskMs),
      times(unTim.commitMs / unZustand.commitMs),
      times(unTim.taskMs / unZustand.taskMs),
    ],
    [
      'zustand: useStore(store, (s) => s[id]), fetches nothing',
      ms(unZustand.commitMs),
      '–',
      ms(unZustand.commitMs),
      ms(unZustand.taskMs),
      times(1),
      times(1),
    ],
  ]
  const engineCalls = unTim.engineCalls
  const timedCalls = engineCalls ? Object.values(engineCalls).reduce((sum, made) => sum + made, 0) : 0
  const callNames = { release: "retain's release", unsubscribe: 'store unsubscribe' } as Record<
    string,
    string
  >
  const engineCallsText = engineCalls
    ? Object.entries(engineCalls)
        .filter(([, made]) => made > 0)
        .map(([name, made]) => `${count(made)} ${callNames[name] ?? name}`)
        .join(', ')
    : 'none'
  const micro = (value: number) => `${(value * 1000).toFixed(value < 0.001 ? 3 : 2)} µs`
  const unCalls = unTim.calls
  const unCallLines = unCalls
    ? [
        `  ${
          Object.entries(unCalls.byApi)
            .map(([api, made]) => `${api} × ${count(made)}`)
            .join(', ') || 'no call'
        }${unCalls.unsubscribeAll > 0 ? ` (unsubscribe-all, no ID list: ${count(unCalls.unsubscribeAll)})` : ''}${
          Number.isNaN(unCalls.lastMs)
            ? ''
            : `, the last ${(unCalls.lastMs / 1000).toFixed(1)} s after the unmount (the grace)`
        };`,
        `  ${unCalls.ids > 0 ? `${count(unCalls.ids)} IDs listed, at most ${count(unCalls.maxIds)} in one call (the SDK takes 100)` : 'no ID listed'}; ` +
          `at most ${count(unCalls.mostIn5s)} ${unCalls.mostIn5s === 1 ? 'call' : 'calls'} of one API family in any 5 s (the server allows 20).`,
      ]
    : ['  not measured.']

  const at5k = {
    tim: toAllOf(TARGET_N, 'timStatus'),
    floor: toAllOf(TARGET_N, 'naive'),
    tanstack: toAllOf(TARGET_N, 'tanstack'),
  }
  const vsFloor = (at5k.tim?.ms ?? Number.NaN) / (at5k.floor?.ms ?? Number.NaN)
  const cpuVsFloor = (at5k.tim?.cpuMs ?? Number.NaN) / (at5k.floor?.cpuMs ?? Number.NaN)
  const aheadOfTanstack = (at5k.tanstack?.ms ?? Number.NaN) / (at5k.tim?.ms ?? Number.NaN)
  const mountCommits = at5k.tim?.maxCommits ?? Number.NaN
  const cheaper = updZustand.busyMs / updTim.busyMs

  return [
    titleOf(host),
    `  fake SDK: createFakeTim({latencyMs: ${LATENCY_MS}, rateLimit: false}), logged in and ready; every call and push answers in ${LATENCY_MS} ms (real timers);`,
    `  ${host.visibility} react-tim-status with its default options.`,
    `  @tanstack/react-query ${host.versions.tanstack} (QueryClient defaults), zustand ${host.versions.zustand}. Every row renders the same <span> as`,
    '  <PresenceBadge>. Commits: counted by a React DevTools hook (the production build never calls <Profiler> onRender).',
    `  Figures: medians of ${MORE_ROUNDS} rounds (${ROUNDS} for TanStack Query, at N = 20,000 and the unmount, ${UPDATE_ROUNDS} for the update), the`,
    '  approaches interleaved in each round (order rotated); figures compare designs on one machine, they are not absolutes.',
    '  Nothing is asserted on time. CPU ms, given beside the wall time (whose medians move by ±30 % when other work shares',
    `  the machine): ${host.cpuHow}.`,
    '',
    '1. Time to all statuses: from root.render until every badge shows a known status (a MutationObserver on data-status)',
    ...table(
      [
        'N',
        'approach',
        'ms',
        'range',
        '× floor',
        'CPU ms',
        '× floor',
        'first commit',
        'last call',
        'commits',
        'SDK calls',
      ],
      toAllRows,
    ),
    '  ms: the median; range: the fastest and slowest round; floor: a useEffect per row calling getUserStatus([id]) (the',
    '  naive rows of section 2); CPU ms: over the same stretch, × floor of that; first commit: from root.render to the end',
    '  of the first commit (the rows mounted, their passive effects not yet run);',
    '  last call: to the last getUserStatus call made (everything asked for); the answers come 20 ms after each call.',
    '  SDK calls: every status call made (the own-ID query is answered by the SDK itself), in brackets those sent to the server.',
    '  "client rate limit raised": options={{rateLimit: {calls: 1e6, perMs: 1}}}; by default the engine keeps to the server\'s',
    '  20 calls per 5 s per API family, so past 20 × 500 = 10,000 IDs the rest wait for the next window.',
    '',
    `2. Mount cost at N = ${count(MOUNT_N)}: flushSync(root.render) of the rows into a root that already rendered with no rows`,
    '  (react-tim-status: its provider; the others: the empty list)',
    ...table(
      [
        'approach',
        'commit ms',
        'CPU ms',
        'effects',
        'to next task',
        'CPU ms',
        '× naive',
        '× naive CPU',
        '× zustand',
      ],
      mountRows,
      1,
    ),
    "  commit: render, DOM, layout and passive effects; effects: of that, the passive effects (from React's commit notice to",
    "  its end: the naive rows' getUserStatus calls); to next task: with the microtasks it queued (react-tim-status: the batch",
    '  flushed and its getUserStatus calls made). naive rows: the floor of section 1. Checked in every round: each row shows',
    '  no status at the end of the commit, and each badge and naive row asked for its user (the badges once visible); their',
    '  answers are awaited before the next mount.',
    commitCpuRead
      ? '  CPU ms: of the commit (read at once after it), and to the next task; × naive CPU: of the commit.'
      : '  CPU ms: read only between tasks here, so only to the next task (the commit with its microtasks); × naive CPU: of that.',
    ...(mostMountCommits > 1
      ? [
          `  (A mount made up to ${mostMountCommits} commits in its flushSync: effects is from the last one's notice.)`,
        ]
      : []),
    '',
    `3. One update at ${count(UPDATE_N)} rows, all shown: from the change until that badge shows it (MutationObserver); per change,`,
    `  ${CHANGES_PER_ROUND} changes a round, one after the other`,
    ...table(['approach', 'ms', '× rts', 'busy ms', '× rts'], updateRows, 1),
    `  react-tim-status: <PresenceBadge subscribe> (true), default maxSubscriptions: ${subscribed} of the ${count(UPDATE_N)} are subscribed; the`,
    '  changed user is one of them, the push arrives in a microtask (latency 0 from then on) and the store publishes it at once',
    '  (its provider has offlineDelayMs: 0, the flap guard off, so that a drop from online shows at once);',
    `  busy: the CPU work over the same stretch: ${host.busyHow}. × rts: this row ÷ react-tim-status.`,
    '',
    `4. Unmounting ${count(UNMOUNT_N)} rows, every status shown: flushSync of the list with no rows (medians of ${ROUNDS} rounds)`,
    ...table(
      ['approach', 'commit ms', 'engine', 'the rest', 'to next task', '× zustand', '(to next task)'],
      unmountRows,
      1,
    ),
    "  commit: render, DOM removal and the rows' effect cleanups; react-tim-status's provider stays (the engine outlives",
    "  the rows, as when a list page closes). to next task: with the microtasks the commit queued (the engine's pass over",
    "  the releases). engine: time inside the client's functions during the commit, each call timed apart; the rest: the",
    "  commit less that (React, the DOM, the badge's own code and its visibility tracker).",
    `  Calls timed in the commit: ${engineCallsText} (${(timedCalls / UNMOUNT_N).toFixed(1)} a row).`,
    ...((engineCalls?.retain ?? 0) > 0
      ? [
          '  (The retains: the ref\'s detach tells the tracker that the row left the screen, and it retains the row as "leaving"',
          '  before the effect cleanup releases that too.)',
        ]
      : []),
    `  The clock steps by ${micro(meter.clockStepMs)} here${
      meter.clockStepMs > 0.001
        ? ', far more than one call takes: the engine figure is a sum of readings'
        : '.'
    }`,
    ...(meter.clockStepMs > 0.001
      ? ["  each rounded to a step (an estimate, as good as the browser's jittered rounding makes it)."]
      : []),
    `  A timed call costs ${micro(meter.perCallMs)} more, so ≈ ${ms(meter.perCallMs * timedCalls)} ms of react-tim-status's commit is the meter itself.`,
    "  Its client's rate limit is raised for the mount (20,000 IDs would wait 5 s for a second query window every round);",
    '  the state the rows leave is the same.',
    `  SDK calls the unmount led to, in the last round (awaited until the server held none of the ${count(unTim.subscribed)} subscriptions,`,
    '  maxSubscriptions; the rest of the rows were polled, and cost no call to let go):',
    ...unCallLines,
    '',
    ...bigHook.lines,
    '',
    ...onlineCount.lines,
    '',
    ...firstPaint.lines,
    '',
    'Targets (issues 11, 18, 19 and 22), judged on the wall-time medians above (CPU time in brackets, not judged):',
    verdict(
      vsFloor <= NAIVE_TARGET,
      `N = ${count(TARGET_N)}: time to all ≤ ${NAIVE_TARGET}× the floor, naive rows (issues 11 and 18)`,
      `${times(vsFloor)} (${ms(at5k.tim?.ms ?? Number.NaN)} ms vs ${ms(at5k.floor?.ms ?? Number.NaN)} ms; CPU ${times(cpuVsFloor)})`,
    ),
    verdict(
      mountVsNaive <= NAIVE_TARGET,
      `${count(MOUNT_N)}: mount commit ≤ ${NAIVE_TARGET}× naive rows (issue 18)`,
      `${times(mountVsNaive)} (${ms(mountTim.commitMs)} ms vs ${ms(mountNaive.commitMs)} ms; CPU ${times(mountCpuVsNaive)})`,
    ),
    verdict(
      aheadOfTanstack >= 8,
      `N = ${count(TARGET_N)}: ≥ 8× ahead of TanStack Query`,
      `${times(aheadOfTanstack)} (${ms(at5k.tanstack?.ms ?? Number.NaN)} ms vs ${ms(at5k.tim?.ms ?? Number.NaN)} ms)`,
    ),
    verdict(
      mountCommits <= 3,
      `N = ${count(TARGET_N)}: ≤ 3 commits at mount (until all shown, most in any round)`,
      count(mountCommits),
    ),
    verdict(
      cheaper >= 5,
      `one update at ${count(UPDATE_N)} rows ≥ 5× cheaper than a zustand selector per row (busy time)`,
      `${times(cheaper)} (${ms(updZustand.busyMs)} ms vs ${ms(updTim.busyMs)} ms; latency ${times(updZustand.ms / updTim.ms)})`,
    ),
    bigHook.verdict,
    onlineCount.verdict,
    firstPaint.verdict,
    '',
    `real run time of the measurements above: ${realSeconds.toFixed(1)} s`,
  ].join('\n')
}
