/**
 * `react-tim-status/testing`: a fake Tencent IM SDK and backend for tests and stories. Not part of the main entry,
 * so it never lands in an app's bundle.
 */
export type {
  FailableApi,
  FakeNetState,
  FakeResponse,
  FakeTim,
  FakeTimError,
  FakeTimEvent,
  FakeTimOptions,
  SdkCall,
  StatusApi,
} from './createFakeTim'
export { createFakeTim } from './createFakeTim'
export type {
  BackendApi,
  BackendCall,
  BackendResult,
  BackendSession,
  FakeBackend,
  FakeBackendOptions,
  FakeErrorInfo,
  QueryResult,
  SubscribeResult,
} from './fakeBackend'
export { createFakeBackend, FAKE_TIM_ERROR, MAX_CUSTOM_STATUS_BYTES } from './fakeBackend'
