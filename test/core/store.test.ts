import { describe, expect, it } from 'vitest'
import { createStatusStore } from '../../src/core/statusStore'

const online = { userID: 'ann', statusType: 1 as const, customStatus: '' }
const offline = { userID: 'ann', statusType: 2 as const, customStatus: '' }

describe('the store: listeners per user ID', () => {
  it('wakes one listener or several, only for the IDs a write changed', () => {
    const store = createStatusStore()
    const woken: string[] = []
    store.subscribeEntry('ann', () => woken.push('ann#1'))
    const offSecond = store.subscribeEntry('ann', () => woken.push('ann#2'))
    store.subscribeEntry('bob', () => woken.push('bob'))
    store.write((w) => w.status('ann', online, 1))
    expect(woken).toEqual(['ann#1', 'ann#2'])

    offSecond()
    woken.length = 0
    store.write((w) => w.status('ann', offline, 2))
    expect(woken).toEqual(['ann#1'])
    expect(store.isWatched('ann')).toBe(true)
  })

  it('an unsubscribe called twice does not remove the same listener subscribed again', () => {
    const store = createStatusStore()
    let calls = 0
    const listener = () => calls++
    const first = store.subscribeEntry('ann', listener)
    first()
    expect(store.isWatched('ann')).toBe(false)
    store.subscribeEntry('ann', listener)
    first()
    store.write((w) => w.status('ann', online, 1))
    expect(calls).toBe(1)
  })

  it('a listener subscribed while a write wakes the others waits for the next write', () => {
    const store = createStatusStore()
    const woken: string[] = []
    store.subscribeEntry('ann', () => {
      woken.push('first')
      store.subscribeEntry('ann', () => woken.push('late'))
    })
    store.write((w) => w.status('ann', online, 1))
    expect(woken).toEqual(['first'])
    store.write((w) => w.status('ann', offline, 2))
    expect(woken).toEqual(['first', 'first', 'late'])
  })

  it('derive keeps the entry (no write, no wake) when nothing changed, and keeps an equal error object', () => {
    const store = createStatusStore()
    let wakes = 0
    store.subscribeEntry('ann', () => wakes++)
    store.derive('ann', 'pending', true, null)
    const entry = store.getEntry('ann')
    expect(entry).toMatchObject({ subscription: 'pending', fetching: true, error: null, status: undefined })
    store.derive('ann', 'pending', true, null)
    expect(store.getEntry('ann')).toBe(entry)
    expect(wakes).toBe(1)

    const error = Object.assign(new Error('over frequency'), { code: 2996 })
    store.derive('ann', 'pending', false, error as never)
    const failed = store.getEntry('ann')
    // The same code and text, another object, and a field that changed: the old error object stays.
    store.derive(
      'ann',
      'subscribed',
      false,
      Object.assign(new Error('over frequency'), { code: 2996 }) as never,
    )
    expect(store.getEntry('ann').error).toBe(failed.error)
    expect(store.getEntry('ann').subscription).toBe('subscribed')
    expect(wakes).toBe(3)
  })

  it('a status listener (a badge) wakes only when the status changes, not for fetching or errors', () => {
    const unwatched: string[] = []
    const store = createStatusStore((id) => unwatched.push(id))
    const woken: string[] = []
    const off = store.subscribeStatus('ann', () => woken.push('status'))
    store.derive('ann', 'none', true, null)
    store.write((w) => w.entry('ann', { failure: { code: 70107, message: 'x' } as never }))
    expect(woken).toEqual([])
    store.write((w) => w.status('ann', online, 1, { failure: null }))
    expect(woken).toEqual(['status'])
    // The same status again: no new object, no wake.
    store.write((w) => w.status('ann', online, 2))
    expect(woken).toEqual(['status'])
    expect(store.isWatched('ann')).toBe(true)
    off()
    expect(store.isWatched('ann')).toBe(false)
    expect(unwatched).toEqual(['ann'])
  })
})
