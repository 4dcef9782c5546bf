/**
 * The flap guard (`offlineDelayMs`), judged from what the views showed over time and what the server held: a user
 * shown online who drops (offline or unlogined) keeps being shown online for the delay; back online within it,
 * no view ever shows them away; a drop that lasts shows once the delay has passed.
 *
 * Every change of what a view shows is recorded (`recordingShown`: a store write in the core, a DOM change in
 * React, and a look after every step), with the server's changes (`World.history`) and the pushes the app got
 * (`World.received`) on one sequence, so that what happened within one millisecond keeps its order.
 */
import { expect } from 'vitest'
import {
  type Driver,
  LATENCY_MS,
  nextSeq,
  type Received,
  type Shown,
  type ShownSample,
  START,
  type StatusRecord,
  type World,
} from './world'

/** How much later than `offlineDelayMs` (after the push) a drop that lasts may show. */
export const SLACK_MS = 50

const ONLINE = 1
const isAway = (statusType: number) => statusType === 2 || statusType === 3
const isShownAway = (shown: ShownSample['shown']) =>
  shown !== undefined && shown !== 'gone' && isAway(shown.statusType)

/** Records what `view` shows of `id` now, if it changed. */
function note(world: World, view: number, id: string, shown: Shown | undefined | 'gone', at: number): void {
  let last = world.lastShown.get(view)
  if (!last) {
    last = new Map()
    world.lastShown.set(view, last)
  }
  const text = shown === 'gone' ? 'gone' : JSON.stringify(shown ?? null)
  if (last.get(id) === text) return
  last.set(id, text)
  world.samples.push({ seq: nextSeq(world), at, view, id, shown })
}

/** Records what every mounted view shows now, and that views no longer mounted went. */
export function sampleViews(world: World, driver: Driver): void {
  const at = Date.now()
  const showing = new Set<number>()
  for (const view of world.stage.views) {
    if (!driver.isShowing(view)) continue
    showing.add(view.key)
    const shown = driver.shown(view)
    for (const id of view.ids) note(world, view.key, id, shown[id], at)
  }
  for (const [key, last] of world.lastShown) {
    if (showing.has(key)) continue
    for (const id of last.keys()) note(world, key, id, 'gone', at)
    world.lastShown.delete(key)
  }
}

/** The driver, recording what the views show whenever it may have changed, and after every step. */
export function recordingShown(world: World, driver: Driver): Driver {
  const sample = () => sampleViews(world, driver)
  driver.watch(sample)
  return {
    ...driver,
    async show(stage) {
      await driver.show(stage)
      sample()
    },
    async act(change) {
      await driver.act(change)
      sample()
    },
    async advance(ms) {
      await driver.advance(ms)
      sample()
    },
  }
}

/** A drop from online on the server: its away records (offline / unlogined) in a row, and what came after. */
interface Drop {
  id: string
  /** The record of the online run before the drop that began it. */
  onlineSince: StatusRecord
  away: StatusRecord[]
  /** Back online (undefined: still away). */
  end: StatusRecord | undefined
  /** The first away record after `end`. */
  nextAway: StatusRecord | undefined
}

/** Every drop from online of `id` on the server (unknown users start UNLOGINED: that is no drop). */
function dropsOf(world: World, id: string): Drop[] {
  const records = world.history.get(id) ?? []
  const drops: Drop[] = []
  let onlineSince: StatusRecord | undefined
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as StatusRecord
    if (!isAway(record.statusType)) {
      onlineSince ??= record
      continue
    }
    if (!onlineSince) continue
    let next = index
    while (next < records.length && isAway((records[next] as StatusRecord).statusType)) next++
    let after = next
    while (after < records.length && !isAway((records[after] as StatusRecord).statusType)) after++
    drops.push({
      id,
      onlineSince,
      away: records.slice(index, next),
      end: records[next],
      nextAway: records[after],
    })
    onlineSince = undefined
    index = next - 1
  }
  return drops
}

const describeRecord = (record: StatusRecord) =>
  `${record.statusType}${record.customStatus ? `/${record.customStatus}` : ''} at +${record.at - START} ms`

function describeDrop(drop: Drop): string {
  const end = drop.end ? `back ${describeRecord(drop.end)}` : 'still away'
  return `${drop.id}: ${drop.away.map(describeRecord).join(', ')}, ${end}`
}

function describeSamples(samples: readonly ShownSample[]): string {
  return samples
    .map(
      ({ view, at, shown }) =>
        `#${view} ${shown === 'gone' ? 'gone' : JSON.stringify(shown ?? null)} +${at - START}`,
    )
    .join('; ')
}

/** What the checks read, indexed once. */
interface Timeline {
  world: World
  delay: number
  /** The samples of each ID, in order. */
  samples: Map<string, ShownSample[]>
  received: Map<string, Received[]>
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const list = out.get(key(item)) ?? []
    list.push(item)
    out.set(key(item), list)
  }
  return out
}

/** Every change of `id` made on the server within [from, to] reached the app as a push, LATENCY_MS later. */
function heardAll(timeline: Timeline, id: string, from: number, to: number): boolean {
  const received = timeline.received.get(id) ?? []
  return (timeline.world.history.get(id) ?? [])
    .filter((record) => record.at >= from && record.at <= to)
    .every((record) =>
      received.some(
        (push) =>
          push.at === record.at + LATENCY_MS &&
          push.statusType === record.statusType &&
          push.customStatus === record.customStatus,
      ),
    )
}

/** No session event (login, logout, kick-out) and no network change within [from, to]. */
function quiet(world: World, from: number, to: number): boolean {
  return !world.events.some((event) => event.at >= from && event.at <= to)
}

/** What each view showed of the ID just before `seq` (a view with no sample then is absent). */
function shownBefore(samples: readonly ShownSample[], seq: number): Map<number, ShownSample['shown']> {
  const out = new Map<number, ShownSample['shown']>()
  for (const sample of samples) {
    if (sample.seq > seq) break
    out.set(sample.view, sample.shown)
  }
  return out
}

/**
 * A blip shorter than the delay is never shown, by any view, from its start until the user next drops: the guard
 * holds the drop and forgets it when the user is back. Judged only where the engine could know: some view showed
 * the user online when the drop came, the user had been online longer than a push takes, no older drop can still
 * be held (online since long enough, or a push heard while online), the app got every change of the blip, and no
 * session or network change came from a delay before it until it was heard to end.
 */
function checkBlip(timeline: Timeline, drop: Drop): void {
  const { world, delay } = timeline
  const start = drop.away[0] as StatusRecord
  const { end } = drop
  if (!end || end.at - start.at >= delay) return
  // Online for longer than a push takes: views show them online when the drop comes.
  const { onlineSince } = drop
  if (onlineSince.at > start.at - LATENCY_MS - 1) return
  // No older drop still held: online since before anything seen within a delay of the drop was sent, or the app
  // got a push of them while online (it ends any hold; all it hears afterwards says online).
  const from = start.at - delay - LATENCY_MS
  const heardOnline = (timeline.received.get(drop.id) ?? []).some(
    (push) => push.at >= onlineSince.at + LATENCY_MS && push.at < start.at + LATENCY_MS,
  )
  if (onlineSince.at > from && !heardOnline) return
  if (!heardAll(timeline, drop.id, start.at, end.at)) return
  if (!quiet(world, Math.max(from, onlineSince.at), end.at + LATENCY_MS)) return
  const samples = timeline.samples.get(drop.id) ?? []
  const before = [...shownBefore(samples, start.seq).values()]
  if (!before.some((shown) => shown !== 'gone' && shown?.statusType === ONLINE)) return
  const until = drop.nextAway ? drop.nextAway.at + LATENCY_MS : Number.POSITIVE_INFINITY
  const during = samples.filter((sample) => sample.seq > start.seq && sample.at < until)
  expect(
    during.filter((sample) => isShownAway(sample.shown)),
    `a blip shorter than offlineDelayMs ${delay} was shown away (${describeDrop(drop)}); shown: ` +
      describeSamples(during),
  ).toEqual([])
}

/**
 * A drop longer than the delay (and the slack) shows by then: every view mounted from the drop until `delay` +
 * SLACK_MS after its push shows an away status the user had meanwhile (a badge its type). Judged where the app got
 * the drop and what followed, with no session or network change meanwhile.
 */
function checkLongDrop(timeline: Timeline, drop: Drop): void {
  const { world, delay } = timeline
  const start = drop.away[0] as StatusRecord
  const by = start.at + LATENCY_MS + delay + SLACK_MS
  if (drop.end && drop.end.at - start.at <= delay + SLACK_MS) return
  if (!heardAll(timeline, drop.id, start.at, by - LATENCY_MS) || !quiet(world, start.at, by)) return
  const samples = timeline.samples.get(drop.id) ?? []
  const had = drop.away.filter((record) => record.at <= by)
  for (const [view, shown] of shownBefore(samples, start.seq)) {
    if (shown === 'gone') continue
    const mine = samples.filter((sample) => sample.view === view && sample.seq > start.seq && sample.at <= by)
    if (mine.some((sample) => sample.shown === 'gone')) continue
    const last = mine.length > 0 ? (mine.at(-1) as ShownSample).shown : shown
    const what = `view #${view}, +${by - START} ms: a drop longer than offlineDelayMs ${delay} (${describeDrop(drop)})`
    const story = `shown before: ${JSON.stringify(shown ?? null)}, then: ${describeSamples(mine) || 'no change'}`
    expect(isShownAway(last), `${what} is shown away; ${story}`).toBe(true)
    const { statusType, customStatus } = last as Shown
    const options = had.filter(
      (record) =>
        record.statusType === statusType &&
        (customStatus === undefined || record.customStatus === customStatus),
    )
    expect(options.length, `${what} shows ${JSON.stringify(last)}, a status it had`).toBeGreaterThan(0)
  }
}

/** The flap guard, over the whole run (call it once everything converged). */
export function checkFlaps(world: World): void {
  const timeline: Timeline = {
    world,
    delay: world.scenario.offlineDelayMs,
    samples: groupBy(world.samples, (sample) => sample.id),
    received: groupBy(world.received, (push) => push.userID),
  }
  for (const id of world.history.keys()) {
    for (const drop of dropsOf(world, id)) {
      checkBlip(timeline, drop)
      checkLongDrop(timeline, drop)
    }
  }
}
