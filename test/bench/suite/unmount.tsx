// Section 4 of the suite: unmounting N shown rows in one commit. react-tim-status's <PresenceBadge subscribe> (true)
// under a provider that stays (the engine outlives the rows), against bare zustand selector rows. Imported by run.ts
// only after React's production build was chosen. Reads the global `performance`: runs in node and in a browser.
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { createStatusClient, type StatusClient } from '../../../src/core'
import { forgetCommits } from './commits'
import { allKnown, freshContainer, macrotask } from './dom'
import { type MeteredCall, metered, newMeter, resetMeter } from './metered'
import { timStatusOf } from './rows'
import { idsFor, mountZustandRows, readyTim, teardown, UNLIMITED } from './scenarios'

export type UnmountKind = 'timStatus' | 'zustand'

/** What the server was asked after the rows went, until it holds nothing (react-tim-status). */
export interface UnmountCalls {
  /** Calls per API, e.g. `{unsubscribeUserStatus: 2}`. */
  byApi: Record<string, number>
  /** IDs in them, and the most in one call; unsubscribe-all calls (no ID list) counted apart. */
  ids: number
  maxIds: number
  unsubscribeAll: number
  /** The most calls of one API family made in any 5 s (the server's limit is 20). */
  mostIn5s: number
  /** From the unmount to the last unsubscribe call (the grace; NaN: none). */
  lastMs: number
}

export interface UnmountFigures {
  /** The unmount commit: `flushSync` of the list with no rows (render, DOM, layout and passive effect cleanups). */
  commitMs: number
  /** The same, up to the next macrotask: with the microtasks it queued (the engine's pass over the releases). */
  taskMs: number
  /** react-tim-status: time inside the client's functions during the commit (retain's releases, the store
   * unsubscriptions); NaN for zustand. */
  engineMs: number
  /** The client's functions timed in the commit, per function (react-tim-status). */
  engineCalls?: Record<MeteredCall, number>
  /** IDs the server held subscribed when the rows went. */
  subscribed: number
  /** When asked: the calls the unmount led to, after waiting for them. */
  calls?: UnmountCalls
}

const wait = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait))

/** Times `flushSync(unmount)` and the rest of its task; checks that no row is left. */
async function measure(container: Element, unmount: () => void) {
  const start = performance.now()
  flushSync(unmount)
  const commitMs = performance.now() - start
  await macrotask()
  const taskMs = performance.now() - start
  if (container.querySelector('[data-rts-badge]')) throw new Error('rows are left after the unmount')
  return { start, commitMs, taskMs }
}

/**
 * react-tim-status: N `<PresenceBadge subscribe>` under `<StatusProvider client>`, mounted until every status shows
 * and the SDK calls settled; then the provider renders no rows. The client's rate limit is raised (`UNLIMITED`):
 * with the default 20 queries per 5 s, 20,000 IDs (40 queries) wait 5 s for a second window on every mount; the
 * engine's state when the rows go is the same (every status known, `maxSubscriptions` subscribed, the rest polled).
 * `waitForCalls`: afterwards, wait until the server holds no subscription (the grace, 5 s by default) and count the
 * calls that took.
 */
async function timStatusUnmount(n: number, waitForCalls: boolean): Promise<UnmountFigures> {
  const tim = await readyTim()
  const ids = idsFor(n)
  const client = createStatusClient(tim, UNLIMITED)
  const meter = newMeter()
  const approach = timStatusOf(metered(client, meter), true)
  const container = freshContainer()
  const root = createRoot(container)
  const shown = allKnown(container, n, 60_000)
  root.render(approach.render(ids))
  await shown
  // Until the subscriptions (maxSubscriptions, 200 by default) are held: they follow the first answers.
  const wanted = Math.min(n, client.options.maxSubscriptions)
  const pending = () => tim.calls.some((call) => call.outcome === 'pending')
  for (let turn = 0; pending() || tim.backend.subscriptionsOf('me').length < wanted; turn++) {
    if (turn > 2000) throw new Error('the SDK calls did not settle')
    await wait(5)
  }
  const subscribed = tim.backend.subscriptionsOf('me').length
  let lastUnsubscribeAt = Number.NaN
  const unsubscribe = tim.unsubscribeUserStatus.bind(tim)
  tim.unsubscribeUserStatus = (options) => {
    lastUnsubscribeAt = performance.now()
    return unsubscribe(options)
  }
  await macrotask()
  const before = tim.calls.length
  resetMeter(meter)
  // The provider stays: the rows' effect cleanups release their retains and store subscriptions in this commit.
  const { start, commitMs, taskMs } = await measure(container, () => root.render(approach.render([])))
  const engineMs = meter.ms
  const engineCalls = { ...meter.calls }
  let calls: UnmountCalls | undefined
  if (waitForCalls) {
    for (let turn = 0; pending() || tim.backend.subscriptionsOf('me').length > 0; turn++) {
      if (turn > 1000) throw new Error('the subscriptions were not let go')
      await wait(20)
    }
    const made = tim.calls.slice(before)
    const byApi: Record<string, number> = {}
    for (const call of made) byApi[call.api] = (byApi[call.api] ?? 0) + 1
    const sizes = made.map((call) => call.userIDList?.length ?? 0)
    const mostIn5s = Math.max(
      0,
      ...made.map(
        (call) =>
          made.filter((other) => other.api === call.api && other.at >= call.at && other.at < call.at + 5000)
            .length,
      ),
    )
    calls = {
      byApi,
      ids: sizes.reduce((sum, size) => sum + size, 0),
      maxIds: Math.max(0, ...sizes),
      unsubscribeAll: made.filter((call) => call.unsubscribeAll).length,
      mostIn5s,
      lastMs: lastUnsubscribeAt - start,
    }
  }
  await teardown(root, container, approach, tim)
  return { commitMs, taskMs, engineMs, engineCalls, subscribed, calls }
}

/** zustand: a store of N statuses (all shown) and a selector per row; then the root renders no rows. */
async function zustandUnmount(n: number): Promise<UnmountFigures> {
  const { approach, container, root } = await mountZustandRows(n)
  if (container.querySelectorAll('[data-status="unlogined"]').length !== n)
    throw new Error('zustand: not every row shows its status')
  const { commitMs, taskMs } = await measure(container, () => root.render(approach.render([])))
  container.remove()
  root.unmount()
  forgetCommits(container)
  await macrotask()
  return { commitMs, taskMs, engineMs: Number.NaN, subscribed: 0 }
}

/** Mounts N shown rows of `kind`, then measures their unmount (see `UnmountFigures`). */
export function unmountCost(kind: UnmountKind, n: number, waitForCalls = false): Promise<UnmountFigures> {
  return kind === 'timStatus' ? timStatusUnmount(n, waitForCalls) : zustandUnmount(n)
}

/**
 * The meter's own cost: a timed call of a function that does nothing (two clock reads and the sums), in ms; and
 * the clock's step (the least non-zero difference of two reads), which bounds each timed call's reading.
 */
export function meterCost(): { perCallMs: number; clockStepMs: number } {
  const meter = newMeter()
  const noop = () => {}
  const fake = metered({ getEntry: noop } as unknown as StatusClient, meter)
  const CALLS = 20_000
  const start = performance.now()
  for (let i = 0; i < CALLS; i++) fake.getEntry('x')
  const perCallMs = (performance.now() - start) / CALLS
  let clockStepMs = Number.POSITIVE_INFINITY
  for (let i = 0, last = performance.now(); i < 100_000; i++) {
    const now = performance.now()
    if (now > last) clockStepMs = Math.min(clockStepMs, now - last)
    last = now
  }
  return { perCallMs, clockStepMs }
}
