// The suite's measurements. Imported by suite.bench.ts only after it chose React's production build and installed
// the commit counter.
import type { ReactNode } from 'react'
import { flushSync } from 'react-dom'
import { createRoot, type Root } from 'react-dom/client'
import { createStore } from 'zustand/vanilla'
import type { StatusClientOptions } from '../../../src/core/types'
import { createFakeTim, type FakeTim } from '../../../src/testing'
import { commitsOf, firstCommitOf, forgetCommits, lastCommitOf } from './commits'
import { allKnown, freshContainer, macrotask, nextStatus } from './dom'
import type { Host } from './host'
import {
  type Approach,
  type Known,
  naive,
  ownStateRows,
  type Setters,
  type StatusMap,
  tanstack,
  timStatus,
  timStatusPrefetch,
  zustandRows,
} from './rows'

/** The fake SDK's answer time, for every call and push. */
export const LATENCY_MS = 20

/** A logged-in, ready fake SDK: answers in `latencyMs` (LATENCY_MS by default), server frequency limit off. */
export async function readyTim(latencyMs = LATENCY_MS): Promise<FakeTim> {
  const tim = createFakeTim({ latencyMs, rateLimit: false })
  // The login is not measured: answered at once, then every call takes `latencyMs`.
  tim.setLatency(0)
  await tim.login({ userID: 'me' })
  // SDK_READY follows the login answer in a microtask.
  await macrotask()
  if (!tim.isReady?.()) throw new Error('the fake SDK is not ready')
  tim.setLatency(latencyMs)
  return tim
}

let runs = 0
/** N fresh user IDs (no two runs share one). */
export const idsFor = (n: number) => {
  const prefix = `r${runs++}u`
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`)
}

// ---------------------------------------------------------------------------------------------------------------
// Time to all statuses

export type TimeToAllKind = 'timStatus' | 'timStatusPrefetch' | 'timStatusUnlimited' | 'naive' | 'tanstack'

/** For `timStatusUnlimited`: the client-side limit raised out of the way, as the fake server has none. */
export const UNLIMITED: StatusClientOptions = { rateLimit: { calls: 1_000_000, perMs: 1 } }

function approachOf(kind: TimeToAllKind, tim: FakeTim): Approach {
  switch (kind) {
    case 'timStatus':
      return timStatus(tim, false)
    case 'timStatusPrefetch':
      return timStatusPrefetch(tim)
    case 'timStatusUnlimited':
      return timStatus(tim, false, UNLIMITED)
    case 'naive':
      return naive(tim)
    case 'tanstack':
      return tanstack(tim)
  }
}

export interface TimeToAll {
  ms: number
  /** From `root.render` to the end of the first commit (the rows mounted, before passive effects). */
  firstCommitMs: number
  /** From `root.render` to the last `getUserStatus` call made (all asked for). */
  lastCallMs: number
  commits: number
  /** Every status-API call made on the fake SDK, the own-ID ones (answered locally) included. */
  sdkCalls: number
  /** Calls that reached the (fake) server. */
  sentCalls: number
  /** CPU time from just before `root.render` until every status is shown (the host's CPU meter). */
  cpuMs: number
}

/**
 * Notes when `tim`'s `getUserStatus` calls are made (one clock read per call, before the SDK's own work): the first
 * and the last, NaN until one is.
 */
export function stampQueries(tim: FakeTim): { first: number; last: number } {
  const stamps = { first: Number.NaN, last: Number.NaN }
  const getUserStatus = tim.getUserStatus.bind(tim)
  tim.getUserStatus = (options) => {
    stamps.last = performance.now()
    if (Number.isNaN(stamps.first)) stamps.first = stamps.last
    return getUserStatus(options)
  }
  return stamps
}

/** Renders `node` into `root` and waits for `shown`: when the render began and `shown` came, and the CPU ms. */
export async function timedRender(host: Host, root: Root, node: ReactNode, shown: Promise<number>) {
  const cpu = host.cpu()
  await cpu.start()
  const start = performance.now()
  root.render(node)
  const end = await shown
  return { start, end, cpuMs: await cpu.stop() }
}

/** From `root.render` until every one of N badges shows a known status. */
export async function timeToAll(kind: TimeToAllKind, n: number, host: Host): Promise<TimeToAll> {
  const tim = await readyTim()
  const ids = idsFor(n)
  const calls = stampQueries(tim)
  const approach = approachOf(kind, tim)
  const container = freshContainer()
  const root = createRoot(container)
  const shown = allKnown(container, n, 30_000)
  tim.clearCalls()
  const { start, end, cpuMs } = await timedRender(host, root, approach.render(ids), shown)
  const figures = {
    ms: end - start,
    firstCommitMs: firstCommitOf(container) - start,
    lastCallMs: calls.last - start,
    commits: commitsOf(container),
    sdkCalls: tim.calls.length,
    sentCalls: tim.calls.filter((call) => call.sentToBackend !== null).length,
    cpuMs,
  }
  const unlogined = container.querySelectorAll('[data-status="unlogined"]').length
  if (unlogined !== n) throw new Error(`${kind}: ${unlogined} of ${n} badges show the fetched status`)
  await teardown(root, container, approach, tim)
  return figures
}

/** Unmounts and forgets a list, then logs its SDK out (not measured). */
export async function teardown(root: Root, container: Element, approach: Approach, tim: FakeTim) {
  // Off the document first: jsdom then takes the rows away as one detached subtree.
  container.remove()
  root.unmount()
  forgetCommits(container)
  approach.dispose()
  // Not measured either: logged out at once.
  tim.setLatency(0)
  await tim.destroy()
  await macrotask()
}

// ---------------------------------------------------------------------------------------------------------------
// Mount cost

export type MountKind = 'timStatus' | 'naive' | 'zustand'

export interface MountCost {
  /** The mount commit: `flushSync(root.render)` (render, DOM, layout and passive effects). */
  commitMs: number
  /** Its CPU time, read at once after `flushSync` (NaN where the host reads CPU time only between tasks). */
  commitCpuMs: number
  /** Of `commitMs`, the passive effects: from React's commit notice (DevTools hook) until `flushSync` returned. */
  effectsMs: number
  /** The same, up to the next macrotask: with the microtasks it queued (the engine's batch, the SDK calls). */
  taskMs: number
  /** Its CPU time. */
  taskCpuMs: number
  /** Commits `flushSync` made (1: the rows in one commit). */
  commits: number
}

/** The approach a mount round measures. */
function mountApproachOf(kind: MountKind, tim: FakeTim): Approach {
  switch (kind) {
    case 'timStatus':
      return timStatus(tim, false)
    case 'naive':
      return naive(tim)
    case 'zustand':
      return zustandRows(createStore<StatusMap>()(() => ({})))
  }
}

/** Polls until `done()` (every 5 ms, a macrotask each), or throws `what` after `timeoutMs`. */
export async function until(done: () => boolean, timeoutMs: number, what: () => string) {
  const from = performance.now()
  while (!done()) {
    if (performance.now() - from > timeoutMs) throw new Error(what())
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Mounts N rows into a root that already rendered with no rows (react-tim-status: its provider; the naive and zustand
 * rows: the empty list). Then (not measured) checks that every row is in the DOM, none showing a status yet, and that
 * each of react-tim-status's and the naive rows asked the SDK for its user (the badges once visible: in a browser after
 * their dwell); waits for those calls to be answered, so that no answer of this round lands in the next one.
 */
export async function mountCost(kind: MountKind, n: number, host: Host): Promise<MountCost> {
  const tim = await readyTim()
  const ids = idsFor(n)
  const approach = mountApproachOf(kind, tim)
  const container = freshContainer()
  const root = createRoot(container)
  flushSync(() => root.render(approach.render([])))
  await macrotask()
  tim.clearCalls()
  const cpu = host.cpu()
  const commitsBefore = commitsOf(container)
  await cpu.start()
  const start = performance.now()
  flushSync(() => root.render(approach.render(ids)))
  const end = performance.now()
  const commitCpuMs = cpu.lap?.() ?? Number.NaN
  const committedAt = lastCommitOf(container)
  const commits = commitsOf(container) - commitsBefore
  const rows = container.querySelectorAll('[data-rts-badge]')
  const unknownRows = container.querySelectorAll('[data-rts-badge][data-status="unknown"]').length
  await macrotask()
  const taskMs = performance.now() - start
  const taskCpuMs = await cpu.stop()
  if (rows.length !== n) throw new Error(`${kind}: ${rows.length} of ${n} rows mounted`)
  if (unknownRows !== n) throw new Error(`${kind}: ${n - unknownRows} of ${n} rows show a status at mount`)
  if (kind !== 'zustand') {
    const asked = new Set<string>()
    const wanted = new Set(ids)
    let seen = 0
    const allAsked = () => {
      for (; seen < tim.calls.length; seen++) {
        const call = tim.calls[seen]
        if (call?.api !== 'getUserStatus') continue
        for (const id of call.userIDList ?? []) if (wanted.has(id)) asked.add(id)
      }
      return asked.size === n
    }
    await until(allAsked, 10_000, () => `${kind}: ${asked.size} of ${n} rows asked for their status`)
    await until(
      () => tim.calls.every((call) => call.outcome !== 'pending'),
      10_000,
      () => `${kind}: the SDK calls did not settle`,
    )
  }
  await teardown(root, container, approach, tim)
  return { commitMs: end - start, commitCpuMs, effectsMs: end - committedAt, taskMs, taskCpuMs, commits }
}

// ---------------------------------------------------------------------------------------------------------------
// One update among N shown rows

export interface UpdateFigures {
  /** From a change until the badge shows it, per change. */
  ms: number
  /** The event loop's busy time over the round, per change (its idle time, waiting for a timer, left out). */
  busyMs: number
}

/**
 * Changes per round, one after the other, each awaited until shown: a garbage collection pause lands on the round's
 * total (as often as an approach's allocations cause one), not on one change in a few rounds.
 */
export const CHANGES_PER_ROUND = 20

/**
 * N rows mounted, every status shown; `update(round)` changes `CHANGES_PER_ROUND` users' statuses, one at a time,
 * and measures until each badge shows it.
 */
export interface UpdateBed {
  /** How many users can be changed (react-tim-status: those the server holds subscribed). */
  readonly changeable: number
  update(round: number): Promise<UpdateFigures>
  dispose(): Promise<void>
}

/** One row to change: its element, and how to set its user's status. */
interface Target {
  element: Element
  change: (statusType: number) => void
}

/** The targets of `round`: `CHANGES_PER_ROUND` different rows out of `count`, from `targetAt(index)`. */
const targetsOf = (round: number, count: number, targetAt: (index: number) => Target): Target[] =>
  Array.from({ length: CHANGES_PER_ROUND }, (_, k) => targetAt((round * CHANGES_PER_ROUND + k) % count))

const ONLINE = 1
const UNLOGINED = 3

/**
 * Flips the status of each target's row (not logged in <-> online), one after the other, each awaited until it
 * shows; returns the figures per change. The observers are made before the meter starts.
 */
async function measureUpdates(host: Host, targets: readonly Target[]): Promise<UpdateFigures> {
  const flips = targets.map(({ element, change }) => {
    const before = element.getAttribute('data-status')
    if (before !== 'unlogined' && before !== 'online') throw new Error(`the badge shows ${before}`)
    const [next, expected] = before === 'online' ? [UNLOGINED, 'unlogined'] : [ONLINE, 'online']
    return { element, change, next, expected, shown: nextStatus(element, 5000) }
  })
  const meter = host.busy()
  await meter.start()
  let ms = 0
  for (const { change, next, shown } of flips) {
    const start = performance.now()
    change(next)
    ms += (await shown) - start
  }
  const busyMs = await meter.stop()
  for (const { element, expected } of flips) {
    if (element.getAttribute('data-status') !== expected)
      throw new Error('the badge does not show the change')
  }
  return { ms: ms / flips.length, busyMs: busyMs / flips.length }
}

/**
 * react-tim-status: `<StatusProvider tim>` + N `<PresenceBadge subscribe>`; a change is a push from the fake
 * backend (`tim.backend.setStatus`) to a user the server holds subscribed, delivered at once (latency 0 from then on).
 * The flap guard is off (`offlineDelayMs: 0`): with its default (5 s), a drop from online would show only 5 s later.
 */
export async function timStatusUpdateBed(n: number, host: Host): Promise<UpdateBed> {
  const tim = await readyTim()
  const ids = idsFor(n)
  const approach = timStatus(tim, true, { offlineDelayMs: 0 })
  const container = freshContainer()
  const root = createRoot(container)
  const shown = allKnown(container, n, 60_000)
  root.render(approach.render(ids))
  await shown
  // The subscriptions (maxSubscriptions, 200 by default) come in a second call after the first answers.
  for (let turn = 0; tim.calls.some((call) => call.outcome === 'pending'); turn++) {
    if (turn > 1000) throw new Error('the SDK calls did not settle')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const subscribed = tim.backend.subscriptionsOf('me')
  if (subscribed.length === 0) throw new Error('the server holds no subscription')
  const badges = [...container.querySelectorAll('[data-rts-badge]')]
  const index = new Map(ids.map((id, i) => [id, i]))
  tim.setLatency(0)
  return {
    changeable: subscribed.length,
    update(round) {
      return measureUpdates(
        host,
        targetsOf(round, subscribed.length, (at) => {
          const id = subscribed[at] as string
          return {
            element: badges[index.get(id) as number] as Element,
            change: (statusType) => tim.backend.setStatus(id, { statusType }),
          }
        }),
      )
    },
    async dispose() {
      await teardown(root, container, approach, tim)
    },
  }
}

/** N rows with a zustand selector each, over a store of N statuses, mounted and shown. */
export async function mountZustandRows(n: number) {
  const ids = idsFor(n)
  const store = createStore<StatusMap>()(() =>
    Object.fromEntries(ids.map((id) => [id, { statusType: UNLOGINED }])),
  )
  const approach = zustandRows(store)
  const container = freshContainer()
  const root = createRoot(container)
  flushSync(() => root.render(approach.render(ids)))
  await macrotask()
  return { ids, store, approach, container, root }
}

/** A zustand store of N statuses (all shown) and a selector per row; a change is `store.setState` of one key. */
export async function zustandUpdateBed(n: number, host: Host): Promise<UpdateBed> {
  const { ids, store, container, root } = await mountZustandRows(n)
  const badges = [...container.querySelectorAll('[data-rts-badge]')]
  // Users spread over the list.
  const pick = (i: number) => (i * 7919) % n
  return {
    changeable: n,
    update(round) {
      return measureUpdates(
        host,
        targetsOf(round, n, (i) => {
          const at = pick(i)
          return {
            element: badges[at] as Element,
            change: (statusType) => store.setState({ [ids[at] as string]: { statusType } }),
          }
        }),
      )
    },
    async dispose() {
      root.unmount()
      container.remove()
      forgetCommits(container)
      await macrotask()
    },
  }
}

/**
 * React's own share: a row per user holding its status in its own `useState`; a change is that one row's setter,
 * in `flushSync` (a sync-lane render, as a store read with `useSyncExternalStore` gets). No store, no selector.
 */
export async function ownStateUpdateBed(n: number, host: Host): Promise<UpdateBed> {
  const ids = idsFor(n)
  const setters: Setters = new Map()
  const approach = ownStateRows(setters, { statusType: UNLOGINED })
  const container = freshContainer()
  const root = createRoot(container)
  flushSync(() => root.render(approach.render(ids)))
  await macrotask()
  const badges = [...container.querySelectorAll('[data-rts-badge]')]
  const pick = (i: number) => (i * 7919 + 1) % n
  return {
    changeable: n,
    update(round) {
      return measureUpdates(
        host,
        targetsOf(round, n, (i) => {
          const at = pick(i)
          const set = setters.get(ids[at] as string) as (status: Known) => void
          return {
            element: badges[at] as Element,
            change: (statusType) => flushSync(() => set({ statusType })),
          }
        }),
      )
    },
    async dispose() {
      root.unmount()
      container.remove()
      forgetCommits(container)
      await macrotask()
    },
  }
}
