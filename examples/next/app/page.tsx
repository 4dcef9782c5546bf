import { PresenceBadge } from 'react-tim-status'
import { CONTACTS } from './people'
import { MyStatus, PeerStatus, TeamCount } from './presence'

/** A Server Component: its badges arrive as "Status unknown" in the HTML and go live after hydration. */
export default async function TeamPage() {
  const contacts = CONTACTS // your data: whom the user works with
  const ids = contacts.map((contact) => contact.userID)
  return (
    <main>
      <PeerStatus peerID={contacts[0]!.userID} />
      <MyStatus />
      <h2>
        Team <TeamCount ids={ids} />
      </h2>
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {contacts.map((contact) => (
          <li key={contact.userID} data-user-id={contact.userID}>
            <PresenceBadge userID={contact.userID} showCustomStatus /> {contact.name}
          </li>
        ))}
      </ul>
    </main>
  )
}
