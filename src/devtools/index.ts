'use client'
/**
 * `react-tim-status/devtools`: `<StatusDevtools />`, a floating panel of what the presence engine is doing
 * (readiness, budgets, subscriptions, the queue, the last calls, one ID looked up). A separate entry: the main
 * entry never imports it.
 */
export type { CallLog, CallRecord } from '../core/callLog'
export type { StatusDevtoolsProps } from './StatusDevtools'
export { StatusDevtools } from './StatusDevtools'
export type { DevtoolsPosition } from './styles'
