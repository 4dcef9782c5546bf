import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStatusClient, RTS_ERROR, type StatusClientOptions, utf8ByteLength } from '../../src/core'
import { createFakeTim } from '../../src/testing'
import { startClient, userIDs, waitFor } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

const invalid = (message: RegExp) =>
  expect.objectContaining({ code: RTS_ERROR.INVALID_ARGUMENT, message: expect.stringMatching(message) })

describe('bad input: a clear error naming the value, and nothing sent', () => {
  const badIDLists: [string, unknown, RegExp][] = [
    ['not an array', 'alice', /must be an array.*"alice"/],
    ['null', null, /must be an array.*null/],
    ['an object', { 0: 'a' }, /must be an array.*an object/],
    ['a number in the list', ['a', 42], /userIDs\[1\] must be a string, got number 42/],
    ['undefined in the list', ['a', undefined], /userIDs\[1\] must be a string, got undefined/],
    ['an empty ID', ['a', ''], /userIDs\[1\] is "".*empty or blank/],
    ['a blank ID', ['  '], /userIDs\[0\] is " {2}".*empty or blank/],
  ]

  for (const [name, value, message] of badIDLists) {
    it(`retain/fetch/refetch with ${name}`, async () => {
      const { tim, client } = await startClient()
      expect(() => client.retain(value as string[])).toThrow(invalid(message))
      expect(() => client.retain(value as string[], { subscribe: true })).toThrow(invalid(message))
      await expect(client.fetch(value as string[])).rejects.toEqual(invalid(message))
      await expect(client.refetch(value as string[])).rejects.toEqual(invalid(message))
      await vi.advanceTimersByTimeAsync(10_000)
      expect(tim.calls).toEqual([])
    })
  }

  const badRetainOptions: [string, unknown, RegExp][] = [
    ['fetch: a typo', { fetch: 'spares' }, /fetch must be true, false, 'once' or 'spare', got spares/],
    ['fetch: a number', { fetch: 1 }, /fetch must be .* got 1/],
    ['subscribe: a string', { subscribe: 'yes' }, /subscribe must be a boolean, got yes/],
    ['priority: negative', { priority: -1 }, /priority must be a number >= 0, got -1/],
  ]
  for (const [name, options, message] of badRetainOptions) {
    it(`retain with ${name}`, async () => {
      const { tim, client } = await startClient()
      expect(() => client.retain(['a'], options as Parameters<typeof client.retain>[1])).toThrow(
        invalid(message),
      )
      await vi.advanceTimersByTimeAsync(10_000)
      expect(tim.calls).toEqual([])
    })
  }

  const badStatuses: [string, unknown, RegExp][] = [
    ['a number', 42, /customStatus must be a string, got number 42/],
    ['null', null, /customStatus must be a string, got null/],
    ['101 ASCII bytes', 'x'.repeat(101), /101 bytes.*limit is 100/],
    ['34 CJK characters (102 bytes)', '忙'.repeat(34), /102 bytes.*limit is 100/],
    ['26 emoji (104 bytes)', '😀'.repeat(26), /104 bytes.*limit is 100/],
  ]
  for (const [name, value, message] of badStatuses) {
    it(`setSelfStatus with ${name}`, async () => {
      const { tim, client } = await startClient()
      await expect(client.setSelfStatus(value as string)).rejects.toEqual(invalid(message))
      expect(tim.calls).toEqual([])
    })
  }

  it('counts UTF-8 bytes as the SDK sends them (a lone surrogate as the 3-byte replacement character)', () => {
    for (const text of ['', 'a', 'é', '忙', 'Focus time 🎧', '\ud83c', 'x\udfa7y', '午饭中🍜'.repeat(9)]) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'))
    }
  })

  it('accepts exactly 100 bytes', async () => {
    const { tim, client } = await startClient()
    const text = `${'忙'.repeat(33)}x` // 99 + 1
    expect(utf8ByteLength(text)).toBe(100)
    await expect(waitFor(client.setSelfStatus(text))).resolves.toMatchObject({ customStatus: text })
    expect(tim.calls).toHaveLength(1)
  })

  it('merges duplicate IDs instead of failing', async () => {
    const { tim, client } = await startClient()
    client.retain(['a', 'a', 'b'])
    await vi.advanceTimersByTimeAsync(100)
    expect(tim.calls[0]?.userIDList?.sort()).toEqual(['a', 'b'])
  })

  const badOptions: [string, StatusClientOptions, RegExp][] = [
    [
      'limits.query over 500',
      { limits: { query: 501 } },
      /limits\.query must be an integer from 1 to 500, got number 501/,
    ],
    [
      'limits.subscribe 0',
      { limits: { subscribe: 0 } },
      /limits\.subscribe must be an integer from 1 to 100/,
    ],
    ['limits.unsubscribe 1.5', { limits: { unsubscribe: 1.5 } }, /limits\.unsubscribe must be an integer/],
    ['rateLimit.calls negative', { rateLimit: { calls: -1 } }, /rateLimit\.calls must be an integer >= 1/],
    ['rateLimit.perMs NaN', { rateLimit: { perMs: Number.NaN } }, /rateLimit\.perMs must be a number/],
    [
      'unsubscribeDelayMs a string',
      { unsubscribeDelayMs: '5000' as unknown as number },
      /unsubscribeDelayMs.*"5000"/,
    ],
    ['unsubscribeDelayMs Infinity', { unsubscribeDelayMs: Number.POSITIVE_INFINITY }, /unsubscribeDelayMs/],
    [
      'offlineDelayMs negative',
      { offlineDelayMs: -1 },
      /offlineDelayMs must be a number >= 0, got number -1/,
    ],
    ['userID blank', { userID: ' ' }, /options\.userID/],
    ['options not an object', 'fast' as unknown as StatusClientOptions, /options must be an object/],
  ]
  for (const [name, options, message] of badOptions) {
    it(`options: ${name}`, () => {
      const tim = createFakeTim()
      expect(() => createStatusClient(tim, options)).toThrow(invalid(message))
      expect(tim.calls).toEqual([])
    })
  }

  it('in production (no option checks), limits above the SDK maxima are still held to them', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const { tim, client } = await startClient({}, { limits: { query: 1000, subscribe: 500 } })
      client.retain(userIDs(1200), { subscribe: true })
      await vi.advanceTimersByTimeAsync(500)
      const sizes = (api: string) => tim.calls.filter((c) => c.api === api).map((c) => c.userIDList?.length)
      expect(sizes('getUserStatus')).toEqual([500, 500, 200])
      expect(Math.max(...(sizes('subscribeUserStatus') as number[]))).toBe(100)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('tim that is not an SDK instance', () => {
    expect(() => createStatusClient({} as never)).toThrow(/TIM\.create\(\) or TencentCloudChat\.create\(\)/)
    expect(() => createStatusClient(undefined as never)).toThrow(invalid(/tim must be an SDK instance/))
  })
})
