/** Types shared by the files of the local IM backend (`createLocalIm`). */

/** A user's status as the backend holds it, with the SDK's numbers (1 online, 2 offline, 3 not logged in). */
export interface LocalImStatus {
  userID: string
  statusType: number
  customStatus: string
}

/** `{code, message}`: an error the backend answers with (a whole command's, or one ID's in `ErrorList`). */
export interface LocalImError {
  code: number
  message: string
}

/** At most `calls` commands of one family per user in any window of `perMs` milliseconds. */
export interface LocalImRateLimit {
  calls: number
  perMs: number
}

/**
 * The plan's purchase bits: a string of 0/1 (rightmost = bit 0), a number (its bits), or a boolean (true: bit 7,
 * user status, is on; false: no bit is on).
 */
export type PurchaseBits = string | number | boolean

/** One command the backend received, in arrival order. */
export interface LocalImCommand {
  /** `<service>.<command>`, e.g. `im_open_status.ws_get_user_status` (see `LOCAL_IM_COMMAND`). */
  servcmd: string
  /** The user whose connection sent it (before login: the user ID logging in; `null` when unknown). */
  from: string | null
  /** The session (login) it came from, `null` before login. */
  session: number | null
  /** The IDs of a status query, subscribe or unsubscribe, as they arrived (`To_Account`). */
  toAccount?: string[]
  /** An unsubscribe of everything (`UnsubscribeAll: 1`). */
  unsubscribeAll?: boolean
  /** The text of a `ws_set_custom_status` (plain text, as the SDK sends it). */
  customStatus?: string
  /** `now()` when it arrived. */
  at: number
  /** Set when the backend refused the whole command (2996, 72001, ...). */
  error?: LocalImError
}

/** A connection attempt that `install` caught: it went to the stand-in, not to the network. */
export interface CaughtRequest {
  kind: 'websocket' | 'xhr' | 'fetch'
  url: string
  /** The HTTP method (XHR and fetch). */
  method?: string
  /** `now()` when it was made. */
  at: number
}

/** What the stand-in's `XMLHttpRequest` and `fetch` answer: any request the SDK makes over HTTP. */
export interface LocalHttpReply {
  status: number
  body: string
}

/** A request over HTTP, as the responder sees it. */
export interface LocalHttpRequest {
  method: string
  url: string
  body: string | null
}

/** Settings of `createLocalIm`; the ones that a test may change later have setters on the backend. */
export interface LocalImOptions {
  /** Clock of the log, the frequency limit and the login reply's time stamp. Default `Date.now`. */
  now?: () => number
  /**
   * Delay before each frame from the backend and each socket event is delivered (through the global
   * `setTimeout`, so fake timers can drive it). Default 0: the next macrotask, as a real socket would.
   */
  latencyMs?: number
  /** The plan (checked by the SDK itself: without bit 7 every status call for others rejects 3122). Default true. */
  purchaseBits?: PurchaseBits
  /**
   * Whether the login reply carries the purchase bits (the SDK then allows status calls at once). When false the
   * SDK learns them from its own fetch on its first 1 s timer tick, and rejects status calls with 3122 before
   * that. Default true.
   */
  purchaseBitsInLoginReply?: boolean
  /** The console switch for user status; off: the status commands for others answer 72001. Default true. */
  consoleEnabled?: boolean
  /** Whether friends get each other's changes without subscribing (a console setting). Default false. */
  friendAutoNotify?: boolean
  /** The server's frequency limit per user and family (query, subscribe, unsubscribe). Default 20 per 5,000 ms. */
  rateLimit?: LocalImRateLimit | false
  /** How long after a user's last session logged out the custom status is cleared (and pushed). Default 30,000 ms. */
  customStatusClearDelayMs?: number
  /** Whether a `ws_set_custom_status` is pushed back to the session that sent it too. Default true. */
  echoSelfStatus?: boolean
  /**
   * How many subscriptions one session (one login of the SDK) may hold: a positive integer or `Infinity`
   * (default). A subscribe past it silently drops the session's earliest subscriptions: no error, no push.
   */
  subscriptionCap?: number
  /**
   * The SDK's cloud config (`im_sdk_config_mgr.fetch_config`), e.g. `{status_query_count: '200',
   * status_sub_count: '50', status_unsub_count: '50'}`. Default none.
   */
  cloudConfig?: Record<string, string>
  /** Answers every `XMLHttpRequest` and `fetch`. Default: 200 with `{}`. */
  http?: (request: LocalHttpRequest) => LocalHttpReply
}
