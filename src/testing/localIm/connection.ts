/**
 * One socket as the protocol sees it, and the pushes it carries once a session is bound to it: status changes (as
 * the SDK's message pushes frame them) and purchase bits.
 */
import type { Session, SessionLink } from './imBackend'
import { toBase64, type WireFrame } from './wire'

const PUSH = {
  MESSAGE: 'im_open_push.msg_push',
  PURCHASE_BITS: 'im_sdk_config_mgr.push_imsdk_purchase_bitsv2',
} as const

/** The event number of a status change in a push's `EventArray`. */
const STATUS_EVENT = 9
/** How long the SDK may keep the purchase bits before fetching them again (seconds). */
export const PURCHASE_BITS_TTL_S = 3600

/** One socket as the protocol sees it: where replies and pushes go, and the session logged in over it. */
export interface Connection {
  session: Session | null
  /** The pushes of the session bound to this socket. */
  link: SessionLink | null
  /** Sends a frame to the SDK (the socket adds the latency). */
  send(frame: WireFrame): void
}

/** Sets up a connection's pushes once a session is bound to it. */
export function linkSession(connection: Connection, session: Session): void {
  let pushSeq = 0
  const link: SessionLink = {
    pushStatus(status) {
      connection.send({
        // A seq of its own that matches no request: the SDK reads the frame as a push.
        head: { servcmd: PUSH.MESSAGE, seq: ++pushSeq },
        body: {
          EventArray: [
            {
              Event: STATUS_EVENT,
              UserStatusList: [
                {
                  To_Account: status.userID,
                  Status: status.statusType,
                  CustomStatus: toBase64(status.customStatus),
                },
              ],
            },
          ],
        },
      })
    },
    pushPurchaseBits(bits) {
      connection.send({
        head: { servcmd: PUSH.PURCHASE_BITS, seq: ++pushSeq },
        body: purchaseBitsBody(bits),
      })
    },
  }
  connection.session = session
  connection.link = link
  session.link = link
}

/** The socket closed: its session stays (the SDK logs in again after a reconnect) but hears nothing now. */
export function unlinkConnection(connection: Connection): void {
  const { session, link } = connection
  if (session && link && session.link === link) session.link = null
  connection.link = null
}

/** The body of the purchase bits, as a reply and as a push carry them. */
export function purchaseBitsBody(bits: string): Record<string, unknown> {
  return {
    int32_error_code: 0,
    str_error_message: '',
    str_purchase_bits: bits,
    uint32_expired_time: PURCHASE_BITS_TTL_S,
  }
}
