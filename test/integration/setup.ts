import { configure } from '@testing-library/react'

/**
 * How long a wait on the real SDK may take. What the suite waits for runs on the SDK's own timers: login, its
 * 1 s tick (plan fetch, the interval it clears), its reconnect (about 0.9 s), pushes. Testing-library's 1 s
 * default leaves no room for a busy 2-core machine; this does, and a wait still ends as soon as its check
 * passes. Tests check counts and states, never how long something took.
 */
export const SDK_WAIT_MS = 10_000

// Only the integration project runs this file (after test/setup.ts): the 'react' project keeps the 1 s default.
// It covers `waitFor` and `findBy*`; `vi.waitFor` has no global default: use `waitForSdk` from ./harness.
configure({ asyncUtilTimeout: SDK_WAIT_MS })
