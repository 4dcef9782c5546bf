import { type RefObject, useState } from 'react'
import { useStatusClient } from '../../src'
import { inspectEngine } from '../../src/testing'
import { createHeldCounter, rowsOnScreen } from './bigList'
import { callsLeftNow, FAMILIES, FAMILY_API, familyStats, SERVER_LIMIT } from './callStats'
import { fakeBackendOf, type PlaygroundTim } from './createPlaygroundTim'
import { useTicker } from './useTicker'

/** Props of `BigListPanel`. */
export interface BigListPanelProps {
  tim: PlaygroundTim
  /** The logged-in user, whose subscriptions the server counts. */
  userID: string
  /** The list element (its parent scrolls); its rows carry `data-index` and `data-user-id`. */
  list: RefObject<HTMLElement | null>
  rowHeight: number
  /** Every user ID of the list (prefetched). */
  ids: readonly string[]
}

/**
 * What a big list costs and shows, refreshed four times a second: the rows on screen and how many of them are
 * live, fetched only or unknown, and how many show a status the server no longer has; the subscriptions the
 * server holds against the cap; and per API family the calls made, the largest call, the worst 5 s window and the
 * calls left in the window that ends now. Read from the client's entries, the fake backend and `tim.calls`.
 */
export function BigListPanel({ tim, userID, list, rowHeight, ids }: BigListPanelProps) {
  const client = useStatusClient()
  useTicker(250)
  const [heldCounter] = useState(() => createHeldCounter(userID))
  const engine = inspectEngine(client)
  const ownUserID = engine?.userID ?? null
  const backend = fakeBackendOf(tim.backend)

  const onScreen = list.current ? rowsOnScreen(list.current, rowHeight) : []
  let live = 0
  let fetchedOnly = 0
  let unknown = 0
  let differ = 0
  for (const { userID: id } of onScreen) {
    const { status, subscription } = client.getEntry(id)
    if (subscription === 'subscribed') live++
    else if (status) fetchedOnly++
    if (!status) {
      unknown++
      continue
    }
    const server = backend.getStatus(id)
    if (server.statusType !== status.statusType || server.customStatus !== status.customStatus) differ++
  }
  let known = 0
  for (const id of ids) if (client.getEntry(id).status) known++

  const held = heldCounter(backend.log)
  const heldNow = backend.subscriptionsOf(userID).length
  const calls = tim.calls
  const stats = familyStats(calls, ownUserID, SERVER_LIMIT.perMs)
  const now = backend.now()
  const windowSeconds = SERVER_LIMIT.perMs / 1000

  return (
    <div className="pg-stack">
      <table className="pg-table">
        <caption>Rows on screen</caption>
        <tbody>
          <tr>
            <th scope="row">rows on screen</th>
            <td>{onScreen.length}</td>
          </tr>
          <tr>
            <th scope="row">live (subscribed)</th>
            <td>{live}</td>
          </tr>
          <tr>
            <th scope="row">fetched only (known, not subscribed)</th>
            <td>{fetchedOnly}</td>
          </tr>
          <tr>
            <th scope="row">unknown</th>
            <td>{unknown}</td>
          </tr>
          <tr>
            <th scope="row">showing a status the server no longer has</th>
            <td className={differ > 0 ? 'pg-over' : undefined}>{differ}</td>
          </tr>
        </tbody>
      </table>

      <table className="pg-table">
        <caption>Server</caption>
        <tbody>
          <tr>
            <th scope="row">subscriptions held now</th>
            <td>{heldNow}</td>
          </tr>
          <tr>
            <th scope="row">most held at once</th>
            <td className={held.peak > client.options.maxSubscriptions ? 'pg-over' : undefined}>
              {held.peak}
            </td>
          </tr>
          <tr>
            <th scope="row">cap (maxSubscriptions)</th>
            <td>{client.options.maxSubscriptions}</td>
          </tr>
          <tr>
            <th scope="row">statuses known (prefetched or live)</th>
            <td>{known}</td>
          </tr>
          <tr>
            <th scope="row">users in the list</th>
            <td>{ids.length}</td>
          </tr>
        </tbody>
      </table>

      <table className="pg-table">
        <caption>{`Budget (server limit ${SERVER_LIMIT.calls} calls per ${windowSeconds} s per family)`}</caption>
        <thead>
          <tr>
            <th scope="col">API</th>
            <th scope="col">calls</th>
            <th scope="col">largest call (IDs)</th>
            <th scope="col">{`max in any ${windowSeconds} s`}</th>
            <th scope="col">{`left in the last ${windowSeconds} s`}</th>
            <th scope="col">refused (2996)</th>
          </tr>
        </thead>
        <tbody>
          {FAMILIES.map((family) => (
            <tr key={family}>
              <th scope="row">{FAMILY_API[family]}</th>
              <td>{stats[family].calls}</td>
              <td>{Math.max(0, ...stats[family].sizes)}</td>
              <td className={stats[family].maxInWindow > SERVER_LIMIT.calls ? 'pg-over' : undefined}>
                {stats[family].maxInWindow}
              </td>
              <td>{callsLeftNow(calls, family, ownUserID, now, SERVER_LIMIT)}</td>
              <td>{stats[family].refused}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
