'use client'
/**
 * `react-tim-status/devtools`: `<StatusDevtools />`, a floating panel of what the presence engine is doing
 * (readiness, budgets, subscriptions, the queue, the last calls, one ID looked up). A separate entry: the main
 * entry never imports it.
 */
import { StatusDevtools as Panel, type StatusDevtoolsProps } from './StatusDevtools'

export type { CallLog, CallRecord } from '../core/callLog'
export type { StatusDevtoolsProps } from './StatusDevtools'
export type { DevtoolsPosition } from './styles'

/**
 * The devtools panel. As TanStack Query's devtools do, it switches on `process.env.NODE_ENV`, which bundlers replace:
 * a production build keeps nothing of the panel and renders nothing, whatever its props say. For the panel in
 * production: `react-tim-status/devtools/production`.
 */
export const StatusDevtools: (props: StatusDevtoolsProps) => ReturnType<typeof Panel> =
  process.env.NODE_ENV === 'production' ? () => null : Panel
