import { memo, useMemo } from 'react'
import { PresenceBadge, useOnlineCount, usePrefetchStatus } from 'react-tim-status'
import type { Contact } from './people'

/**
 * 2,000 contacts with a badge each. `usePrefetchStatus` asks for all of them up front (4 queries of 500), so no
 * row shows "unknown" when scrolled to; the badges subscribe while on screen, and the rows beside the screen are
 * kept live too.
 */
export function ContactList({ contacts }: { contacts: readonly Contact[] }) {
  const ids = useMemo(() => contacts.map((contact) => contact.userID), [contacts])
  usePrefetchStatus(ids)
  const { online, known, total } = useOnlineCount(ids)
  return (
    <section aria-label="Contacts">
      <h2>
        Contacts <span className="muted">{known < total ? 'loading…' : `${online} of ${total} online`}</span>
      </h2>
      <ul className="contacts">
        {contacts.map((contact) => (
          <ContactRow key={contact.userID} contact={contact} />
        ))}
      </ul>
    </section>
  )
}

const ContactRow = memo(function ContactRow({ contact }: { contact: Contact }) {
  return (
    <li data-user-id={contact.userID}>
      <span>{contact.name}</span>
      <PresenceBadge userID={contact.userID} showCustomStatus />
    </li>
  )
})
