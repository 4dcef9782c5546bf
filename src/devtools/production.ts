'use client'
/**
 * `react-tim-status/devtools/production`: `<StatusDevtools />` in every build, for those who want the panel in
 * production (with `enabledInProduction`). `react-tim-status/devtools` costs nothing in a production build.
 */
export type { CallLog, CallRecord } from '../core/callLog'
export type { StatusDevtoolsProps } from './StatusDevtools'
export { StatusDevtools } from './StatusDevtools'
export type { DevtoolsPosition } from './styles'
