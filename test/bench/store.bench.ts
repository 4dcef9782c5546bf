// One status change with many watchers: the engine's per-ID listeners against a plain zustand selector per row
// (the design performance.md measured as O(rows) per update). Run with `npm run bench`.
import { bench, describe } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { createStatusStore } from '../../src/core/statusStore'
import type { UserStatus } from '../../src/core/types'

const ROWS = 5000
const ids = Array.from({ length: ROWS }, (_, i) => `user${i}`)

function baseline() {
  const store = createStore<{ byId: Record<string, UserStatus> }>()(() => ({ byId: {} }))
  let selectorCalls = 0
  for (const id of ids) {
    let last: UserStatus | undefined
    store.subscribe((state) => {
      selectorCalls++
      const next = state.byId[id]
      if (next !== last) last = next
    })
  }
  let n = 0
  const update = () => {
    const id = ids[n++ % ROWS] as string
    const byId = store.getState().byId
    store.setState({
      byId: {
        ...byId,
        [id]: { userID: id, statusType: n % 2 ? 1 : 2, customStatus: '', updatedAt: n, since: null },
      },
    })
  }
  return { update, calls: () => selectorCalls }
}

function engine() {
  const s = createStatusStore()
  let listenerCalls = 0
  for (const id of ids) s.subscribeEntry(id, () => listenerCalls++)
  let n = 0
  const update = () => {
    const id = ids[n++ % ROWS] as string
    s.write((w) => w.status(id, { userID: id, statusType: n % 2 ? 1 : 2, customStatus: '' }, n))
  }
  return { update, calls: () => listenerCalls }
}

const a = baseline()
const b = engine()
a.update()
b.update()
console.log(
  `one change with ${ROWS} watchers: zustand selector per row ran ${a.calls()} selectors; ` +
    `per-ID listeners ran ${b.calls()} (${a.calls() / Math.max(1, b.calls())}x fewer)`,
)

describe(`one status change, ${ROWS} watchers`, () => {
  bench('baseline: zustand selector per row', () => a.update())
  bench('react-tim-status: per-ID listeners', () => b.update())
})
