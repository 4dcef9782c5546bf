// Compile-time tests of the public signatures: checked by `npm run typecheck` (tsc), never executed.

import type { QueryClient } from '@tanstack/react-query'
import TencentCloudChat from '@tencentcloud/chat'
import { createElement, type ReactElement } from 'react'
import TIM from 'tim-js-sdk'
import { expectTypeOf } from 'vitest'
import {
  createStatusClient,
  PresenceBadge,
  type StatusClient,
  type StatusError,
  StatusProvider,
  type StatusType,
  type UserStatus,
  UserStatusType,
  useSelfStatus,
  useSubscription,
  useUserStatus,
} from '../../src'
import { createFakeTim, type FakeTim } from '../../src/testing'

declare const qc: QueryClient

// Both real SDKs and the fake are accepted with no cast.
const tim = TIM.create({ SDKAppID: 0 })
const chat = TencentCloudChat.create({ SDKAppID: 0 })
const fake: FakeTim = createFakeTim()
expectTypeOf(createStatusClient(tim)).toEqualTypeOf<StatusClient>()
expectTypeOf(createStatusClient(chat, { limits: { query: 200 } })).toEqualTypeOf<StatusClient>()
expectTypeOf(createStatusClient(fake)).toEqualTypeOf<StatusClient>()
// @ts-expect-error: an object without the SDK's status surface is refused
createStatusClient({ on() {} })
// @ts-expect-error: limits are numbers
createStatusClient(tim, { limits: { query: '500' } })

createElement(StatusProvider, { tim, queryClient: qc, options: { unsubscribeDelayMs: 1000 } })
createElement(StatusProvider, { client: createStatusClient(chat) })
// @ts-expect-error: tim or client, not both
createElement(StatusProvider, { tim, client: createStatusClient(chat) })

// Data shapes of api.md.
expectTypeOf<UserStatus>().toEqualTypeOf<{
  userID: string
  statusType: StatusType
  customStatus: string
  updatedAt: number
  since: number | null
}>()
expectTypeOf(UserStatusType).toEqualTypeOf<{
  readonly Unknown: 0
  readonly Online: 1
  readonly Offline: 2
  readonly Unlogined: 3
}>()
expectTypeOf<StatusError>().toExtend<{ code: number; message: string }>()

// Hooks.
export function HookTypes(): ReactElement | null {
  const users = useUserStatus(['a', 'b'], { subscribe: true, enabled: true })
  expectTypeOf(users.statuses).toEqualTypeOf<Record<string, UserStatus | undefined>>()
  expectTypeOf(users.isLoading).toEqualTypeOf<boolean>()
  expectTypeOf(users.error).toEqualTypeOf<StatusError | null>()
  expectTypeOf(users.failures).toEqualTypeOf<Record<string, StatusError>>()
  expectTypeOf(users.refetch).toEqualTypeOf<() => Promise<void>>()
  // @ts-expect-error: IDs are an array of strings
  useUserStatus('a')

  const self = useSelfStatus()
  expectTypeOf(self.status).toEqualTypeOf<UserStatus | undefined>()
  expectTypeOf(self.setCustomStatus).toEqualTypeOf<
    (text: string, options?: { clearAfterMs?: number }) => Promise<UserStatus>
  >()
  expectTypeOf(self.clearCustomStatus).toEqualTypeOf<() => Promise<UserStatus>>()
  expectTypeOf(self.isUpdating).toEqualTypeOf<boolean>()
  expectTypeOf(self.error).toEqualTypeOf<StatusError | null>()

  const sub = useSubscription(['a'], { enabled: false })
  expectTypeOf(sub.subscribed).toEqualTypeOf<readonly string[]>()
  expectTypeOf(sub.isPending).toEqualTypeOf<boolean>()

  return createElement(PresenceBadge, {
    userID: 'a',
    subscribe: false,
    showCustomStatus: true,
    labels: { online: '在线' },
    className: 'dot',
    onClick: () => {},
  })
}
