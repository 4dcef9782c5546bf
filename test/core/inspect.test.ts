/** The inspection API the devtools read: the call log (attached on demand) and one ID's picture. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { attachCallLog, CALL_LOG_SIZE, callLogOf } from '../../src/core/callLog'
import { inspectEngine, inspectPeer } from '../../src/core/inspect'
import { callsOf, login, startClient, userIDs, waitFor } from '../helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('the call log', () => {
  it('records nothing until attached, then each call with its IDs and outcome', async () => {
    const { tim, client } = await startClient()
    client.retain(['alice'])
    await vi.advanceTimersByTimeAsync(100)
    expect(callLogOf(client)).toBeUndefined()

    const detach = attachCallLog(client)
    tim.failNext('subscribeUserStatus', { code: 72001, message: 'switched off' })
    client.retain(['bob', 'carol'], { subscribe: true })
    await vi.advanceTimersByTimeAsync(10)
    const log = callLogOf(tim)
    expect(log?.records.map((record) => [record.api, record.ids?.length, record.outcome])).toEqual([
      ['subscribeUserStatus', 2, 'in flight'],
      ['getUserStatus', 2, 'in flight'],
    ])
    await vi.advanceTimersByTimeAsync(100)
    expect(log?.records.map((record) => [record.family, record.outcome, record.code])).toEqual([
      ['subscribe', 'failed', 72001],
      ['query', 'ok', null],
    ])

    detach?.()
    expect(callLogOf(client)).toBeUndefined()
    client.retain(['dave'])
    await vi.advanceTimersByTimeAsync(100)
    expect(callsOf(tim, 'getUserStatus')).toHaveLength(3)
  })

  it("records the own status's calls as 'self': its query and setSelfStatus, failures included", async () => {
    const { tim, client } = await startClient({}, {}, { loggedIn: false })
    const detach = attachCallLog(client)
    await login(tim, 'me')
    client.retain(['me'])
    await vi.advanceTimersByTimeAsync(100)
    await waitFor(client.setSelfStatus('in a meeting'), 100)
    tim.failNext('setSelfStatus', { code: 72001, message: 'switched off' })
    await expect(waitFor(client.setSelfStatus('back'), 100)).rejects.toMatchObject({ code: 72001 })
    const records = callLogOf(client)?.records ?? []
    expect(
      records.map((record) => [record.family, record.api, record.ids, record.outcome, record.code]),
    ).toEqual([
      ['self', 'getUserStatus', ['me'], 'ok', null],
      ['self', 'setSelfStatus', ['me'], 'ok', null],
      ['self', 'setSelfStatus', ['me'], 'failed', 72001],
    ])

    detach()
    await waitFor(client.setSelfStatus('gone'), 100)
    expect(callLogOf(client)).toBeUndefined()
    expect(callsOf(tim, 'setSelfStatus')).toHaveLength(3)
  })

  it(`keeps the last ${CALL_LOG_SIZE} calls while any one is attached`, async () => {
    const { client } = await startClient(
      {},
      { limits: { query: 1 }, rateLimit: { calls: 1000, perMs: 5000 } },
    )
    const first = attachCallLog(client)
    const second = attachCallLog(client)
    client.retain(userIDs(120))
    await vi.advanceTimersByTimeAsync(1000)
    const records = callLogOf(client)?.records ?? []
    expect(records).toHaveLength(CALL_LOG_SIZE)
    expect(records[0]?.sequence).toBe(21)
    first?.()
    expect(callLogOf(client)).toBeDefined()
    second?.()
    expect(callLogOf(client)).toBeUndefined()
  })
})

describe('inspectPeer', () => {
  it('says who retains an ID, whether it is live, how old its status is and its last error', async () => {
    const { tim, client } = await startClient()
    tim.backend.setStatus('alice', { statusType: 1, customStatus: 'here' })
    const release = client.retain(['alice'], { subscribe: true })
    client.retain(['alice'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(inspectPeer(client, 'alice')).toMatchObject({
      retains: { fetch: 2, live: 1, onScreen: 0, keep: 0 },
      server: 'present',
      wantsLive: true,
      fresh: true,
      entry: { status: { customStatus: 'here' }, subscription: 'subscribed' },
      lastError: null,
    })
    expect(inspectPeer(client, 'alice')?.ageMs).toBeGreaterThanOrEqual(900)

    release()
    expect(inspectPeer(client, 'alice')).toMatchObject({ inGrace: true, retains: { live: 0 } })
    expect(inspectEngine(client)?.inGrace).toEqual(['alice'])
    expect(inspectPeer(client, 'nobody')).toBeUndefined()
  })

  it('shows a definite failure as the last error, and the families in flight', async () => {
    const { tim, client } = await startClient()
    tim.backend.setConsoleEnabled(false)
    client.retain(['bob'])
    await vi.advanceTimersByTimeAsync(5)
    expect(inspectEngine(client)?.families.query.inFlightIDs).toEqual(['bob'])
    await vi.advanceTimersByTimeAsync(100)
    expect(inspectPeer(client, 'bob')?.lastError?.code).toBe(72001)
    expect(inspectEngine(client)?.families.query.inFlightIDs).toEqual([])
  })
})
