/** What a page did besides its work, for the tests that open built pages in Chromium (hydration, examples). */
import type { Page } from 'playwright-core'

/** Console errors and warnings, uncaught errors, and requests (sockets too) off `origin`, which are refused. */
export interface Seen {
  console: string[]
  pageErrors: string[]
  offHost: string[]
}

/** Starts watching `page` (before it loads anything): what it sees lands in the returned record. */
export async function watchPage(page: Page, origin: string): Promise<Seen> {
  const seen: Seen = { console: [], pageErrors: [], offHost: [] }
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      seen.console.push(`${message.type()}: ${message.text()}`)
    }
  })
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)))
  page.on('websocket', (socket) => seen.offHost.push(socket.url()))
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (new URL(url).origin === origin) return route.continue()
    seen.offHost.push(url)
    return route.abort()
  })
  return seen
}
