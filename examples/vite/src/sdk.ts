import { createFakeTim } from 'react-tim-status/testing'
import { CONTACTS, ME } from './people'

/**
 * The SDK instance of the app. Here it is the library's built-in fake (no Tencent account, nothing leaves the
 * page), answering after 40 ms like a server would. With Tencent Cloud IM it is:
 *
 *   import TencentCloudChat from '@tencentcloud/chat'
 *   export const tim = TencentCloudChat.create({ SDKAppID: 1400000000 })
 *   const { userSig } = await (await fetch('/api/usersig')).json() // made by your server, never in the app
 *   tim.login({ userID, userSig })
 */
export const tim = createFakeTim({ latencyMs: 40 })

for (const contact of CONTACTS) {
  tim.backend.setStatus(contact.userID, {
    statusType: contact.statusType,
    customStatus: contact.customStatus,
  })
}
tim.login({ userID: ME }).catch((error: unknown) => console.error('login failed', error))
