/**
 * The browser entry of test/browser/hydration.test.ts, bundled by esbuild with React's development build. Loading
 * it does nothing but put `window.rts` in place: the test looks at the server HTML first, then calls `hydrate`.
 */
import type { ErrorInfo } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { fakeBackend, sdkLog } from './fakeChat'
import { type AppProps, NextApp } from './nextApp'

/** What the page offers the test, as `window.rts`. */
export interface PageHandle {
  /** `hydrateRoot(document, <NextApp {...props} />)`, as Next.js's client does with the RSC payload's props. */
  hydrate(props: AppProps): void
  /** Errors React recovered from while hydrating (a mismatch makes one); they also go to `console.error`. */
  recoverable: string[]
  /** How often the app called the stand-in of `TencentCloudChat.create`, and what it made. */
  sdk(): { createCalls: number; instances: number; logins: number }
  /** A change on the fake backend, as another device of that user would make (pushed to subscribers). */
  setStatus(userID: string, patch: { statusType?: number; customStatus?: string }): void
}

const recoverable: string[] = []

const handle: PageHandle = {
  hydrate(props) {
    hydrateRoot(document, <NextApp {...props} />, {
      onRecoverableError(error: unknown, info: ErrorInfo) {
        recoverable.push(String(error))
        console.error('recoverable error while hydrating:', error, info.componentStack)
      },
    })
  },
  recoverable,
  sdk: () => ({
    createCalls: sdkLog.createCalls,
    instances: sdkLog.instances.length,
    logins: sdkLog.logins,
  }),
  setStatus: (userID, patch) => fakeBackend().setStatus(userID, patch),
}

;(window as unknown as { rts: PageHandle }).rts = handle
