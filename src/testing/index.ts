/**
 * `react-tim-status/testing`: a fake Tencent IM SDK and backend for tests and stories, and a local stand-in for
 * Tencent IM's backend that the real web SDK logs in to (`createLocalIm`). Not part of the main entry, so it
 * never lands in an app's bundle.
 */

export { type EngineInspection, type FamilyInspection, inspectEngine } from '../core/inspect'
export type {
  FailableApi,
  FakeNetState,
  FakeResponse,
  FakeTim,
  FakeTimError,
  FakeTimEvent,
  FakeTimOptions,
  FaultDecider,
  FaultDecision,
  FaultRequest,
  SdkCall,
  StatusApi,
} from './createFakeTim'
export { createFakeTim } from './createFakeTim'
export { createFakeBackend, MAX_CUSTOM_STATUS_BYTES } from './fakeBackend'
export type {
  BackendApi,
  BackendCall,
  BackendResult,
  BackendSession,
  DroppedSubscription,
  FakeBackend,
  FakeBackendOptions,
  FakeErrorInfo,
  QueryResult,
  SubscribeResult,
} from './fakeBackendTypes'
export { FAKE_TIM_ERROR } from './fakeBackendTypes'
export type {
  CaughtRequest,
  LiveTimer,
  LocalHttpReply,
  LocalHttpRequest,
  LocalIm,
  LocalImCommand,
  LocalImError,
  LocalImOptions,
  LocalImRateLimit,
  LocalImStatus,
  LocalWebSocket,
  LocalWebSocketClass,
  LocalXMLHttpRequest,
  LocalXMLHttpRequestClass,
  PurchaseBits,
  TimerWatch,
  WatchTimersOptions,
} from './localIm'
export { createLocalIm, LOCAL_IM_COMMAND, LOCAL_IM_ERROR, watchTimers } from './localIm'
