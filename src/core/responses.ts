import type { SdkFailure } from './sdk'
import type { StatusType, UserStatus } from './types'

/** Reads the SDK's answers defensively: any shape is accepted, and what is missing or malformed is left out. */

/** A status as read from the SDK, before the library stamps it with `updatedAt` and `since`. */
export type ReadStatus = Omit<UserStatus, 'updatedAt' | 'since'>

function dataOf(response: unknown): Record<string, unknown> {
  if (typeof response === 'object' && response !== null && 'data' in response) {
    const data = (response as { data: unknown }).data
    if (typeof data === 'object' && data !== null) return data as Record<string, unknown>
  }
  return {}
}

/** A status number the SDK may send; anything else is read as unknown (0). */
export function toStatusType(value: unknown): StatusType {
  return value === 1 || value === 2 || value === 3 ? value : 0
}

/** Reads one `{userID, statusType, customStatus}` item; returns undefined when it has no userID. */
export function readStatus(item: unknown): ReadStatus | undefined {
  if (typeof item !== 'object' || item === null) return undefined
  const { userID, statusType, customStatus } = item as Record<string, unknown>
  if (typeof userID !== 'string' || userID === '') return undefined
  return {
    userID,
    statusType: toStatusType(statusType),
    customStatus: typeof customStatus === 'string' ? customStatus : '',
  }
}

function readFailures(data: Record<string, unknown>): SdkFailure[] {
  const list = Array.isArray(data.failureUserList) ? data.failureUserList : []
  const out: SdkFailure[] = []
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue
    const { userID, code, message } = item as Record<string, unknown>
    if (typeof userID !== 'string') continue
    out.push({
      userID,
      code: typeof code === 'number' ? code : Number(code) || 0,
      message: String(message ?? ''),
    })
  }
  return out
}

/** `getUserStatus`'s answer, read defensively. */
export function readQueryResponse(response: unknown): { success: ReadStatus[]; failures: SdkFailure[] } {
  const data = dataOf(response)
  const list = Array.isArray(data.successUserList) ? data.successUserList : []
  const success: ReadStatus[] = []
  for (const item of list) {
    const status = readStatus(item)
    if (status) success.push(status)
  }
  return { success, failures: readFailures(data) }
}

/** `subscribeUserStatus` / `unsubscribeUserStatus`'s answer: the per-ID failures. */
export function readFailureResponse(response: unknown): SdkFailure[] {
  return readFailures(dataOf(response))
}

/** `getMyProfile`'s answer: the user ID in it, if any. */
export function readProfileUserID(response: unknown): string | undefined {
  const userID = dataOf(response).userID
  return typeof userID === 'string' && userID !== '' ? userID : undefined
}

/** `setSelfStatus`'s answer, or what was asked when the answer lacks it. */
export function readSelfResponse(response: unknown, userID: string, asked: string): ReadStatus {
  const status = readStatus(dataOf(response))
  return status ?? { userID, statusType: 1, customStatus: asked }
}
