import { PresenceBadge, presenceStateOf, useUserStatus } from 'react-tim-status'
import type { Contact } from './people'
import { tim } from './sdk'

/** The header of a chat with one contact: live for as long as the chat is open. */
export function ChatHeader({ peer }: { peer: Contact }) {
  const { statuses } = useUserStatus([peer.userID], { subscribe: true })
  const status = statuses[peer.userID]
  // Only for the demo: the contact goes online or offline on the fake backend, which pushes the change. Going
  // offline shows after 5 s: the flap guard (`offlineDelayMs`) waits out drops as short as a page reload.
  const toggle = () => tim.backend.setStatus(peer.userID, { statusType: status?.statusType === 1 ? 2 : 1 })
  return (
    <header className="chat-header">
      <PresenceBadge userID={peer.userID} subscribe data-testid="chat-header-badge" />
      <h1>{peer.name}</h1>
      <span className="muted">{status?.customStatus || presenceStateOf(status)}</span>
      <button type="button" onClick={toggle}>
        Demo: {peer.name} goes {status?.statusType === 1 ? 'offline' : 'online'}
      </button>
    </header>
  )
}
