'use client'

import { type ReactNode, useEffect, useRef, useState } from 'react'
import { StatusProvider } from 'react-tim-status'
import { createFakeTim } from 'react-tim-status/testing'
import { CONTACTS } from './people'

type FakeChat = ReturnType<typeof createFakeTim>

let chat: FakeChat | undefined

/**
 * The SDK of the browser, made once: the library's built-in fake here (no Tencent account, nothing leaves the
 * page), answering after 40 ms. With Tencent Cloud IM this is `TencentCloudChat.create({ SDKAppID })`, which also
 * returns the same instance on every call.
 */
function chatOfThisPage(): FakeChat {
  if (!chat) {
    chat = createFakeTim({ latencyMs: 40 })
    for (const contact of CONTACTS) {
      chat.backend.setStatus(contact.userID, {
        statusType: contact.statusType,
        customStatus: contact.customStatus,
      })
    }
  }
  return chat
}

/** The client boundary: the SDK in the browser only, the provider everywhere (`tim={null}` on the server). */
export function StatusRoot({
  userID,
  userSig,
  children,
}: {
  userID: string
  userSig: string
  children: ReactNode
}) {
  // No SDK on the server. In the browser it is made while hydrating; StrictMode's second call gets the same one.
  const [tim] = useState(() => (typeof window === 'undefined' ? null : chatOfThisPage()))
  const loggedIn = useRef(false)
  useEffect(() => {
    if (!tim || loggedIn.current) return // StrictMode runs effects twice in development: log in once
    loggedIn.current = true
    tim.login({ userID, userSig }).catch((error: unknown) => console.error('login failed', error))
  }, [tim, userID, userSig])
  // tim={null} on the server: the children render with every status unknown, and nothing is sent.
  return <StatusProvider tim={tim}>{children}</StatusProvider>
}
