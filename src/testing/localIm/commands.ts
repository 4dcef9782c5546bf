/**
 * The protocol over the backend model: what each command the SDK sends is answered with (the pushes are framed in
 * `connection.ts`). Every reply echoes the request's head (the SDK matches `servcmd` + `seq`) and carries
 * `ActionStatus` / `ErrorCode` / `ErrorInfo`; a non-zero `ErrorCode` makes the SDK reject the call with it.
 */
import { type Connection, linkSession, PURCHASE_BITS_TTL_S, purchaseBitsBody } from './connection'
import {
  customStatusFits,
  type ImBackend,
  LOCAL_IM_ERROR,
  MAX_CUSTOM_STATUS_BYTES,
  type Session,
  type StatusFamily,
} from './imBackend'
import type { LocalImCommand, LocalImError } from './types'
import { toBase64, type WireFrame } from './wire'

/** The commands the backend answers specially, by their `servcmd`. */
export const LOCAL_IM_COMMAND = {
  HEARTBEAT: 'heartbeat.alive',
  LOGIN: 'im_open_status.wslogin',
  LOGOUT: 'im_open_status.wslogout',
  SET_CUSTOM_STATUS: 'im_open_status.ws_set_custom_status',
  GET_USER_STATUS: 'im_open_status.ws_get_user_status',
  SUBSCRIBE: 'im_open_status.ws_status_subscribe',
  UNSUBSCRIBE: 'im_open_status.ws_status_unsubscribe',
  RECENT_CONTACTS: 'recentcontact.page_get',
  GET_BLACKLIST: 'sns.black_list_get',
  GET_MESSAGES: 'openim.getmsg',
  FETCH_PURCHASE_BITS: 'im_sdk_config_mgr.fetch_imsdk_purchase_bitsv2',
  FETCH_CONFIG: 'im_sdk_config_mgr.fetch_config',
  GET_PROFILE: 'profile.portrait_get_all',
} as const

type Body = Record<string, unknown>

const ok = (body: Body = {}): Body => ({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...body })
const fail = (error: LocalImError): Body => ({
  ActionStatus: 'FAIL',
  ErrorCode: error.code,
  ErrorInfo: error.message,
})

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** What the SDK needs from a login reply (A2Key and TinyId are required; the rest it reads when present). */
function loginReply(backend: ImBackend, session: Session): Body {
  return {
    A2Key: session.a2Key,
    TinyId: session.tinyID,
    HelloInterval: 120,
    InstId: session.instanceID,
    TimeStamp: Math.floor(backend.now() / 1000),
    CustomStatus: toBase64(backend.status(session.userID).customStatus),
    ...(backend.options.purchaseBitsInLoginReply ? { PurchaseBits: backend.purchaseBits() } : {}),
  }
}

/** Answers one frame from the SDK (and logs it). */
export function handleFrame(backend: ImBackend, connection: Connection, frame: WireFrame): void {
  const { head, body } = frame
  const servcmd = String(head.servcmd ?? '')
  // After a reconnect the SDK may speak on a new socket with the A2Key of its session.
  if (!connection.session && typeof head.a2 === 'string') {
    const session = backend.sessionByA2(head.a2)
    if (session) linkSession(connection, session)
  }
  const session = connection.session?.open ? connection.session : null
  const entry: LocalImCommand = {
    servcmd,
    from: session?.userID ?? (typeof head.identifier === 'string' ? head.identifier : null),
    session: session?.id ?? null,
    at: backend.now(),
  }

  // Every path replies exactly once; the command is logged then, complete with what it did.
  const reply = (replyBody: Body) => {
    if (replyBody.ErrorCode !== 0)
      entry.error = { code: Number(replyBody.ErrorCode), message: String(replyBody.ErrorInfo) }
    backend.record(entry)
    const { usersig: _usersig, a2: _a2, ...echo } = head
    connection.send({ head: { ...echo, servcmd, seq: head.seq }, body: replyBody })
  }

  const statusCommand = (family: StatusFamily, run: (session: Session) => Body) => {
    if (!session) {
      reply(fail({ code: LOCAL_IM_ERROR.NOT_LOGGED_IN, message: 'not logged in' }))
      return
    }
    const refused = backend.admit(session, family)
    reply(refused ? fail(refused) : ok(run(session)))
  }

  switch (servcmd) {
    case LOCAL_IM_COMMAND.LOGIN: {
      // After a dropped connection the SDK logs in again on a new socket with its A2Key and no user ID.
      if (typeof head.a2 === 'string' && head.a2 !== '' && typeof head.identifier !== 'string') {
        const resumed = backend.sessionByA2(head.a2)
        if (!resumed) {
          reply(fail({ code: LOCAL_IM_ERROR.A2_EXPIRED, message: 'A2Key expired: log in again' }))
          return
        }
        linkSession(connection, resumed)
        entry.from = resumed.userID
        entry.session = resumed.id
        reply(ok(loginReply(backend, resumed)))
        return
      }
      const userID = typeof head.identifier === 'string' ? head.identifier : ''
      if (userID === '') {
        reply(fail({ code: LOCAL_IM_ERROR.NOT_LOGGED_IN, message: 'login without a user ID' }))
        return
      }
      // A new login on this socket ends the one it carried.
      if (connection.session) backend.logout(connection.session)
      const fresh = backend.login(userID)
      linkSession(connection, fresh)
      entry.from = userID
      entry.session = fresh.id
      reply(ok(loginReply(backend, fresh)))
      return
    }
    case LOCAL_IM_COMMAND.LOGOUT:
      if (session) backend.logout(session)
      connection.session = null
      connection.link = null
      reply(ok())
      return
    case LOCAL_IM_COMMAND.RECENT_CONTACTS:
      // Without CompleteFlag the SDK asks for the next page forever.
      reply(ok({ CompleteFlag: 1, SessionItem: [] }))
      return
    case LOCAL_IM_COMMAND.GET_BLACKLIST:
      // Without StartIndex 0 (the last page) @tencentcloud/chat asks for the next page every few ms, forever.
      reply(ok({ StartIndex: 0, BlackListItem: [] }))
      return
    case LOCAL_IM_COMMAND.GET_MESSAGES:
      reply(ok({ Cookie: `local-${backend.now()}`, SyncFlag: 2, MsgList: [] }))
      return
    case LOCAL_IM_COMMAND.FETCH_PURCHASE_BITS:
      reply(ok(purchaseBitsBody(backend.purchaseBits())))
      return
    case LOCAL_IM_COMMAND.FETCH_CONFIG:
      reply(
        ok({
          int32_error_code: 0,
          str_error_message: '',
          str_json_config: JSON.stringify(backend.options.cloudConfig),
          uint64_version: 1,
          uint32_expired_time: PURCHASE_BITS_TTL_S,
        }),
      )
      return
    case LOCAL_IM_COMMAND.SET_CUSTOM_STATUS: {
      const text = typeof body.CustomStatus === 'string' ? body.CustomStatus : ''
      entry.customStatus = text
      if (!session) {
        reply(fail({ code: LOCAL_IM_ERROR.NOT_LOGGED_IN, message: 'not logged in' }))
        return
      }
      if (!customStatusFits(text)) {
        reply(
          fail({
            code: LOCAL_IM_ERROR.INVALID_PARAMETER,
            message: `CustomStatus is longer than ${MAX_CUSTOM_STATUS_BYTES} UTF-8 bytes`,
          }),
        )
        return
      }
      // Own status is not limited and needs no console switch; every device of the user hears of it.
      backend.setStatus(
        session.userID,
        { customStatus: text },
        backend.options.echoSelfStatus ? undefined : session,
      )
      reply(ok())
      return
    }
    case LOCAL_IM_COMMAND.GET_USER_STATUS: {
      const ids = stringList(body.To_Account)
      entry.toAccount = ids
      statusCommand('query', () => {
        const UserStatusList: Body[] = []
        const ErrorList: Body[] = []
        for (const id of new Set(ids)) {
          const error = backend.userError(id)
          if (error) {
            ErrorList.push({ Invalid_Account: id, ErrorCode: error.code, ErrorInfo: error.message })
            continue
          }
          const status = backend.status(id)
          UserStatusList.push({
            To_Account: id,
            Status: status.statusType,
            CustomStatus: toBase64(status.customStatus),
          })
        }
        return { UserStatusList, ErrorList }
      })
      return
    }
    case LOCAL_IM_COMMAND.SUBSCRIBE: {
      const ids = stringList(body.To_Account)
      entry.toAccount = ids
      // One's own ID and per-ID errors fail (70402 for the own ID); past the cap the oldest go silently.
      statusCommand('subscribe', (me) => ({
        ErrorList: backend.subscribe(me, ids).map((failure) => ({
          Invalid_Account: failure.userID,
          ErrorCode: failure.code,
          ErrorInfo: failure.message,
        })),
      }))
      return
    }
    case LOCAL_IM_COMMAND.UNSUBSCRIBE: {
      const all = body.UnsubscribeAll === 1
      const ids = stringList(body.To_Account)
      if (all) entry.unsubscribeAll = true
      else entry.toAccount = ids
      statusCommand('unsubscribe', (me) => {
        backend.unsubscribe(me, all ? 'all' : ids)
        return { ErrorList: [] }
      })
      return
    }
    case LOCAL_IM_COMMAND.GET_PROFILE: {
      // `getMyProfile` (which tim-js-sdk 2.x offers in place of `getLoginUser`) reads the user ID from here.
      const items = Array.isArray(body.UserItem) ? (body.UserItem as { To_Account?: unknown }[]) : []
      const ids = items.map((item) => item?.To_Account).filter((id): id is string => typeof id === 'string')
      reply(
        ok({
          UserProfileItem: ids.map((id) => ({
            To_Account: id,
            ProfileItem: [],
            ResultCode: 0,
            ResultInfo: '',
          })),
        }),
      )
      return
    }
    default:
      // Heartbeats, hellos, profile, friends, groups, reports: an empty success is all the SDK needs.
      reply(ok())
  }
}
