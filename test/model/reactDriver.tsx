/**
 * Shows a stage with React: up to two `<StatusProvider tim={tim}>` on the same SDK instance (a new key mounts one
 * again), `<PresenceBadge>`s and `useUserStatus` hooks under them, optionally in `<StrictMode>`.
 */
import { act, type RenderResult, render } from '@testing-library/react'
import { type ReactElement, StrictMode, useEffect } from 'react'
import { vi } from 'vitest'
import {
  PresenceBadge,
  StatusProvider,
  usePrefetchStatus,
  useStatusClient,
  useUserStatus,
} from '../../src/react'
import type { Driver, Shown, Stage, View, World } from './world'

const STATUS_OF_STATE: Record<string, number | undefined> = { online: 1, offline: 2, unlogined: 3 }

function HookView({ view }: { view: View }) {
  // A prefetch view asks its IDs once and reads them through a hook that asks nothing; a spare view retains them
  // spare (what a badge mounted off screen does) and reads them the same way.
  usePrefetchStatus(view.ids, { enabled: view.view === 'prefetch' })
  const client = useStatusClient()
  useEffect(() => {
    if (view.view === 'spare') {
      return client.retain(view.ids, { fetch: 'spare', subscribe: view.subscribe, priority: view.priority })
    }
  }, [client, view.view, view.ids, view.subscribe, view.priority])
  const { statuses, error } = useUserStatus(view.ids, {
    subscribe: view.subscribe,
    enabled: view.view === 'hook',
  })
  const shown: Record<string, Shown | null> = {}
  for (const id of view.ids) {
    const status = statuses[id]
    shown[id] = status ? { statusType: status.statusType, customStatus: status.customStatus } : null
  }
  return <span data-view={view.key} data-statuses={JSON.stringify(shown)} data-error={error?.code ?? ''} />
}

function ViewOf({ view }: { view: View }) {
  if (view.view !== 'badge') return <HookView view={view} />
  return <PresenceBadge userID={view.ids[0] as string} subscribe={view.subscribe} data-view={view.key} />
}

function StageTree({ world, stage }: { world: World; stage: Stage }) {
  return (
    <>
      {stage.slots.map((slot, index) =>
        slot.present ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the slot index and its mount count make the key.
          <StatusProvider key={`${index}:${slot.key}`} tim={world.tim} options={world.options}>
            {stage.views
              .filter((view) => view.slot === index)
              .map((view) => (
                <ViewOf key={view.key} view={view} />
              ))}
          </StatusProvider>
        ) : null,
      )}
    </>
  )
}

function readShown(container: HTMLElement, view: View): Record<string, Shown | undefined> {
  const element = container.querySelector(`[data-view="${view.key}"]`)
  if (!element) throw new Error(`view #${view.key} is not in the document`)
  const out: Record<string, Shown | undefined> = {}
  if (view.view === 'badge') {
    const statusType = STATUS_OF_STATE[element.getAttribute('data-status') ?? '']
    out[view.ids[0] as string] = statusType === undefined ? undefined : { statusType }
    return out
  }
  const shown = JSON.parse(element.getAttribute('data-statuses') ?? '{}') as Record<string, Shown | null>
  for (const id of view.ids) out[id] = shown[id] ?? undefined
  return out
}

export function createReactDriver(world: World): Driver {
  const { strict } = world.scenario
  let rendered: RenderResult | null = null
  /** Hears every change of what a view shows in the DOM, when React commits it (see `Driver.watch`). */
  let observer: MutationObserver | null = null
  const watchers: (() => void)[] = []
  const elementOf = (view: View) => rendered?.container.querySelector(`[data-view="${view.key}"]`) ?? null
  const tree = (stage: Stage): ReactElement => {
    // A copy, so that React sees the stage as it is now.
    const copy: Stage = { slots: [{ ...stage.slots[0] }, { ...stage.slots[1] }], views: [...stage.views] }
    const content = <StageTree world={world} stage={copy} />
    return strict ? <StrictMode>{content}</StrictMode> : content
  }
  const flush = () => act(async () => {})
  return {
    async show(stage) {
      if (rendered) rendered.rerender(tree(stage))
      else {
        rendered = render(tree(stage))
        observer = new MutationObserver(() => {
          for (const listener of watchers) listener()
        })
        observer.observe(rendered.container, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-status', 'data-statuses'],
        })
      }
      await flush()
    },
    async act(change) {
      await act(async () => change())
    },
    async advance(ms) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(ms)
      })
    },
    shown(view) {
      if (!rendered) throw new Error('nothing rendered')
      return readShown(rendered.container, view)
    },
    // Badges are on screen (no IntersectionObserver in jsdom): they rank as visible; hooks do not rank.
    priorityOf: (view) => (view.view === 'badge' ? 2 : view.view === 'spare' ? view.priority : 0),
    shownError(view) {
      const element = elementOf(view)
      const code = element?.getAttribute('data-error') ?? ''
      return code === '' ? null : Number(code)
    },
    isShowing: (view) => elementOf(view) !== null,
    watch(listener) {
      watchers.push(listener)
    },
    async dispose() {
      observer?.disconnect()
      observer = null
      watchers.length = 0
      rendered?.unmount()
      rendered = null
    },
  }
}
