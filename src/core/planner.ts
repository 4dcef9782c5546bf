/**
 * The planner: from the work of each family (filed by `decide`), what the server is believed to hold, the budgets
 * and the time, the calls to make now, each as full as can be, and when to look again. Pure: no I/O, no timers;
 * the engine sends what it plans and records the outcomes. The one home of the rules for a low budget.
 */
import type { ServerState } from './serverLedger'
import type { ApiFamily } from './types'

/** Budget left (a share of the calls per window) at or below which it is low. */
const LOW_BUDGET_SHARE = 0.25
/** The longest work waits to fill a call while the budget is low. */
export const FILL_WAIT_MS = 250

/** Calls per window that prefetching (keep-once work) leaves to what is on screen: the low quarter. */
export function keepReserve(callsPerWindow: number): number {
  // None below 4 calls per window: a prefetch must be able to go at all.
  return Math.floor(callsPerWindow * LOW_BUDGET_SHARE)
}

/** A budget of `calls` is low: at or below the reserve (one call at least). Work waits then, to fill calls. */
export function isLow(calls: number, callsPerWindow: number): boolean {
  return calls <= Math.max(1, keepReserve(callsPerWindow))
}

export type PerFamily<T> = Record<ApiFamily, T>

/** What the planner reads. Sets are in the order their IDs were filed (the newest last). */
export interface PlanInput {
  now: number
  /** IDs per call. */
  limits: PerFamily<number>
  /** Calls each family may make now. */
  budget: PerFamily<number>
  /** Calls per window (what the low budget is a share of), and the window's length (with the client's margin). */
  callsPerWindow: number
  windowMs: number
  /** When each family last sent a call within the window (null: none in it). */
  lastSent: PerFamily<number | null>
  /** `maxSubscriptions`, and the subscriptions held (not absent) now. */
  cap: number
  held: number
  /** IDs that want a subscription, and subscribe calls in flight. */
  wantedLive: number
  subscribing: number
  work: PerFamily<ReadonlySet<string>> & { keep: ReadonlySet<string>; spare: ReadonlySet<string> }
  /** Since when each family's work has waited to fill a call (null: it does not). */
  waitingSince: PerFamily<number | null>
  serverOf(id: string): ServerState
  priorityOf(id: string): number
}

/** The calls of one pass. */
export interface Plan {
  unsubscribe: string[][]
  /** One unsubscribe of everything (`unsubscribe` then holds all its IDs). */
  unsubscribeAll: boolean
  subscribe: string[][]
  query: string[][]
  /** Since when each family's work waits now. */
  waitingSince: PerFamily<number | null>
  /** When a call held back to fill goes anyway; null while none is. */
  fillDue: number | null
}

/**
 * Up to `calls` batches of at most `size` IDs each from `ids`: those of a higher priority first (what is on
 * screen), then the newest first.
 */
export function takeBatches(
  ids: ReadonlySet<string>,
  size: number,
  calls: number,
  priorityOf: (id: string) => number,
): string[][] {
  const batches: string[][] = []
  if (calls <= 0) return batches
  let all = [...ids]
  if (all.length > size && all.some((id) => priorityOf(id) > 0)) {
    // Stable: within a priority, insertion order stays, so the newest are still taken first.
    all = all.sort((a, b) => priorityOf(a) - priorityOf(b))
  }
  for (let end = all.length; end > 0 && batches.length < calls; end -= size) {
    batches.push(all.slice(Math.max(0, end - size), end))
  }
  return batches
}

/** Small calls that go at once on a window nearly unspent (a page at mount: a header, a panel), before spacing. */
const paceBurst = (callsPerWindow: number) => Math.min(2, keepReserve(callsPerWindow))

/**
 * The spacing of calls that would not be full, once the window holds more than `paceBurst` of them: the window over
 * the calls left beyond those. A stream of small work (a list read slowly) so spends the window evenly, instead of
 * spending it at once and then sending nothing until it frees.
 */
export function paceMs(windowMs: number, callsPerWindow: number): number {
  return windowMs / Math.max(1, callsPerWindow - paceBurst(callsPerWindow))
}

/**
 * Work that would not fill a call waits for more (a scrolled list brings more every frame) rather than spend the
 * window on a few IDs a call: once the window holds more than two calls (`paceBurst`), until `paceMs` after
 * the last one; while the budget is low, also up to `FILL_WAIT_MS` from when it began to wait. A full call goes at
 * once, and so does small work while the window is nearly unspent (a page at mount). Returns true when nothing is to
 * be sent now (no work, no budget, or held to fill), and notes since when the work waits.
 */
function holdToFill(input: PlanInput, plan: Plan, family: ApiFamily, size: number): boolean {
  if (size === 0) {
    plan.waitingSince[family] = null
    return true
  }
  const { now, callsPerWindow } = input
  const since = input.waitingSince[family] ?? now
  plan.waitingSince[family] = since
  const calls = input.budget[family]
  if (calls === 0) return true
  if (size >= input.limits[family]) return false
  let due = isLow(calls, callsPerWindow) ? since + FILL_WAIT_MS : now
  const last = input.lastSent[family]
  if (last !== null && callsPerWindow - calls > paceBurst(callsPerWindow)) {
    due = Math.max(due, last + paceMs(input.windowMs, callsPerWindow))
  }
  if (now >= due) return false
  plan.fillDue = Math.min(plan.fillDue ?? due, due)
  return true
}

/**
 * Unsubscribes what is held but no longer wanted, small calls spaced as the others are (`holdToFill`). When nothing
 * is wanted live and everything held is due, and it would take more than one call, one unsubscribe-all does it.
 */
function planUnsubscribes(input: PlanInput, plan: Plan): void {
  const { work, limits, held } = input
  const calls = input.budget.unsubscribe
  if (holdToFill(input, plan, 'unsubscribe', work.unsubscribe.size)) return
  if (
    calls > 0 &&
    input.wantedLive === 0 &&
    input.subscribing === 0 &&
    work.unsubscribe.size === held &&
    held > limits.unsubscribe
  ) {
    plan.unsubscribe = [[...work.unsubscribe]]
    plan.unsubscribeAll = true
    plan.waitingSince.unsubscribe = null
    return
  }
  plan.unsubscribe = takeBatches(work.unsubscribe, limits.unsubscribe, calls, input.priorityOf)
  const taken = plan.unsubscribe.reduce((sum, batch) => sum + batch.length, 0)
  plan.waitingSince.unsubscribe = work.unsubscribe.size > taken ? input.now : null
}

/**
 * Subscribes what the live set lacks, never past the cap: an ID whose subscription is unknown is already counted
 * as held, so only the absent ones need room. The newest first: what was asked for last is what is on screen now.
 */
function planSubscribes(input: PlanInput, plan: Plan): void {
  const { work, limits, serverOf } = input
  if (holdToFill(input, plan, 'subscribe', work.subscribe.size)) return
  let room = input.cap - input.held
  let calls = input.budget.subscribe
  let batch: string[] = []
  let taken = 0
  for (const id of [...work.subscribe].reverse()) {
    if (calls === 0) break
    if (serverOf(id) === 'absent') {
      if (room === 0) continue
      room--
    }
    batch.push(id)
    taken++
    if (batch.length === limits.subscribe) {
      plan.subscribe.push(batch)
      batch = []
      calls--
    }
  }
  if (batch.length > 0) plan.subscribe.push(batch)
  plan.waitingSince.subscribe = work.subscribe.size > taken ? input.now : null
}

/** Fills `batch` up to `size` from `sources`, in order, skipping what is `taken` (and noting what it takes). */
function topUp(batch: string[], size: number, taken: Set<string>, ...sources: Iterable<string>[]): void {
  for (const source of sources) {
    for (const id of source) {
      if (batch.length >= size) return
      if (taken.has(id)) continue
      taken.add(id)
      batch.push(id)
    }
  }
}

/** Kept IDs of a higher priority (near the screen), the highest first. */
function rankedKept(input: PlanInput): string[] {
  return [...input.work.keep]
    .filter((id) => input.priorityOf(id) > 0)
    .sort((a, b) => input.priorityOf(b) - input.priorityOf(a))
}

/**
 * Queries, each as full as can be: what someone needs now first (what is on screen before the rest, then the
 * newest), then what is only kept (a prefetched list, in its order) with the budget above the reserve. The last
 * call of each kind takes kept and spare IDs too: a call costs the same for 1 ID or 500. Spare IDs never make a
 * call of their own.
 */
function planQueries(input: PlanInput, plan: Plan): void {
  const { work, limits } = input
  const { query: wanted, keep, spare } = work
  const taken = new Set<string>()
  let calls = input.budget.query
  let left = wanted.size
  // Kept and spare IDs can fill the last call: no waiting to fill while there are enough.
  if (!holdToFill(input, plan, 'query', wanted.size + (wanted.size > 0 ? keep.size + spare.size : 0))) {
    const batches = takeBatches(wanted, limits.query, calls, input.priorityOf)
    const last = batches[batches.length - 1]
    if (last && last.length < limits.query && keep.size + spare.size > 0) {
      topUp(last, limits.query, taken, rankedKept(input), keep, spare)
    }
    for (const batch of batches) left -= batch.length - batch.filter((id) => taken.has(id)).length
    plan.query.push(...batches)
    calls -= batches.length
    plan.waitingSince.query = left > 0 ? input.now : null
  }
  calls -= keepReserve(input.callsPerWindow)
  if (keep.size === 0 || calls <= 0 || left > 0) return
  // Oldest first: a list is kept in its order, so its top is answered first.
  const kept = [...keep].filter((id) => !taken.has(id))
  let batch: string[] | undefined
  for (let start = 0; start < kept.length && calls > 0; start += limits.query, calls--) {
    batch = kept.slice(start, start + limits.query)
    plan.query.push(batch)
  }
  if (batch && batch.length < limits.query) topUp(batch, limits.query, taken, spare)
}

/** One pass's calls: unsubscribes first (they make room), then subscribes, then queries. */
export function plan(input: PlanInput): Plan {
  const result: Plan = {
    unsubscribe: [],
    unsubscribeAll: false,
    subscribe: [],
    query: [],
    waitingSince: { ...input.waitingSince },
    fillDue: null,
  }
  planUnsubscribes(input, result)
  planSubscribes(input, result)
  planQueries(input, result)
  return result
}

/**
 * A full query to send at once, in the middle of the task that filled it, while the budget is not low: a list
 * mounting thousands of rows has its first answers on the way while the rest still mount. Not while some IDs wait
 * to be subscribed: their query must follow their subscribe, or it is asked again.
 */
export function planFullQuery(input: PlanInput): string[] | null {
  const { work, limits } = input
  if (work.subscribe.size > 0 || work.query.size < limits.query) return null
  if (isLow(input.budget.query, input.callsPerWindow)) return null
  return takeBatches(work.query, limits.query, 1, input.priorityOf)[0] ?? null
}

/**
 * How long until work held back by budget or a fill wait can go (null: nothing waits for time). Work held back by
 * something else (the cap, readiness) is woken by what frees it. `delayOf`: ms until `free` calls are allowed.
 */
export function nextWake(
  input: Pick<PlanInput, 'work' | 'now' | 'callsPerWindow'>,
  fillDue: number | null,
  delayOf: (family: ApiFamily, free?: number) => number,
): number | null {
  let wait = Number.POSITIVE_INFINITY
  for (const family of ['query', 'subscribe', 'unsubscribe'] as const) {
    const delay = delayOf(family)
    if (input.work[family].size > 0 && delay > 0) wait = Math.min(wait, delay)
  }
  if (input.work.keep.size > 0) {
    const delay = delayOf('query', keepReserve(input.callsPerWindow) + 1)
    if (delay > 0) wait = Math.min(wait, delay)
  }
  if (fillDue !== null) wait = Math.min(wait, Math.max(0, fillDue - input.now))
  return wait === Number.POSITIVE_INFINITY ? null : wait
}
