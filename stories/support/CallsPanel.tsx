import { useStatusClient } from '../../src'
import { inspectEngine } from '../../src/testing'
import type { RowOnScreen } from './bigList'
import { CallLog } from './CallLog'
import { FAMILIES, FAMILY_API, familyStats, isOwnQuery } from './callStats'
import type { PlaygroundTim } from './createPlaygroundTim'
import { useTicker } from './useTicker'

/** Tencent IM's frequency limit per user and API family, which the server enforces (2996 beyond it). */
export const SERVER_LIMIT = { calls: 20, perMs: 5000 } as const

/** Props of `CallsPanel`. */
export interface CallsPanelProps {
  tim: PlaygroundTim
  /** Rows of the list mounted now (read on each tick). */
  mountedRows: () => number
  /** Rows of the list whose badge the page shows now (read on each tick). */
  onScreen: () => RowOnScreen[]
  /** When the user first scrolled: the calls before it are the first mount's. */
  firstMount: { scrolledAt: number | null }
}

function lastSizes(sizes: readonly number[], count = 5): string {
  if (sizes.length === 0) return '–'
  const shown = sizes.slice(-count).join(', ')
  return sizes.length > count ? `…, ${shown}` : shown
}

/**
 * What the engine did: the calls of the first mount (IDs sent, and the fewest calls they fit in), every SDK call
 * (count and IDs per call), the worst 5 s window per family, the budget left in the engine's rate limiter, and
 * what is on screen and subscribed now. Read from `tim.calls`, the client's entries and `inspectEngine(client)`.
 */
export function CallsPanel({ tim, mountedRows, onScreen, firstMount }: CallsPanelProps) {
  const client = useStatusClient()
  useTicker()
  const engine = inspectEngine(client)
  const { limits, rateLimit, maxSubscriptions } = client.options
  const calls = tim.calls
  const ownUserID = engine?.userID ?? null
  const stats = familyStats(calls, ownUserID, SERVER_LIMIT.perMs)
  const before = firstMount.scrolledAt ?? Number.POSITIVE_INFINITY
  const firstStats = familyStats(
    calls.filter((call) => call.at < before),
    ownUserID,
    SERVER_LIMIT.perMs,
  )
  const ownQueries = calls.filter((call) => isOwnQuery(call, ownUserID)).length
  const windowSeconds = SERVER_LIMIT.perMs / 1000
  const shown = onScreen()
  const engineLimit = `the engine keeps to ${rateLimit.calls} per ${(rateLimit.perMs + rateLimit.marginMs) / 1000} s`

  return (
    <div className="pg-stack">
      <table className="pg-table">
        <caption>First mount</caption>
        <thead>
          <tr>
            <th scope="col">API</th>
            <th scope="col">IDs sent</th>
            <th scope="col">IDs per call</th>
            <th scope="col">fewest calls</th>
            <th scope="col">calls made</th>
          </tr>
        </thead>
        <tbody>
          {FAMILIES.map((family) => {
            const sent = firstStats[family].sizes.reduce((sum, size) => sum + size, 0)
            return (
              <tr key={family}>
                <th scope="row">{FAMILY_API[family]}</th>
                <td>{sent}</td>
                <td>{limits[family]}</td>
                <td>{Math.ceil(sent / limits[family])}</td>
                <td>{firstStats[family].calls}</td>
              </tr>
            )
          })}
        </tbody>
      </table>

      <table className="pg-table">
        <caption>{`SDK calls (server limit ${SERVER_LIMIT.calls} per ${windowSeconds} s per family; ${engineLimit})`}</caption>
        <thead>
          <tr>
            <th scope="col">API</th>
            <th scope="col">calls</th>
            <th scope="col">IDs per call</th>
            <th scope="col">largest call</th>
            <th scope="col">{`max in any ${windowSeconds} s`}</th>
            <th scope="col">refused (2996)</th>
            <th scope="col">budget left</th>
            <th scope="col">IDs waiting</th>
          </tr>
        </thead>
        <tbody>
          {FAMILIES.map((family) => (
            <tr key={family}>
              <th scope="row">{FAMILY_API[family]}</th>
              <td>{stats[family].calls}</td>
              <td>{lastSizes(stats[family].sizes)}</td>
              <td>{Math.max(0, ...stats[family].sizes)}</td>
              <td className={stats[family].maxInWindow > SERVER_LIMIT.calls ? 'pg-over' : undefined}>
                {stats[family].maxInWindow}
              </td>
              <td>{stats[family].refused}</td>
              <td>{engine ? engine.families[family].limit - engine.families[family].used : '–'}</td>
              <td>{engine?.families[family].queued.length ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <table className="pg-table">
        <caption>Now</caption>
        <tbody>
          <tr>
            <th scope="row">rows mounted</th>
            <td>{mountedRows()}</td>
          </tr>
          <tr>
            <th scope="row">rows on screen</th>
            <td>{shown.length}</td>
          </tr>
          <tr>
            <th scope="row">rows on screen live</th>
            <td>{shown.filter((row) => client.getEntry(row.userID).subscription === 'subscribed').length}</td>
          </tr>
          <tr>
            <th scope="row">rows on screen with an unknown status</th>
            <td>{shown.filter((row) => !client.getEntry(row.userID).status).length}</td>
          </tr>
          <tr>
            <th scope="row">IDs wanted live</th>
            <td>{(engine?.live.length ?? 0) + (engine?.polled.length ?? 0)}</td>
          </tr>
          <tr>
            <th scope="row">IDs subscribed</th>
            <td>{engine?.server.present.length ?? 0}</td>
          </tr>
          <tr>
            <th scope="row">subscription cap (maxSubscriptions)</th>
            <td>{maxSubscriptions}</td>
          </tr>
          <tr>
            <th scope="row">IDs past the cap (kept fresh by queries)</th>
            <td>{engine?.polled.length ?? 0}</td>
          </tr>
          <tr>
            <th scope="row">own-status queries (answered by the SDK)</th>
            <td>{ownQueries}</td>
          </tr>
        </tbody>
      </table>

      <CallLog tim={tim} />
    </div>
  )
}
