import TencentCloudChat from '@tencentcloud/chat'
import TIM from 'tim-js-sdk'
import { expectTypeOf, test } from 'vitest'
import type { TimLike } from '../../src/core/sdk'

test('a tim-js-sdk instance is a TimLike with no cast', () => {
  const tim = TIM.create({ SDKAppID: 0 })
  expectTypeOf(tim).toExtend<TimLike>()
  const accept = (_: TimLike) => {}
  accept(tim)
})

test('a @tencentcloud/chat instance is a TimLike with no cast', () => {
  const chat = TencentCloudChat.create({ SDKAppID: 0 })
  expectTypeOf(chat).toExtend<TimLike>()
  const accept = (_: TimLike) => {}
  accept(chat)
})
