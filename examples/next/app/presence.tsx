'use client'

import { presenceStateOf, useOnlineCount, useSelfStatus, useUserStatus } from 'react-tim-status'

/** The signed-in user's custom status, with a button to set it. */
export function MyStatus() {
  const { status, readiness, setCustomStatus, clearCustomStatus, isUpdating } = useSelfStatus()
  return (
    <p>
      My status:{' '}
      <strong>{readiness === 'ready' ? status?.customStatus || 'No status' : 'Connecting…'}</strong>{' '}
      <button type="button" disabled={isUpdating} onClick={() => setCustomStatus('In a meeting')}>
        Busy
      </button>{' '}
      <button type="button" disabled={isUpdating} onClick={() => clearCustomStatus()}>
        Clear
      </button>
    </p>
  )
}

/** A chat header's line: live while shown. */
export function PeerStatus({ peerID }: { peerID: string }) {
  const { statuses } = useUserStatus([peerID], { subscribe: true })
  return <h1>{`${peerID} is ${presenceStateOf(statuses[peerID])}`}</h1>
}

/** "n of m online" once every status is known. */
export function TeamCount({ ids }: { ids: readonly string[] }) {
  const { online, known, total } = useOnlineCount(ids)
  return <small>{known < total ? '' : `${online} of ${total} online`}</small>
}
