import { useId, useState } from 'react'
import { inspectPeer, type PeerInspection } from '../core/inspect'
import type { TimLike } from '../core/sdk'
import type { StatusClient } from '../core/statusClient'
import { CODE_ADVICE, describeAge, STATUS_NAME } from './guidance'
import { inputStyle, mutedStyle } from './styles'
import { Table } from './Table'

/** `2 fetching, 1 live (1 on screen)`: the retains of an ID by what they want; `nothing` when none. */
export function describeRetains(peer: PeerInspection): string {
  const { fetch, live, onScreen, keep } = peer.retains
  const parts = [
    fetch > 0 ? `${fetch} fetching` : '',
    live > 0 ? `${live} live${onScreen > 0 ? ` (${onScreen} on screen)` : ''}` : '',
    keep > 0 ? `${keep} kept list${keep === 1 ? '' : 's'} (prefetch)` : '',
    peer.waiting > 0 ? `${peer.waiting} fetch() waiting` : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : 'nothing (kept until it is collected)'
}

function describeStatus(peer: PeerInspection): string {
  const status = peer.entry?.status
  if (!status) return 'unknown (never answered)'
  const name = STATUS_NAME[status.statusType] ?? String(status.statusType)
  return status.customStatus ? `${name}: ${status.customStatus}` : name
}

function describeLive(peer: PeerInspection): string {
  if (peer.server === 'present') return peer.inGrace ? 'yes, in grace after its release' : 'yes, subscribed'
  if (peer.refused) return 'no, its subscription was refused'
  if (peer.wantsLive)
    return `not yet (${peer.server === 'subscribing' ? 'being subscribed' : 'waiting to subscribe'})`
  if (peer.retains.live > 0) return 'no, past maxSubscriptions: kept fresh by queries'
  return 'no, only fetched'
}

function describeError(peer: PeerInspection): string {
  const error = peer.lastError
  if (!error) return 'none'
  const advice = CODE_ADVICE[error.code]
  return `${error.code}: ${error.message}${advice ? ` — ${advice}` : ''}`
}

/** Looks one ID up: its status and age, what retains it, whether it is live, and its last error. */
export function LookupSection({ target }: { target: StatusClient | TimLike }) {
  const inputID = useId()
  const [userID, setUserID] = useState('')
  const wanted = userID.trim()
  const peer = wanted ? inspectPeer(target, wanted) : undefined
  return (
    <section aria-label="Lookup">
      <label htmlFor={inputID} style={{ display: 'block', marginTop: 12 }}>
        Look up a user ID
        <input
          id={inputID}
          type="search"
          value={userID}
          onChange={(event) => setUserID(event.target.value)}
          spellCheck={false}
          autoComplete="off"
          style={inputStyle}
        />
      </label>
      {wanted && !peer ? (
        <p style={{ ...mutedStyle, margin: 0 }}>
          {`The engine keeps nothing about ${wanted}: nothing retains it, or it was forgotten (gcTimeMs).`}
        </p>
      ) : null}
      {peer ? (
        <Table
          caption={`User ${peer.userID}`}
          rows={[
            ['status', describeStatus(peer)],
            ['age', peer.ageMs === null ? 'never answered' : describeAge(peer.ageMs)],
            ['retained by', describeRetains(peer)],
            ['live', describeLive(peer)],
            ['on screen', peer.onScreen ? 'yes' : 'no'],
            ['subscription (store)', peer.entry?.subscription ?? 'none'],
            ['queued for', peer.queued.length > 0 ? peer.queued.join(', ') : 'nothing'],
            ['last error', describeError(peer)],
          ]}
        />
      ) : null}
    </section>
  )
}
