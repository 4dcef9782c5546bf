/**
 * What the Next.js recipe (docs/nextjs.md) calls `TencentCloudChat.create`, for test/browser/hydration.test.ts:
 * the fake SDK of react-tim-status/testing, one instance per SDKAppID as the real SDK gives (so a second call,
 * as StrictMode makes, returns the first instance), on a backend that knows the users of the page.
 */
import { createFakeBackend, createFakeTim, type FakeBackend, type FakeTim } from '../../src/testing'

/** The users of the page and what the backend holds for them. */
export const CONTACTS = {
  bob: { statusType: 1, customStatus: 'coding' },
  carol: { statusType: 2, customStatus: '' },
  dave: { statusType: 3, customStatus: '' },
} as const

export const SELF = { userID: 'alice', customStatus: 'Working from home' } as const

/** What this module did: read by the test on both sides (node for the server render, the page for the client). */
export const sdkLog = { createCalls: 0, logins: 0, instances: [] as FakeTim[] }

let backend: FakeBackend | undefined
const instances = new Map<number, FakeTim>()

/** The backend behind every instance (made on first use: nothing at all exists until an SDK is created). */
export function fakeBackend(): FakeBackend {
  if (!backend) {
    backend = createFakeBackend()
    for (const [userID, status] of Object.entries(CONTACTS)) backend.setStatus(userID, status)
    backend.setStatus(SELF.userID, { customStatus: SELF.customStatus })
  }
  return backend
}

/** `TencentCloudChat.create({ SDKAppID })`: the same instance for the same SDKAppID. */
export function createChat({ SDKAppID }: { SDKAppID: number }): FakeTim {
  sdkLog.createCalls++
  let tim = instances.get(SDKAppID)
  if (!tim) {
    // A little latency, so that the page shows each step (logging in, asking, answers) as a real one would.
    tim = createFakeTim({ backend: fakeBackend(), latencyMs: 30, readyDelayMs: 30, SDKAppID })
    const login = tim.login.bind(tim)
    tim.login = (options) => {
      sdkLog.logins++
      return login(options)
    }
    instances.set(SDKAppID, tim)
    sdkLog.instances.push(tim)
  }
  return tim
}
