/**
 * A `WebSocket` that never touches the network: the other end is the local backend. It has what the SDK and
 * ordinary code use (readyState and its constants, `binaryType`, `on*` handlers and `addEventListener`, `send`,
 * `close`) and delivers everything asynchronously, as a real socket does.
 */
import type { Scheduler } from './scheduler'

/** The backend's end of one socket. */
export interface SocketServerEnd {
  /** A frame the page sent (whatever was passed to `send`). */
  receive(data: unknown): void
  /** The socket is closed (by either end). */
  closed(): void
}

/** The page's end of one socket, as the backend drives it. */
export interface SocketClientEnd {
  readonly url: string
  /** Delivers a binary frame to the page. */
  deliver(data: ArrayBuffer): void
  /** Closes the socket from the server side (a dropped connection). */
  drop(code: number, reason: string): void
}

/** What a `LocalWebSocket` class needs from its backend. */
export interface SocketHost {
  scheduler: Scheduler
  /** A socket was constructed: returns the backend's end for it. */
  accept(client: SocketClientEnd): SocketServerEnd
}

/** A socket event: the fields that `Event`, `MessageEvent` and `CloseEvent` give handlers. */
export interface LocalSocketEvent {
  type: string
  target: unknown
  currentTarget: unknown
  data?: unknown
  code?: number
  reason?: string
  wasClean?: boolean
}

type Listener = ((event: LocalSocketEvent) => void) | { handleEvent(event: LocalSocketEvent): void }
type Handler = ((event: LocalSocketEvent) => void) | null

/** The instance type of the class that `createLocalWebSocketClass` returns. */
export interface LocalWebSocket {
  readonly url: string
  readonly readyState: number
  readonly protocol: string
  readonly extensions: string
  readonly bufferedAmount: number
  binaryType: string
  onopen: Handler
  onmessage: Handler
  onclose: Handler
  onerror: Handler
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
  send(data: unknown): void
  close(code?: number, reason?: string): void
  addEventListener(type: string, listener: Listener | null): void
  removeEventListener(type: string, listener: Listener | null): void
}

/** The class (constructor and constants) that `install` puts in place of `WebSocket`. */
export interface LocalWebSocketClass {
  new (url: string | URL, protocols?: string | string[]): LocalWebSocket
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
}

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

/** Makes a `WebSocket` class whose sockets all lead to `host`. */
export function createLocalWebSocketClass(host: SocketHost): LocalWebSocketClass {
  const { scheduler } = host

  class LocalSocket implements LocalWebSocket {
    static readonly CONNECTING = CONNECTING
    static readonly OPEN = OPEN
    static readonly CLOSING = CLOSING
    static readonly CLOSED = CLOSED
    readonly CONNECTING = CONNECTING
    readonly OPEN = OPEN
    readonly CLOSING = CLOSING
    readonly CLOSED = CLOSED
    readonly url: string
    readonly protocol = ''
    readonly extensions = ''
    readonly bufferedAmount = 0
    binaryType = 'blob'
    onopen: Handler = null
    onmessage: Handler = null
    onclose: Handler = null
    onerror: Handler = null
    #state: number = CONNECTING
    readonly #listeners = new Map<string, Set<Listener>>()
    readonly #server: SocketServerEnd

    constructor(url: string | URL, _protocols?: string | string[]) {
      this.url = String(url)
      const self = this
      this.#server = host.accept({
        url: this.url,
        deliver(data) {
          if (self.#state !== OPEN) return
          scheduler.later(() => {
            if (self.#state !== OPEN) return
            const payload =
              self.binaryType === 'arraybuffer' || typeof Blob === 'undefined' ? data : new Blob([data])
            self.#emit({ type: 'message', data: payload })
          })
        },
        drop(code, reason) {
          if (self.#state === CLOSED) return
          self.#state = CLOSING
          scheduler.later(() => self.#finish(code, reason, false))
        },
      })
      scheduler.later(() => {
        if (this.#state !== CONNECTING) return
        this.#state = OPEN
        this.#emit({ type: 'open' })
      })
    }

    get readyState(): number {
      return this.#state
    }

    send(data: unknown): void {
      // As the real one: an error while connecting, silently dropped once closing.
      if (this.#state === CONNECTING)
        throw new Error(
          "InvalidStateError: Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
        )
      if (this.#state !== OPEN) return
      const server = this.#server
      scheduler.later(() => server.receive(data))
    }

    close(code?: number, reason?: string): void {
      if (this.#state === CLOSING || this.#state === CLOSED) return
      this.#state = CLOSING
      scheduler.later(() => this.#finish(code ?? 1005, reason ?? '', true))
    }

    addEventListener(type: string, listener: Listener | null): void {
      if (!listener) return
      const set = this.#listeners.get(type) ?? new Set()
      set.add(listener)
      this.#listeners.set(type, set)
    }

    removeEventListener(type: string, listener: Listener | null): void {
      if (listener) this.#listeners.get(type)?.delete(listener)
    }

    #finish(code: number, reason: string, wasClean: boolean): void {
      if (this.#state === CLOSED) return
      this.#state = CLOSED
      this.#server.closed()
      if (!wasClean) this.#emit({ type: 'error' })
      this.#emit({ type: 'close', code, reason, wasClean })
    }

    #emit(fields: Omit<LocalSocketEvent, 'target' | 'currentTarget'>): void {
      const event: LocalSocketEvent = { ...fields, target: this, currentTarget: this }
      const handler = (this as unknown as Record<string, Handler>)[`on${fields.type}`]
      if (typeof handler === 'function') handler.call(this, event)
      for (const listener of [...(this.#listeners.get(fields.type) ?? [])]) {
        if (typeof listener === 'function') listener.call(this, event)
        else listener.handleEvent(event)
      }
    }
  }

  return LocalSocket
}
