/** The 20,000 members of the 'Big lists' stories, with and without prefetch: one list, one seed, one server cap. */
import { fakeBackendOf, type PlaygroundBackend } from './createPlaygroundTim'
import { makePeople, random, randomStatus } from './people'
import type { PlaygroundSetup } from './playground'

export const MEMBERS = 20_000
export const ROW_HEIGHT = 28
export const LIST_HEIGHT = 616
/** `maxSubscriptions` of these stories, and the subscription cap of their fake server. */
export const CAP = 300
export const LABEL = 'Group members'

export const members = makePeople(MEMBERS, 'member', 5)

/** Gives all 20,000 members a status, and the server a cap of 300 subscriptions per session. */
export function seedMembers(backend: PlaygroundBackend) {
  const next = random(20_000)
  for (const member of members) backend.setStatus(member.userID, randomStatus(next))
  // Past its cap the server drops the oldest subscriptions silently, and records each drop: the play functions
  // check that there is none (the engine never holds more than maxSubscriptions).
  fakeBackendOf(backend).setSubscriptionCap(CAP)
}

/**
 * The playground of these stories: the fake SDK seeded with the members, `maxSubscriptions` at the server's cap,
 * and rows checked against what the server holds at each moment (no flap guard holding a drop back).
 */
export const BIG_LIST_PLAYGROUND: PlaygroundSetup = {
  seed: seedMembers,
  options: { maxSubscriptions: CAP, offlineDelayMs: 0 },
  sdks: ['fake'],
}
