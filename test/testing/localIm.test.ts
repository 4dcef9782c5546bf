import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createLocalIm,
  LOCAL_IM_COMMAND,
  type LocalIm,
  type LocalWebSocket,
  watchTimers,
} from '../../src/testing'

// The stand-in driven frame by frame, as the SDK drives it (the integration suite runs the real SDK on it).

interface Frame {
  head: Record<string, unknown> & { servcmd: string; seq: number }
  body: Record<string, unknown>
}

// Fake timers run a zero-delay timer set by another one a millisecond later: a few cover every hop.
const flush = () => vi.advanceTimersByTimeAsync(5)
const fromBase64 = (text: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)))

/** A socket of the stand-in with what it received, decoded, and a way to send commands as the SDK does. */
async function connect(im: LocalIm) {
  const socket: LocalWebSocket = new im.WebSocket('wss://wss.im.qcloud.com/binfo?sdkappid=1')
  socket.binaryType = 'arraybuffer'
  const received: Frame[] = []
  const raw: unknown[] = []
  socket.onmessage = (event) => {
    raw.push(event.data)
    received.push(JSON.parse(new TextDecoder().decode(event.data as ArrayBuffer)) as Frame)
  }
  await flush()
  let seq = 100
  let a2: string | undefined
  const send = async (
    servcmd: string,
    body: Record<string, unknown> = {},
    head: Record<string, unknown> = {},
  ) => {
    const frame = { head: { servcmd, seq: ++seq, ...(a2 ? { a2 } : {}), ...head }, body }
    socket.send(new TextEncoder().encode(JSON.stringify(frame)))
    await flush()
    const reply = received.find((f) => f.head.servcmd === servcmd && f.head.seq === frame.head.seq)
    if (!reply) throw new Error(`no reply to ${servcmd}`)
    return reply.body
  }
  const login = async (userID: string) => {
    const body = await send(
      LOCAL_IM_COMMAND.LOGIN,
      { State: 'Online' },
      { identifier: userID, usersig: 'sig' },
    )
    a2 = body.A2Key as string
    return body
  }
  /** Status pushes received, as `[userID, statusType, customStatus]`. */
  const pushes = () =>
    received
      .filter((f) => f.head.servcmd === 'im_open_push.msg_push')
      .flatMap(
        (f) =>
          (f.body.EventArray as { UserStatusList: Record<string, unknown>[] }[])[0]?.UserStatusList ?? [],
      )
      .map((s) => [s.To_Account, s.Status, fromBase64(s.CustomStatus as string)])
  return { socket, received, raw, send, login, pushes }
}

describe('createLocalIm', () => {
  let im: LocalIm
  beforeEach(() => {
    vi.useFakeTimers()
    im = createLocalIm()
  })
  afterEach(() => {
    im.dispose()
    vi.useRealTimers()
  })

  it('answers login with what the SDK needs, in binary frames that echo servcmd and seq', async () => {
    im.setStatus('me', { customStatus: 'café ☕' })
    const me = await connect(im)
    const body = await me.login('me')
    expect(body).toMatchObject({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      HelloInterval: 120,
      PurchaseBits: '10000000',
      TinyId: expect.any(String),
      A2Key: expect.any(String),
      InstId: expect.any(Number),
      TimeStamp: expect.any(Number),
    })
    expect(fromBase64(body.CustomStatus as string)).toBe('café ☕')
    expect(me.raw.every((data) => data instanceof ArrayBuffer)).toBe(true)
    expect(await me.send(LOCAL_IM_COMMAND.HEARTBEAT)).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
    })
    expect(await me.send('sns.friend_get')).toMatchObject({ ErrorCode: 0 })
    expect(await me.send(LOCAL_IM_COMMAND.RECENT_CONTACTS)).toMatchObject({
      CompleteFlag: 1,
      SessionItem: [],
    })
    expect(await me.send(LOCAL_IM_COMMAND.GET_PROFILE, { UserItem: [{ To_Account: 'me' }] })).toMatchObject({
      UserProfileItem: [{ To_Account: 'me', ProfileItem: [] }],
    })
    expect(im.sessionCount('me')).toBe(1)
    expect(im.getStatus('me')).toEqual({ userID: 'me', statusType: 1, customStatus: 'café ☕' })
  })

  it('answers queries with base64 custom statuses and per-ID errors, and logs what arrived', async () => {
    im.setStatus('alice', { statusType: 2, customStatus: 'on leave 🌴' })
    im.setUserError('ghost', { code: 70107, message: 'no such user' })
    const me = await connect(im)
    await me.login('me')
    im.clearLog()
    const body = await me.send(LOCAL_IM_COMMAND.GET_USER_STATUS, { To_Account: ['alice', 'bob', 'ghost'] })
    expect(body.UserStatusList).toEqual([
      { To_Account: 'alice', Status: 2, CustomStatus: expect.any(String) },
      { To_Account: 'bob', Status: 3, CustomStatus: '' },
    ])
    expect(fromBase64((body.UserStatusList as { CustomStatus: string }[])[0]?.CustomStatus ?? '')).toBe(
      'on leave 🌴',
    )
    expect(body.ErrorList).toEqual([
      { Invalid_Account: 'ghost', ErrorCode: 70107, ErrorInfo: 'no such user' },
    ])
    expect(im.log).toEqual([
      {
        servcmd: LOCAL_IM_COMMAND.GET_USER_STATUS,
        from: 'me',
        session: expect.any(Number),
        toAccount: ['alice', 'bob', 'ghost'],
        at: expect.any(Number),
      },
    ])
  })

  it('pushes a change to subscribers, auto-notified friends and the user’s own sessions only', async () => {
    const watcher = await connect(im)
    await watcher.login('watcher')
    const friend = await connect(im)
    await friend.login('friend')
    const stranger = await connect(im)
    await stranger.login('stranger')
    const aliceLaptop = await connect(im)
    await aliceLaptop.login('alice')
    const subscribed = await watcher.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['alice', 'watcher'] })
    expect(subscribed.ErrorList).toEqual([
      { Invalid_Account: 'watcher', ErrorCode: 70402, ErrorInfo: 'cannot subscribe to your own status' },
    ])
    expect(im.subscriptionsOf('watcher')).toEqual(['alice'])
    im.addFriends('friend', 'alice')
    im.setFriendAutoNotify(true)

    im.setStatus('alice', { statusType: 2, customStatus: 'away' })
    await flush()
    expect(watcher.pushes()).toEqual([['alice', 2, 'away']])
    expect(friend.pushes()).toEqual([['alice', 2, 'away']])
    expect(aliceLaptop.pushes()).toEqual([['alice', 2, 'away']])
    expect(stranger.pushes()).toEqual([])

    await watcher.send(LOCAL_IM_COMMAND.UNSUBSCRIBE, { UnsubscribeAll: 1 })
    expect(im.subscriptionsOf('watcher')).toEqual([])
    expect(im.log.at(-1)).toMatchObject({ unsubscribeAll: true })
  })

  it('a custom status set on one session reaches every session of the user, the sender too', async () => {
    const laptop = await connect(im)
    await laptop.login('me')
    const phone = await connect(im)
    await phone.login('me')
    expect(await laptop.send(LOCAL_IM_COMMAND.SET_CUSTOM_STATUS, { CustomStatus: 'busy' })).toMatchObject({
      ErrorCode: 0,
    })
    expect(phone.pushes()).toEqual([['me', 1, 'busy']])
    expect(laptop.pushes()).toEqual([['me', 1, 'busy']])
    const tooLong = await laptop.send(LOCAL_IM_COMMAND.SET_CUSTOM_STATUS, { CustomStatus: 'é'.repeat(51) })
    expect(tooLong).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70402 })
  })

  it('the console switch answers 72001 to the status commands for others, not to one’s own status', async () => {
    const me = await connect(im)
    await me.login('me')
    im.setConsoleEnabled(false)
    for (const servcmd of [
      LOCAL_IM_COMMAND.GET_USER_STATUS,
      LOCAL_IM_COMMAND.SUBSCRIBE,
      LOCAL_IM_COMMAND.UNSUBSCRIBE,
    ]) {
      expect(await me.send(servcmd, { To_Account: ['alice'] })).toMatchObject({ ErrorCode: 72001 })
    }
    expect(await me.send(LOCAL_IM_COMMAND.SET_CUSTOM_STATUS, { CustomStatus: 'x' })).toMatchObject({
      ErrorCode: 0,
    })
    expect(im.log.filter((c) => c.error?.code === 72001)).toHaveLength(3)
  })

  it('limits each family per user in a sliding window (2996), and can be switched off', async () => {
    im.setRateLimit({ calls: 2, perMs: 1000 })
    const me = await connect(im)
    await me.login('me')
    const query = () => me.send(LOCAL_IM_COMMAND.GET_USER_STATUS, { To_Account: ['a'] })
    expect(await query()).toMatchObject({ ErrorCode: 0 })
    expect(await query()).toMatchObject({ ErrorCode: 0 })
    expect(await query()).toMatchObject({ ErrorCode: 2996 })
    // Another family has its own window.
    expect(await me.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['a'] })).toMatchObject({ ErrorCode: 0 })
    await vi.advanceTimersByTimeAsync(1000)
    expect(await query()).toMatchObject({ ErrorCode: 0 })
    im.setRateLimit(false)
    for (let i = 0; i < 5; i++) expect(await query()).toMatchObject({ ErrorCode: 0 })
  })

  it('logout drops the session’s subscriptions, pushes UNLOGINED, and clears the custom status later', async () => {
    im = createLocalIm({ customStatusClearDelayMs: 5000 })
    const watcher = await connect(im)
    await watcher.login('watcher')
    await watcher.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['alice'] })
    const alice = await connect(im)
    await alice.login('alice')
    await alice.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['watcher'] })
    await alice.send(LOCAL_IM_COMMAND.SET_CUSTOM_STATUS, { CustomStatus: 'lunch' })
    await alice.send(LOCAL_IM_COMMAND.LOGOUT)
    expect(im.subscriptionsOf('alice')).toEqual([])
    expect(im.sessionCount('alice')).toBe(0)
    expect(watcher.pushes().at(-1)).toEqual(['alice', 3, 'lunch'])
    expect(im.pendingTimers()).toBe(1)

    await vi.advanceTimersByTimeAsync(5000)
    expect(watcher.pushes().at(-1)).toEqual(['alice', 3, ''])
    expect(im.getStatus('alice').customStatus).toBe('')
    expect(im.pendingTimers()).toBe(0)
  })

  it('caps each session’s subscriptions: past it the earliest go silently and are no longer pushed', async () => {
    im = createLocalIm({ subscriptionCap: 3 })
    expect(im.subscriptionCap).toBe(3)
    const me = await connect(im)
    await me.login('me')
    const subscribe = (ids: string[]) => me.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ids })
    expect(await subscribe(['a', 'b', 'c'])).toMatchObject({ ErrorCode: 0, ErrorList: [] })
    // Past the cap: the same success, no error, no frame but the reply.
    const before = me.received.length
    expect(await subscribe(['d', 'e'])).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorList: [] })
    expect(me.received.length).toBe(before + 1)
    expect(im.subscriptionsOf('me')).toEqual(['c', 'd', 'e'])
    expect(im.droppedSubscriptions()).toEqual([
      { userID: 'me', session: expect.any(Number), dropped: 'a', at: expect.any(Number) },
      { userID: 'me', session: expect.any(Number), dropped: 'b', at: expect.any(Number) },
    ])
    for (const id of ['a', 'b', 'c']) im.setStatus(id, { statusType: 1 })
    await flush()
    expect(me.pushes()).toEqual([['c', 1, '']])

    // Subscribing a held ID again refreshes its place; an unsubscribe frees room.
    await subscribe(['c'])
    await subscribe(['f'])
    expect(im.subscriptionsOf('me')).toEqual(['e', 'c', 'f'])
    expect(im.droppedSubscriptions().map((entry) => entry.dropped)).toEqual(['a', 'b', 'd'])
    await me.send(LOCAL_IM_COMMAND.UNSUBSCRIBE, { To_Account: ['e'] })
    im.clearDropped()
    await subscribe(['g'])
    expect(im.subscriptionsOf('me')).toEqual(['c', 'f', 'g'])
    expect(im.droppedSubscriptions()).toEqual([])
  })

  it('applies the cap per session (login); setSubscriptionCap changes it from the next subscribe', async () => {
    const phone = await connect(im)
    await phone.login('me')
    const laptop = await connect(im)
    await laptop.login('me')
    await phone.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['a', 'b', 'c'] })
    expect(im.subscriptionCap).toBe(Number.POSITIVE_INFINITY)
    im.setSubscriptionCap(2)
    expect(im.subscriptionsOf('me')).toEqual(['a', 'b', 'c'])
    await phone.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['d'] })
    await laptop.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['x', 'y'] })
    expect(im.subscriptionsOf('me')).toEqual(['c', 'd', 'x', 'y'])
    const phoneSession = im.commandsOf(LOCAL_IM_COMMAND.LOGIN)[0]?.session
    expect(im.droppedSubscriptions('me')).toEqual([
      { userID: 'me', session: phoneSession, dropped: 'a', at: expect.any(Number) },
      { userID: 'me', session: phoneSession, dropped: 'b', at: expect.any(Number) },
    ])
    expect(im.droppedSubscriptions('someone else')).toEqual([])
    im.setStatus('x', { customStatus: 'x' })
    im.setStatus('a', { customStatus: 'a' })
    await flush()
    expect(laptop.pushes()).toEqual([['x', 3, 'x']])
    expect(phone.pushes()).toEqual([])
    expect(() => im.setSubscriptionCap(0)).toThrow(TypeError)
    expect(() => createLocalIm({ subscriptionCap: 2.5 })).toThrow(TypeError)
  })

  it('pushes a changed plan to every session', async () => {
    const me = await connect(im)
    await me.login('me')
    im.setPurchaseBits(false)
    await flush()
    const push = me.received.find((f) => f.head.servcmd === 'im_sdk_config_mgr.push_imsdk_purchase_bitsv2')
    expect(push?.body).toMatchObject({ int32_error_code: 0, str_purchase_bits: '0' })
    expect(await me.send(LOCAL_IM_COMMAND.FETCH_PURCHASE_BITS)).toMatchObject({ str_purchase_bits: '0' })
    im.setPurchaseBits(0b1000_0001)
    expect(im.purchaseBits).toBe('10000001')
    im.setPurchaseBits(true)
    expect(im.purchaseBits).toBe('10000000')
    expect(() => im.setPurchaseBits('12')).toThrow(TypeError)
  })

  it('a dropped connection keeps the session: a login with its A2Key resumes it, an unknown one is refused', async () => {
    const me = await connect(im)
    const login = await me.login('me')
    await me.send(LOCAL_IM_COMMAND.SUBSCRIBE, { To_Account: ['alice'] })
    const closes: unknown[] = []
    me.socket.addEventListener('close', (event) => closes.push([event.code, event.wasClean]))
    im.disconnect('me')
    await flush()
    expect(closes).toEqual([[1006, false]])
    expect(me.socket.readyState).toBe(3)
    expect(im.openSockets()).toBe(0)

    const again = await connect(im)
    const resumed = await again.send(LOCAL_IM_COMMAND.LOGIN, {}, { a2: login.A2Key })
    expect(resumed).toMatchObject({ ErrorCode: 0, A2Key: login.A2Key, TinyId: login.TinyId })
    expect(im.sessionCount('me')).toBe(1)
    expect(im.subscriptionsOf('me')).toEqual(['alice'])
    im.setStatus('alice', { statusType: 1 })
    await flush()
    expect(again.pushes()).toEqual([['alice', 1, '']])
    const stranger = await connect(im)
    expect(await stranger.send(LOCAL_IM_COMMAND.LOGIN, {}, { a2: 'made-up' })).toMatchObject({
      ErrorCode: 70001,
    })
  })

  it('waitForCommand finds a logged command or waits for the next one; idle waits for every delivery', async () => {
    const me = await connect(im)
    await me.login('me')
    await expect(im.waitForCommand(LOCAL_IM_COMMAND.LOGIN)).resolves.toMatchObject({ from: 'me' })
    const next = im.waitForCommand(LOCAL_IM_COMMAND.HEARTBEAT)
    me.socket.send(JSON.stringify({ head: { servcmd: LOCAL_IM_COMMAND.HEARTBEAT, seq: 1 }, body: {} }))
    const idle = im.idle()
    await flush()
    await expect(next).resolves.toMatchObject({ servcmd: LOCAL_IM_COMMAND.HEARTBEAT })
    await expect(idle).resolves.toBeUndefined()
    expect(im.pendingTimers()).toBe(0)
  })

  it('two backends share nothing', async () => {
    const other = createLocalIm()
    const me = await connect(im)
    await me.login('me')
    expect(other.sessionCount('me')).toBe(0)
    expect(other.log).toEqual([])
    other.dispose()
  })
})

describe('install', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('replaces WebSocket, XMLHttpRequest and fetch on the target, records every URL, and restores them', async () => {
    const realWebSocket = vi.fn()
    const realXhr = vi.fn()
    const realFetch = vi.fn()
    const target: Record<string, unknown> = {
      WebSocket: realWebSocket,
      XMLHttpRequest: realXhr,
      fetch: realFetch,
    }
    const im = createLocalIm({
      http: ({ url }) => ({ status: url.endsWith('.txt') ? 404 : 200, body: '{"ok":1}' }),
    })
    const restore = im.install(target)
    expect(target.WebSocket).toBe(im.WebSocket)

    const Socket = target.WebSocket as typeof im.WebSocket
    const socket = new Socket('wss://example.invalid/socket')
    const Xhr = target.XMLHttpRequest as typeof im.XMLHttpRequest
    const xhr = new Xhr()
    const done = new Promise<number>((resolve) => {
      xhr.onreadystatechange = () => {
        if (xhr.readyState === 4) resolve(xhr.status)
      }
    })
    xhr.open('GET', 'https://example.invalid/errors.txt')
    xhr.send()
    expect(await done).toBe(404)
    const response = (await (target.fetch as typeof im.fetch)('https://example.invalid/api', {
      method: 'post',
    })) as Response
    expect(await response.json()).toEqual({ ok: 1 })

    expect(im.caught.map(({ kind, url, method }) => [kind, url, method])).toEqual([
      ['websocket', 'wss://example.invalid/socket', undefined],
      ['xhr', 'https://example.invalid/errors.txt', 'GET'],
      ['fetch', 'https://example.invalid/api', 'POST'],
    ])
    socket.close()
    restore()
    expect(target).toEqual({ WebSocket: realWebSocket, XMLHttpRequest: realXhr, fetch: realFetch })
    expect(realWebSocket).not.toHaveBeenCalled()
    im.dispose()
  })

  it('leaves a target without fetch without one, and dispose restores what install replaced', () => {
    const target: Record<string, unknown> = {}
    const im = createLocalIm()
    im.install(target)
    expect(Object.keys(target).sort()).toEqual(['WebSocket', 'XMLHttpRequest'])
    im.dispose()
    expect(target).toEqual({})
  })

  it('a socket throws on send while connecting and reports its close', async () => {
    vi.useFakeTimers()
    const im = createLocalIm()
    const socket = new im.WebSocket('wss://example.invalid')
    expect(() => socket.send('x')).toThrow(/CONNECTING/)
    const events: string[] = []
    socket.onopen = () => events.push('open')
    socket.onclose = (event) => events.push(`close ${event.code}`)
    await flush()
    socket.close(1000)
    await flush()
    expect(events).toEqual(['open', 'close 1000'])
    expect(im.openSockets()).toBe(0)
    im.dispose()
  })
})

describe('watchTimers', () => {
  it('keeps a ledger of live timers, clears them on demand, and restores the functions', async () => {
    const original = globalThis.setInterval
    const watch = watchTimers(globalThis)
    const interval = setInterval(() => {}, 1000)
    setTimeout(() => {}, 0)
    const long = setTimeout(() => {}, 60_000)
    expect(watch.live()).toEqual([
      { kind: 'interval', delayMs: 1000 },
      { kind: 'timeout', delayMs: 0 },
      { kind: 'timeout', delayMs: 60_000 },
    ])
    await new Promise((resolve) => setTimeout(resolve, 5))
    // Cleared by its number, as browsers hand out handles.
    clearTimeout(Number(long))
    expect(watch.live()).toEqual([{ kind: 'interval', delayMs: 1000 }])
    expect(watch.clearLive((timer) => timer.kind === 'interval')).toEqual([
      { kind: 'interval', delayMs: 1000 },
    ])
    expect(watch.live()).toEqual([])
    clearInterval(interval)
    watch.restore()
    expect(globalThis.setInterval).toBe(original)
  })
})
