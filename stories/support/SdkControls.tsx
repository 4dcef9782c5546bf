import { useState } from 'react'
import { useStore } from 'zustand'
import { PresenceBadge, useStatusClient, useSubscription, useUserStatus } from '../../src'
import { loginAs } from './createPlaygroundTim'
import { usePlayground } from './playground'

/**
 * The buttons an app has: log in, log out, and (on the double) a kick-out and the network. What the engine makes
 * of them shows in `<StatusDevtools>`.
 */
export function SdkControls() {
  const { tim, userID } = usePlayground()
  const client = useStatusClient()
  const ready = useStore(client.store, (state) => state.ready)
  const network = useStore(client.store, (state) => state.network)
  const [note, setNote] = useState('')

  const run = (what: string, action: () => unknown) => {
    setNote(`${what}…`)
    Promise.resolve(action()).then(
      () => setNote(`${what}: done`),
      (error: { code?: number; message?: string }) =>
        setNote(`${what}: failed ${error.code} ${error.message}`),
    )
  }

  return (
    <section className="pg-card pg-stack" aria-label="SDK">
      <div className="pg-row">
        <button
          type="button"
          disabled={ready}
          onClick={() => run(`Log in as ${userID}`, () => loginAs(tim, userID))}
        >
          {`Log in as ${userID}`}
        </button>
        <button type="button" disabled={!ready} onClick={() => run('Log out', () => tim.logout())}>
          Log out
        </button>
        {tim.sdk === 'fake' ? (
          <>
            <button type="button" disabled={!ready} onClick={() => run('Kicked out', () => tim.kickOut())}>
              Kick out (a login elsewhere)
            </button>
            <button
              type="button"
              disabled={network !== 'connected'}
              onClick={() => run('Network down', () => tim.setNetworkState('disconnected'))}
            >
              Network down
            </button>
            <button
              type="button"
              disabled={network === 'connected'}
              onClick={() => run('Network back', () => tim.setNetworkState('connected'))}
            >
              Network back
            </button>
          </>
        ) : null}
      </div>
      {note ? <span className="pg-muted">{note}</span> : null}
    </section>
  )
}

/** Some contacts' badges and what `useUserStatus` says about them as a whole (error, retry). */
export function WatchList({ userIDs }: { userIDs: readonly string[] }) {
  const { statuses, isLoading, error, refetch } = useUserStatus(userIDs)
  const { subscribed } = useSubscription(userIDs)
  const known = userIDs.filter((id) => statuses[id] !== undefined).length
  return (
    <section className="pg-card pg-stack" aria-label="Contacts">
      <ul className="pg-stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {userIDs.map((id) => (
          <li key={id} className="pg-row">
            <span>{id}</span>
            <PresenceBadge userID={id} showCustomStatus />
          </li>
        ))}
      </ul>
      <div className="pg-row">
        <span className="pg-muted">{isLoading ? 'Loading…' : `${known} of ${userIDs.length} known`}</span>
        <span className="pg-muted">{`live updates: ${subscribed.length} of ${userIDs.length} subscribed`}</span>
        <button type="button" onClick={() => refetch().catch(() => {})}>
          Retry
        </button>
      </div>
      {error ? (
        <p role="alert" className="pg-alert">
          {`Error ${error.code}: ${error.message}`}
        </p>
      ) : null}
    </section>
  )
}
