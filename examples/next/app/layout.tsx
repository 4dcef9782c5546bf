import type { ReactNode } from 'react'
import 'react-tim-status/styles.css' // optional: the badge's stylesheet
import { ME } from './people'
import { StatusRoot } from './status-root'

export const metadata = { title: 'react-tim-status: Next.js example', icons: { icon: 'data:,' } }

/**
 * A Server Component. A real app finds the signed-in user of the request here and makes their UserSig with the SDK
 * secret key (Tencent's `tls-sig-api-v2`), which never reaches the browser; the fake SDK accepts any UserSig.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const userID = ME
  const userSig = 'made-by-the-server'
  return (
    <html lang="en">
      <body style={{ font: '14px/1.4 system-ui, sans-serif', maxWidth: 640, margin: '0 auto', padding: 16 }}>
        <StatusRoot userID={userID} userSig={userSig}>
          {children}
        </StatusRoot>
      </body>
    </html>
  )
}
