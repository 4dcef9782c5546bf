import type { DroppedSubscription } from '../presenceModel'
import { handleFrame } from './commands'
import { type Connection, unlinkConnection } from './connection'
import { createImBackend } from './imBackend'
import { createLocalWebSocketClass, type LocalWebSocketClass, type SocketClientEnd } from './LocalWebSocket'
import {
  createLocalFetch,
  createLocalXMLHttpRequestClass,
  type HttpHost,
  type LocalXMLHttpRequestClass,
} from './LocalXMLHttpRequest'
import { createScheduler } from './scheduler'
import type {
  CaughtRequest,
  LocalImCommand,
  LocalImError,
  LocalImOptions,
  LocalImRateLimit,
  LocalImStatus,
  PurchaseBits,
} from './types'
import { decodeFrame, encodeFrame } from './wire'

/**
 * A local stand-in for Tencent IM's backend that the unmodified web SDK (`tim-js-sdk`, `@tencentcloud/chat`)
 * logs in to: `install()` puts its `WebSocket` and `XMLHttpRequest` (and `fetch`) in place of the real ones, and
 * the controls below play the server and the console.
 */
export interface LocalIm {
  /**
   * Replaces `WebSocket`, `XMLHttpRequest` and (when present) `fetch` on `target` (default `globalThis`) with the
   * stand-ins. Returns the function that puts the previous values back. Do it before `TIM.create`.
   */
  install(target?: object): () => void
  /** The `WebSocket` class of the stand-in, for installing it by other means (e.g. `vi.stubGlobal`). */
  readonly WebSocket: LocalWebSocketClass
  /** The `XMLHttpRequest` class of the stand-in. */
  readonly XMLHttpRequest: LocalXMLHttpRequestClass
  /** The `fetch` of the stand-in. */
  readonly fetch: (input: unknown, init?: { method?: string; body?: unknown }) => Promise<unknown>
  /** Every socket and HTTP request that the stand-ins caught, in order: none of them left the machine. */
  readonly caught: readonly CaughtRequest[]

  /**
   * Changes a user's status as another device or a REST call would, and pushes it to the sessions subscribed to
   * the user, to friends (with auto-notification on) and to the user's own sessions.
   */
  setStatus(userID: string, patch: { statusType?: number; customStatus?: string }): void
  /** A user's status now (unknown users are not logged in: 3). */
  getStatus(userID: string): LocalImStatus
  /** Makes two users friends (for auto-notification). */
  addFriends(a: string, b: string): void
  /** The console setting that sends friends' changes without a subscription. */
  setFriendAutoNotify(on: boolean): void
  /**
   * Changes the plan and pushes it to every session (the SDK applies it at once). Without bit 7 the SDK itself
   * rejects every status call for others with 3122.
   */
  setPurchaseBits(bits: PurchaseBits): void
  /** The plan's bits now, as the SDK gets them. */
  readonly purchaseBits: string
  /** The console switch for user status: off, the status commands for others answer 72001. */
  setConsoleEnabled(on: boolean): void
  /** The server's frequency limit per user and family (2996 beyond it); `false` turns it off. Resets the windows. */
  setRateLimit(limit: LocalImRateLimit | false): void
  /** Answers one ID in the `ErrorList` of queries and subscribes with this error from now on; `null` undoes it. */
  setUserError(userID: string, error: LocalImError | null): void

  /**
   * The per-session subscription cap (a positive integer or `Infinity`; anything else throws a TypeError). Past
   * it a subscribe silently drops the session's earliest subscriptions. Applies from each session's next
   * subscribe: nothing is dropped at once.
   */
  setSubscriptionCap(cap: number): void
  /** The cap now (`Infinity`: none). */
  readonly subscriptionCap: number

  /**
   * The IDs a user is subscribed to now: the union over the user's sessions, each session's in first-subscribed
   * order (a re-subscribed ID counts from its latest subscribe).
   */
  subscriptionsOf(userID: string): string[]
  /**
   * Every subscription the server dropped silently past the cap, in order (copies); only those of one
   * subscriber when `userID` is given.
   */
  droppedSubscriptions(userID?: string): DroppedSubscription[]
  /** Forgets the recorded drops (`clearLog` keeps them). */
  clearDropped(): void
  /** How many sessions (logged-in SDK instances) a user has. */
  sessionCount(userID: string): number
  /** Every command received, in order (a fresh array after `clearLog`). */
  readonly log: readonly LocalImCommand[]
  /** The commands of one `servcmd` in the log (see `LOCAL_IM_COMMAND`). */
  commandsOf(servcmd: string): LocalImCommand[]
  /**
   * The first command of `servcmd` in the log that `match` accepts, or the next one to arrive: a way to await
   * what the SDK does on its own timers (e.g. its purchase-bits fetch on the first 1 s tick after login).
   */
  waitForCommand(servcmd: string, match?: (command: LocalImCommand) => boolean): Promise<LocalImCommand>
  clearLog(): void

  /** Closes the sockets of one user (or all) from the server's side, as a dropped connection. */
  disconnect(userID?: string): void
  /**
   * Resolves once every frame and socket event the stand-in has queued was delivered, e.g. after `setStatus` or
   * `setPurchaseBits`, to know that the SDK has the push (it answers in the same turn it reads a frame).
   */
  idle(): Promise<void>
  /** Sockets that are not closed yet. */
  openSockets(): number
  /** The stand-in's own timers not run yet (deliveries, custom status clears). */
  pendingTimers(): number
  /** Puts back what `install` replaced, cancels the stand-in's timers and forgets its sockets. */
  dispose(): void
}

const defaultHttp = () => ({ status: 200, body: '{}' })

/** Creates an independent local IM backend; nothing is shared between two, and nothing is installed yet. */
export function createLocalIm(options: LocalImOptions = {}): LocalIm {
  const backend = createImBackend(options)
  const scheduler = createScheduler(options.latencyMs ?? 0)
  const respond = options.http ?? defaultHttp
  const caught: CaughtRequest[] = []
  const sockets = new Set<{ client: SocketClientEnd; connection: Connection }>()
  const restores: (() => void)[] = []

  const WebSocket = createLocalWebSocketClass({
    scheduler,
    accept(client) {
      caught.push({ kind: 'websocket', url: client.url, at: backend.now() })
      const connection: Connection = {
        session: null,
        link: null,
        send: (frame) => client.deliver(encodeFrame(frame)),
      }
      const socket = { client, connection }
      sockets.add(socket)
      return {
        receive(data) {
          if (!sockets.has(socket)) return
          const frame = decodeFrame(data)
          if (frame) handleFrame(backend, connection, frame)
        },
        closed() {
          sockets.delete(socket)
          unlinkConnection(connection)
        },
      }
    },
  })
  const http: HttpHost = {
    scheduler,
    opened(kind, method, url) {
      caught.push({ kind, url, method, at: backend.now() })
    },
    respond,
  }
  const XMLHttpRequest = createLocalXMLHttpRequestClass(http)
  const fetch = createLocalFetch(http)

  return {
    install(target: object = globalThis) {
      const record = target as Record<string, unknown>
      const replacements: [string, unknown][] = [
        ['WebSocket', WebSocket],
        ['XMLHttpRequest', XMLHttpRequest],
      ]
      if (typeof record.fetch === 'function') replacements.push(['fetch', fetch])
      const saved = replacements.map(([key]) => [key, Object.getOwnPropertyDescriptor(target, key)] as const)
      for (const [key, value] of replacements) {
        const enumerable = Object.getOwnPropertyDescriptor(target, key)?.enumerable ?? true
        Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable })
      }
      let restored = false
      const restore = () => {
        if (restored) return
        restored = true
        restores.splice(restores.indexOf(restore), 1)
        for (const [key, descriptor] of saved) {
          if (descriptor) Object.defineProperty(target, key, descriptor)
          else delete record[key]
        }
      }
      restores.push(restore)
      return restore
    },
    WebSocket,
    XMLHttpRequest,
    fetch,
    get caught() {
      return caught
    },
    setStatus: (userID, patch) => backend.setStatus(userID, patch),
    getStatus: (userID) => backend.status(userID),
    addFriends: (a, b) => backend.addFriends(a, b),
    setFriendAutoNotify: (on) => backend.setFriendAutoNotify(on),
    setPurchaseBits: (bits) => backend.setPurchaseBits(bits),
    get purchaseBits() {
      return backend.purchaseBits()
    },
    setConsoleEnabled: (on) => backend.setConsoleEnabled(on),
    setRateLimit: (limit) => backend.setRateLimit(limit),
    setUserError: (userID, error) => backend.setUserError(userID, error),
    setSubscriptionCap: (cap) => backend.setSubscriptionCap(cap),
    get subscriptionCap() {
      return backend.subscriptionCap()
    },
    subscriptionsOf: (userID) => backend.subscriptionsOf(userID),
    droppedSubscriptions: (userID) => backend.droppedSubscriptions(userID),
    clearDropped: () => backend.clearDropped(),
    sessionCount: (userID) => backend.sessionsOf(userID).length,
    get log() {
      return backend.log
    },
    commandsOf: (servcmd) => backend.log.filter((entry) => entry.servcmd === servcmd),
    waitForCommand(servcmd, match = () => true) {
      const accepts = (entry: LocalImCommand) => entry.servcmd === servcmd && match(entry)
      const found = backend.log.find(accepts)
      if (found) return Promise.resolve(found)
      return new Promise((resolve) => {
        const off = backend.onCommand((entry) => {
          if (!accepts(entry)) return
          off()
          resolve(entry)
        })
      })
    },
    clearLog() {
      backend.log = []
    },
    disconnect(userID) {
      for (const { client, connection } of [...sockets]) {
        if (userID === undefined || connection.session?.userID === userID)
          client.drop(1006, 'dropped by the local IM backend')
      }
    },
    idle: () => scheduler.whenIdle(),
    openSockets: () => sockets.size,
    pendingTimers: () => scheduler.pending() + backend.pendingTimers(),
    dispose() {
      for (const restore of [...restores].reverse()) restore()
      for (const { connection } of sockets) unlinkConnection(connection)
      sockets.clear()
      scheduler.cancelAll()
      backend.dispose()
    },
  }
}
