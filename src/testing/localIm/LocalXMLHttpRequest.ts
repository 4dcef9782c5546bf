/**
 * An `XMLHttpRequest` (and a `fetch`) that never touches the network: every request is answered locally by
 * a responder. The SDK uses XHR for its error-text file at create and for reports while its socket is down.
 */
import type { Scheduler } from './scheduler'
import type { LocalHttpReply, LocalHttpRequest } from './types'

/** What the HTTP stand-ins need from the backend. */
export interface HttpHost {
  scheduler: Scheduler
  /** A request was opened (recorded as caught). */
  opened(kind: 'xhr' | 'fetch', method: string, url: string): void
  respond(request: LocalHttpRequest): LocalHttpReply
}

type Handler = ((event: { type: string; target: unknown }) => void) | null
type Listener = (event: { type: string; target: unknown }) => void

/** The instance type of the class that `createLocalXMLHttpRequestClass` returns. */
export interface LocalXMLHttpRequest {
  readonly readyState: number
  readonly status: number
  readonly statusText: string
  readonly responseText: string
  readonly response: unknown
  readonly responseURL: string
  responseType: string
  timeout: number
  withCredentials: boolean
  onreadystatechange: Handler
  onload: Handler
  onerror: Handler
  onabort: Handler
  ontimeout: Handler
  onloadend: Handler
  readonly upload: { addEventListener(): void; removeEventListener(): void }
  open(method: string, url: string | URL, async?: boolean): void
  setRequestHeader(name: string, value: string): void
  send(body?: unknown): void
  abort(): void
  getResponseHeader(name: string): string | null
  getAllResponseHeaders(): string
  overrideMimeType(mime: string): void
  addEventListener(type: string, listener: Listener): void
  removeEventListener(type: string, listener: Listener): void
}

/** The class that `install` puts in place of `XMLHttpRequest`. */
export interface LocalXMLHttpRequestClass {
  new (): LocalXMLHttpRequest
  readonly UNSENT: 0
  readonly OPENED: 1
  readonly HEADERS_RECEIVED: 2
  readonly LOADING: 3
  readonly DONE: 4
}

/** Makes an `XMLHttpRequest` class whose requests are all answered by `host`. */
export function createLocalXMLHttpRequestClass(host: HttpHost): LocalXMLHttpRequestClass {
  class LocalXhr implements LocalXMLHttpRequest {
    static readonly UNSENT = 0
    static readonly OPENED = 1
    static readonly HEADERS_RECEIVED = 2
    static readonly LOADING = 3
    static readonly DONE = 4
    readyState = 0
    status = 0
    statusText = ''
    responseText = ''
    responseURL = ''
    responseType = ''
    timeout = 0
    withCredentials = false
    onreadystatechange: Handler = null
    onload: Handler = null
    onerror: Handler = null
    onabort: Handler = null
    ontimeout: Handler = null
    onloadend: Handler = null
    readonly upload = { addEventListener() {}, removeEventListener() {} }
    #method = 'GET'
    #url = ''
    #aborted = false
    readonly #listeners = new Map<string, Set<Listener>>()

    get response(): unknown {
      if (this.responseType === 'json') {
        try {
          return JSON.parse(this.responseText)
        } catch {
          return null
        }
      }
      return this.responseText
    }

    open(method: string, url: string | URL): void {
      this.#method = method.toUpperCase()
      this.#url = String(url)
      this.#aborted = false
      host.opened('xhr', this.#method, this.#url)
      this.readyState = 1
      this.#emit('readystatechange')
    }

    setRequestHeader(): void {}

    send(body?: unknown): void {
      const request: LocalHttpRequest = {
        method: this.#method,
        url: this.#url,
        body: body === undefined || body === null ? null : String(body),
      }
      host.scheduler.later(() => {
        if (this.#aborted) return
        const reply = host.respond(request)
        this.status = reply.status
        this.statusText = reply.status === 200 ? 'OK' : String(reply.status)
        this.responseText = reply.body
        this.responseURL = this.#url
        this.readyState = 4
        this.#emit('readystatechange')
        this.#emit('load')
        this.#emit('loadend')
      })
    }

    abort(): void {
      if (this.readyState === 4 || this.readyState === 0) return
      this.#aborted = true
      this.readyState = 4
      this.#emit('readystatechange')
      this.#emit('abort')
      this.#emit('loadend')
      this.readyState = 0
    }

    getResponseHeader(name: string): string | null {
      return this.readyState === 4 && name.toLowerCase() === 'content-type' ? 'application/json' : null
    }

    getAllResponseHeaders(): string {
      return this.readyState === 4 ? 'content-type: application/json\r\n' : ''
    }

    overrideMimeType(): void {}

    addEventListener(type: string, listener: Listener): void {
      const set = this.#listeners.get(type) ?? new Set()
      set.add(listener)
      this.#listeners.set(type, set)
    }

    removeEventListener(type: string, listener: Listener): void {
      this.#listeners.get(type)?.delete(listener)
    }

    #emit(type: string): void {
      const event = { type, target: this }
      const handler = (this as unknown as Record<string, Handler>)[`on${type}`]
      if (typeof handler === 'function') handler.call(this, event)
      for (const listener of [...(this.#listeners.get(type) ?? [])]) listener.call(this, event)
    }
  }
  return LocalXhr
}

/** Makes a `fetch` whose requests are all answered by `host`. */
export function createLocalFetch(
  host: HttpHost,
): (input: unknown, init?: { method?: string; body?: unknown }) => Promise<unknown> {
  return (input, init) => {
    const url =
      typeof input === 'string'
        ? input
        : input instanceof URL
          ? input.href
          : String((input as { url?: unknown })?.url ?? input)
    const method = (init?.method ?? (input as { method?: string })?.method ?? 'GET').toUpperCase()
    host.opened('fetch', method, url)
    const request: LocalHttpRequest = { method, url, body: typeof init?.body === 'string' ? init.body : null }
    return new Promise((resolve) => {
      host.scheduler.later(() => {
        const reply = host.respond(request)
        // These statuses may not carry a body.
        const body = [101, 204, 205, 304].includes(reply.status) ? null : reply.body
        resolve(new Response(body, { status: reply.status, headers: { 'content-type': 'application/json' } }))
      })
    })
  }
}
