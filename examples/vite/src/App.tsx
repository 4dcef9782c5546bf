import { StatusProvider } from 'react-tim-status'
import { StatusDevtools } from 'react-tim-status/devtools'
import { ChatHeader } from './ChatHeader'
import { ContactList } from './ContactList'
import { CONTACTS } from './people'
import { SelfStatusEditor } from './SelfStatusEditor'
import { tim } from './sdk'

/** The contact of the open chat: offline when the page loads. */
const peer = CONTACTS[1]!

export function App() {
  return (
    <StatusProvider tim={tim}>
      <main>
        <ChatHeader peer={peer} />
        <SelfStatusEditor />
        <ContactList contacts={CONTACTS} />
      </main>
      {/* Development builds only: a production build renders nothing here and ships none of it. */}
      <StatusDevtools />
    </StatusProvider>
  )
}
