/**
 * The release grace, judged from the call log: an ID whose last live view went is unsubscribed no sooner than
 * `unsubscribeDelayMs` after that, so that taking it back within the grace costs no call. The one exception is the
 * cap: when the server has no room for what is wanted live and what is still in its grace, graces may end early.
 */
import { expect } from 'vitest'
import type { SdkCall } from '../../src/testing'
import { NOT_READY_CODES, START, type WantedSnapshot, type World } from './world'

/** An ID let go of by its last live view: when, and whether the cap could have ended its grace early. */
interface Released {
  at: number
  pressed: boolean
}

/**
 * Codes that say a request did nothing: refused by the SDK before sending (not ready), by the server as a whole
 * (2996 over the frequency limit), or the feature is off (3122 plan, 72001 console switch). After any other failure
 * (a transport error, a lost reply, an unknown code) the request may have been applied.
 */
const DID_NOTHING = [...NOT_READY_CODES, 2996, 3122, 72001]

function mayHaveApplied(call: SdkCall): boolean {
  if (call.outcome === 'threw') return false
  return typeof call.outcome !== 'object' || !DID_NOTHING.includes(call.outcome.code)
}

/**
 * Follows what the server may hold for the own sessions, as the SDK's answers tell it (what the engine can know):
 * a subscribe that may have been applied adds its IDs, only a successful unsubscribe takes them away, a session end
 * drops all.
 */
function applyToHeld(held: Set<string>, call: SdkCall): void {
  if (call.api === 'subscribeUserStatus' && mayHaveApplied(call)) {
    for (const id of call.userIDList ?? []) held.add(id)
  } else if (call.api === 'unsubscribeUserStatus' && call.outcome === 'ok') {
    if (call.unsubscribeAll) held.clear()
    else for (const id of call.userIDList ?? []) held.delete(id)
  }
}

/**
 * Every unsubscribe (of every ID the server may hold, for an unsubscribe-all) of an ID no longer wanted live is made
 * at least `unsubscribeDelayMs` after its last live view went, unless the cap pressed meanwhile: more IDs wanted live
 * and held unwanted (in their grace, or past it within the release slack) than `maxSubscriptions`, or, when it was
 * let go of, more wanted live than that (it may have been ranked out, its unsubscribe queued before). Room is then
 * made a tenth of the cap ahead (docs/decisions.md), so any ID in its grace may go. The look-ahead of a list may
 * keep an ID longer, never shorter: the grace is counted from the view, the later release of a window only adds
 * to it.
 */
export function checkReleaseGrace(world: World): void {
  const { tim, events, shows, scenario } = world
  const delay = scenario.unsubscribeDelayMs
  /** How much later than its grace a released ID may be let go of (docs/decisions.md: a fifth, 1 s at most). */
  const slack = Math.min(1000, delay / 5)
  const cap = scenario.maxSubscriptions
  /** What the server may hold (see `applyToHeld`). */
  const held = new Set<string>()
  const released = new Map<string, Released>()
  /** When each ID not wanted live now (by a view or a look-ahead) stopped being so: what may be in its grace. */
  const unwantedSince = new Map<string, number>()
  let now: WantedSnapshot = {
    callIndex: 0,
    at: START,
    mounted: new Set(),
    wanted: new Set(),
    subscribing: new Set(),
  }

  const show = (next: WantedSnapshot) => {
    const crowded = now.wanted.size > cap
    for (const id of now.mounted) {
      if (!next.mounted.has(id)) released.set(id, { at: next.at, pressed: crowded })
    }
    for (const id of next.mounted) released.delete(id)
    for (const id of now.wanted) if (!next.wanted.has(id)) unwantedSince.set(id, next.at)
    for (const id of next.wanted) unwantedSince.delete(id)
    now = next
    // What the server may hold that nobody wants live and takes room: in its grace, or past it within the release
    // slack (the unsubscribe not queued yet; once queued, the engine no longer counts it).
    const unwanted = [...unwantedSince].filter(
      ([id, since]) => (held.has(id) || next.subscribing.has(id)) && next.at - since < delay + slack,
    )
    const inGrace = unwanted.filter(([, since]) => next.at - since < delay).map(([id]) => id)
    if (next.wanted.size + unwanted.length <= cap) return
    for (const id of inGrace) {
      const release = released.get(id)
      if (release) release.pressed = true
    }
  }

  const judge = (call: SdkCall) => {
    // An unsubscribe-all lets go of whatever the server may hold.
    const ids = call.unsubscribeAll ? [...held] : (call.userIDList ?? [])
    const what = `unsubscribeUserStatus(${call.unsubscribeAll ? 'ALL' : ids.join(',')}) at +${call.at - START} ms`
    for (const id of ids) {
      const release = released.get(id)
      if (now.wanted.has(id) || !release || release.pressed) continue
      expect(
        call.at - release.at,
        `${what}: ${id} let go of at +${release.at - START} ms, grace ${delay} ms`,
      ).toBeGreaterThanOrEqual(delay)
    }
  }

  let nextEvent = 0
  let nextSnapshot = 0
  tim.calls.forEach((call, index) => {
    for (; nextEvent < events.length && (events[nextEvent]?.callIndex ?? 0) <= index; nextEvent++) {
      if (events[nextEvent]?.kind === 'ended') held.clear()
    }
    for (; nextSnapshot < shows.length && (shows[nextSnapshot]?.callIndex ?? 0) <= index; nextSnapshot++) {
      show(shows[nextSnapshot] as WantedSnapshot)
    }
    if (call.api === 'unsubscribeUserStatus') judge(call)
    applyToHeld(held, call)
  })
}
