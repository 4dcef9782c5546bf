/**
 * Shows a stage with the core alone: a provider is a started `createStatusClient`, a view is a `retain`. The order
 * follows React's commit: a provider mounted again releases its views and stops (or is destroyed), the new
 * client retains its views, then starts.
 */
import { vi } from 'vitest'
import { createStatusClient, prefetchList, type StatusClient } from '../../src/core'
import type { Driver, Shown, Stage, View, World } from './world'

interface MountedProvider {
  key: number
  client: StatusClient
  stop: (() => void) | null
}

interface Hold {
  slot: 0 | 1
  release: () => void
}

export function createCoreDriver(world: World): Driver {
  const { tim, options, scenario } = world
  // Never started: it only reads the store, which every client of the SDK instance shares.
  const reader = createStatusClient(tim, options)
  const providers: (MountedProvider | null)[] = [null, null]
  const holds = new Map<number, Hold>()
  /** Unsubscribes of the watchers (see `Driver.watch`): a view shows the store, so every store write is heard. */
  const unwatch: (() => void)[] = []

  const letGo = (slot: 0 | 1) => {
    const provider = providers[slot]
    if (!provider) return
    for (const [key, hold] of holds) {
      if (hold.slot !== slot) continue
      hold.release()
      holds.delete(key)
    }
    if (scenario.destroy) provider.client.destroy()
    else provider.stop?.()
    providers[slot] = null
  }

  const show = async (stage: Stage) => {
    for (const slot of [0, 1] as const) {
      const wanted = stage.slots[slot]
      const provider = providers[slot]
      if (provider && (!wanted.present || wanted.key !== provider.key)) letGo(slot)
    }
    const onStage = new Set(stage.views.map((view) => view.key))
    for (const [key, hold] of holds) {
      if (onStage.has(key)) continue
      hold.release()
      holds.delete(key)
    }
    const starting: (0 | 1)[] = []
    for (const slot of [0, 1] as const) {
      const wanted = stage.slots[slot]
      if (!wanted.present || providers[slot]) continue
      providers[slot] = { key: wanted.key, client: createStatusClient(tim, options), stop: null }
      starting.push(slot)
    }
    for (const view of stage.views) {
      const provider = providers[view.slot]
      if (!provider || holds.has(view.key)) continue
      const release =
        view.view === 'prefetch'
          ? prefetchList(provider.client, view.ids)
          : view.view === 'spare'
            ? provider.client.retain(view.ids, {
                fetch: 'spare',
                subscribe: view.subscribe,
                priority: view.priority,
              })
            : provider.client.retain(view.ids, { subscribe: view.subscribe, priority: view.priority })
      holds.set(view.key, { slot: view.slot, release })
    }
    for (const slot of starting) {
      const provider = providers[slot] as MountedProvider
      provider.stop = provider.client.start()
    }
    await vi.advanceTimersByTimeAsync(0)
  }

  const shown = (view: View) => {
    const out: Record<string, Shown | undefined> = {}
    for (const id of view.ids) {
      const status = reader.getEntry(id).status
      out[id] =
        status === undefined
          ? undefined
          : view.view === 'badge'
            ? { statusType: status.statusType }
            : { statusType: status.statusType, customStatus: status.customStatus }
    }
    return out
  }

  const shownError = (view: View) => {
    for (const id of view.ids) {
      const { error } = reader.getEntry(id)
      if (error) return error.code
    }
    return null
  }

  return {
    show,
    shownError,
    async act(change) {
      change()
      await vi.advanceTimersByTimeAsync(0)
    },
    async advance(ms) {
      await vi.advanceTimersByTimeAsync(ms)
    },
    shown,
    priorityOf: (view) => view.priority,
    isShowing: (view) => holds.has(view.key),
    watch(listener) {
      // The zustand store's own subscription: unlike subscribeStatus, it keeps no entry from being forgotten.
      unwatch.push(reader.store.subscribe(listener))
    },
    async dispose() {
      for (const stop of unwatch.splice(0)) stop()
      letGo(0)
      letGo(1)
    },
  }
}
