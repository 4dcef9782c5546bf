/** The local IM backend: the real web SDK, logged in to a stand-in on this machine. */

export type { DroppedSubscription } from '../presenceModel'
export { LOCAL_IM_COMMAND } from './commands'
export { createLocalIm, type LocalIm } from './createLocalIm'
export { LOCAL_IM_ERROR, MAX_CUSTOM_STATUS_BYTES } from './imBackend'
export type { LocalWebSocket, LocalWebSocketClass } from './LocalWebSocket'
export type { LocalXMLHttpRequest, LocalXMLHttpRequestClass } from './LocalXMLHttpRequest'
export type {
  CaughtRequest,
  LocalHttpReply,
  LocalHttpRequest,
  LocalImCommand,
  LocalImError,
  LocalImOptions,
  LocalImRateLimit,
  LocalImStatus,
  PurchaseBits,
} from './types'
export { type LiveTimer, type TimerWatch, type WatchTimersOptions, watchTimers } from './watchTimers'
