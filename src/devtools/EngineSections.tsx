import type { EngineInspection } from '../core/inspect'
import type { ApiFamily } from '../core/types'
import { describeWait, READINESS_REASON } from './guidance'
import { headingStyle, mutedStyle } from './styles'
import { idList, Table } from './Table'

const FAMILIES: readonly ApiFamily[] = ['query', 'subscribe', 'unsubscribe']

/** The SDK APIs of each family, which the server limits separately. */
export const FAMILY_API: Readonly<Record<ApiFamily, string>> = {
  query: 'getUserStatus',
  subscribe: 'subscribeUserStatus',
  unsubscribe: 'unsubscribeUserStatus',
}

/** Whether calls are sent, and if not why; who is logged in; the network. */
export function ReadinessSection({ engine }: { engine: EngineInspection }) {
  const ready = engine.readiness === 'ready'
  return (
    <section aria-label="Readiness">
      <h3 style={headingStyle}>Readiness</h3>
      <p style={{ margin: 0 }}>
        <strong>{ready ? 'Ready' : `Not ready: ${engine.readiness}`}</strong>
        {engine.userID ? ` · logged in as ${engine.userID}` : ''} · network {engine.network}
      </p>
      <p style={{ ...mutedStyle, margin: 0 }}>{READINESS_REASON[engine.readiness]}</p>
      <p style={{ ...mutedStyle, margin: 0 }}>
        {`${engine.clients} client${engine.clients === 1 ? '' : 's'} started · ${engine.listening ? 'listening to the SDK' : 'not listening'}`}
      </p>
    </section>
  )
}

/** Per API family: the calls in the current window against the limit, the budget left, the next free slot, backoff. */
export function BudgetSection({ engine }: { engine: EngineInspection }) {
  const windowMs = engine.families.query.windowMs
  return (
    <section aria-label="Budget">
      <Table
        caption={`Budget (per ${windowMs / 1000} s window)`}
        columns={['family', 'calls in window', 'budget left', 'next free slot', 'backoff', 'in flight']}
        rows={FAMILIES.map((name) => {
          const family = engine.families[name]
          return [
            name,
            `${family.used} / ${family.limit}`,
            family.available,
            describeWait(family.nextFreeInMs),
            family.backingOff
              ? `backing off (${family.failuresInARow} failure${family.failuresInARow === 1 ? '' : 's'} in a row)`
              : 'none',
            family.inFlight,
          ] as const
        })}
      />
    </section>
  )
}

/** What the server holds against the cap, and which IDs are live, on screen, in grace, or only fetched. */
export function SubscriptionsSection({ engine }: { engine: EngineInspection }) {
  const held = engine.server.present
  const subscribed = new Set(held)
  const fetchedOnly = engine.fresh.filter((id) => !subscribed.has(id))
  return (
    <section aria-label="Subscriptions">
      <Table
        caption="Subscriptions"
        columns={['IDs that are', 'count', 'IDs']}
        rows={[
          ['held', `${held.length} / ${engine.maxSubscriptions}`, idList(held)],
          ['live (wanted, within the cap)', engine.live.length, idList(engine.live)],
          ['on screen', engine.onScreen.length, idList(engine.onScreen)],
          ['in grace', engine.inGrace.length, idList(engine.inGrace)],
          ['past the cap (kept fresh by queries)', engine.polled.length, idList(engine.polled)],
          ['fetched only (fresh, not subscribed)', fetchedOnly.length, idList(fetchedOnly)],
          [
            'being subscribed / unsubscribed',
            engine.server.subscribing.length + engine.server.unsubscribing.length,
            idList([...engine.server.subscribing, ...engine.server.unsubscribing]),
          ],
          ['outcome unknown (reply lost)', engine.server.unknown.length, idList(engine.server.unknown)],
        ]}
      />
    </section>
  )
}

/** The IDs waiting to be sent and those in calls in flight, per family. */
export function QueueSection({ engine }: { engine: EngineInspection }) {
  return (
    <section aria-label="Queue">
      <Table
        caption="Queue"
        columns={['family', 'queued', 'queued IDs', 'in flight', 'in-flight IDs']}
        rows={FAMILIES.map((name) => {
          const family = engine.families[name]
          return [
            name,
            family.queued.length,
            idList(family.queued),
            family.inFlightIDs.length,
            idList(family.inFlightIDs),
          ] as const
        })}
      />
    </section>
  )
}
