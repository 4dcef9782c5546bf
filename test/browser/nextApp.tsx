/**
 * The tree of the Next.js App Router app of docs/nextjs.md, in one file, for test/browser/hydration.test.ts: the
 * server renders it in node (react-dom/server) and the page hydrates it (react-dom/client). Each part says which
 * file of the app it stands for; `createChat` (test/browser/fakeChat.ts) takes the place of
 * `TencentCloudChat.create`. Keep the components as the recipe writes them: the test proves the recipe.
 */
import { type ReactNode, StrictMode, useEffect, useRef, useState } from 'react'
import { PresenceBadge, presenceStateOf, StatusProvider, useSelfStatus, useUserStatus } from '../../src/index'
import { createChat } from './fakeChat'

const SDK_APP_ID = 1400000000

// ---- app/status-root.tsx ('use client') ----

export function StatusRoot({
  userID,
  userSig,
  children,
}: {
  userID: string
  userSig: string
  children: ReactNode
}) {
  // No SDK on the server. On the client it is made while hydrating; StrictMode's second call gets the same
  // instance (one per SDKAppID).
  const [chat] = useState(() => (typeof window === 'undefined' ? null : createChat({ SDKAppID: SDK_APP_ID })))
  const loggedIn = useRef(false)
  useEffect(() => {
    if (!chat || loggedIn.current) return
    loggedIn.current = true
    chat.login({ userID, userSig }).catch((error: unknown) => console.error('Tencent IM login failed', error))
  }, [chat, userID, userSig])
  // tim={null} on the server: the children render with every status unknown, and nothing is sent.
  return <StatusProvider tim={chat}>{children}</StatusProvider>
}

// ---- app/layout.tsx (a Server Component; the user and the UserSig come from `NextApp`'s props) ----

export function RootLayout({
  userID,
  userSig,
  children,
}: {
  userID: string
  userSig: string
  children: ReactNode
}) {
  return (
    <html lang="en">
      <body>
        <StatusRoot userID={userID} userSig={userSig}>
          {children}
        </StatusRoot>
      </body>
    </html>
  )
}

// ---- app/page.tsx (a Server Component; the contacts come from `NextApp`'s props) ----

export function ContactsPage({ contacts }: { contacts: readonly { userID: string; name: string }[] }) {
  return (
    <main>
      <MyStatus />
      {contacts[0] && <PeerStatus peerID={contacts[0].userID} />}
      <ul>
        {contacts.map((contact) => (
          <li key={contact.userID}>
            {contact.name} <PresenceBadge userID={contact.userID} showCustomStatus />
          </li>
        ))}
      </ul>
    </main>
  )
}

// ---- app/presence.tsx ('use client') ----

export function MyStatus() {
  const { status, readiness, setCustomStatus, isUpdating } = useSelfStatus()
  return (
    <p>
      {readiness === 'ready' ? status?.customStatus || 'No status' : 'Connecting…'}
      <button type="button" disabled={isUpdating} onClick={() => setCustomStatus('In a meeting')}>
        Busy
      </button>
    </p>
  )
}

export function PeerStatus({ peerID }: { peerID: string }) {
  const { statuses } = useUserStatus([peerID], { subscribe: true })
  return <h1>{`${peerID} is ${presenceStateOf(statuses[peerID])}`}</h1>
}

/** What the app's server components pass down: the same on both sides (Next.js sends it in the RSC payload). */
export interface AppProps {
  userID: string
  userSig: string
  contacts: readonly { userID: string; name: string }[]
}

/** The whole document, as Next.js renders it on the server and hydrates it in the browser. */
export function NextApp({ userID, userSig, contacts }: AppProps) {
  return (
    <StrictMode>
      <RootLayout userID={userID} userSig={userSig}>
        <ContactsPage contacts={contacts} />
      </RootLayout>
    </StrictMode>
  )
}
