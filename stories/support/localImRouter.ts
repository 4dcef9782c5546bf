/**
 * Puts the stand-ins of several local IM backends (`createLocalIm`) on the page at once. Each story on the real
 * SDK has its own backend, and a docs page renders several stories side by side, so `im.install(window)` (one
 * backend for the whole page) is not enough: the page gets one router instead, which hands every SDK socket to
 * the backend of its SDK instance, found by the `sdkappid=` of the socket's URL (every playground instance has
 * its own SDKAppID). The router is on `window` while at least one backend is registered, and the page's own
 * `WebSocket`, `XMLHttpRequest` and `fetch` are put back when the last one leaves.
 *
 * Containment: a cross-origin socket or request never reaches the page's own classes while the router is in
 * place. A socket or `fetch` to the page's own origin (Storybook's and Vite's channels) goes to the page's own
 * classes and is listed in `passedThrough`. Every `XMLHttpRequest` goes to the newest backend (the URL is not
 * known when it is constructed); the SDK uses XHR for a file at `create` and for reports, Storybook does not.
 */
import type { LocalIm } from '../../src/testing'

interface Registered {
  SDKAppID: number
  im: LocalIm
}

const registered: Registered[] = []
const passedThrough: string[] = []
let restorePage: (() => void) | null = null

const SDKAPPID = /[?&]sdkappid=(\d+)/i

function isSameOrigin(url: string): boolean {
  try {
    return new URL(url, window.location.href).host === window.location.host
  } catch {
    return false
  }
}

/** The backend for a URL, or `null` for the page's own origin. */
function backendFor(url: string): LocalIm | null {
  const appID = SDKAPPID.exec(url)?.[1]
  const byAppID = appID ? registered.find((entry) => entry.SDKAppID === Number(appID)) : undefined
  if (byAppID) return byAppID.im
  if (!appID && isSameOrigin(url)) return null
  return newest()
}

function newest(): LocalIm {
  const last = registered.at(-1)
  if (!last) throw new Error('localImRouter: no local IM is registered')
  return last.im
}

/** The page's own classes, while the router is in their place. */
let page: { WebSocket: typeof WebSocket; XMLHttpRequest: typeof XMLHttpRequest; fetch: typeof fetch } | null =
  null

function ownClasses() {
  if (!page) throw new Error('localImRouter: not installed')
  return page
}

const RoutedWebSocket = function RoutedWebSocket(url: string | URL, protocols?: string | string[]) {
  const im = backendFor(String(url))
  if (im) return new im.WebSocket(url, protocols)
  passedThrough.push(String(url))
  return new (ownClasses().WebSocket)(url, protocols)
}
Object.assign(RoutedWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 })

const RoutedXMLHttpRequest = function RoutedXMLHttpRequest() {
  return new (newest().XMLHttpRequest)()
}
Object.assign(RoutedXMLHttpRequest, { UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4 })

function routedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input)
  const im = backendFor(url)
  if (im) return im.fetch(input, init as { method?: string; body?: unknown }) as Promise<Response>
  passedThrough.push(url)
  return ownClasses().fetch.call(window, input, init)
}

function installOnPage(): () => void {
  page = { WebSocket: window.WebSocket, XMLHttpRequest: window.XMLHttpRequest, fetch: window.fetch }
  const target = window as unknown as Record<string, unknown>
  target.WebSocket = RoutedWebSocket
  target.XMLHttpRequest = RoutedXMLHttpRequest
  target.fetch = routedFetch
  return () => {
    const own = ownClasses()
    target.WebSocket = own.WebSocket
    target.XMLHttpRequest = own.XMLHttpRequest
    target.fetch = own.fetch
    page = null
  }
}

/** Routes the sockets of SDK instances made with `SDKAppID` to `im` until the returned function is called. */
export function routeToLocalIm(SDKAppID: number, im: LocalIm): () => void {
  const entry: Registered = { SDKAppID, im }
  registered.push(entry)
  restorePage ??= installOnPage()
  let done = false
  return () => {
    if (done) return
    done = true
    registered.splice(registered.indexOf(entry), 1)
    if (registered.length === 0) {
      restorePage?.()
      restorePage = null
    }
  }
}

/** True while the router is the page's `WebSocket` (some backend is registered). */
export function isRouterInstalled(): boolean {
  return restorePage !== null
}

/** Same-origin sockets and fetches the router gave to the page's own classes (Storybook, Vite), in order. */
export function passedThroughUrls(): readonly string[] {
  return passedThrough
}
