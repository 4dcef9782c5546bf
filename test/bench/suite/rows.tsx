// The lists the suite mounts: react-tim-status's badges and the baselines, each row rendering the same <span> as
// <PresenceBadge> (same attributes, same words), so that the DOM work is the same and only the data layer differs.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { type ReactElement, useEffect, useState } from 'react'
import { useStore } from 'zustand'
import type { StoreApi } from 'zustand/vanilla'
import type { SdkUserStatus } from '../../../src/core/sdk'
import type { StatusClient } from '../../../src/core/statusClient'
import type { StatusClientOptions, UserStatus } from '../../../src/core/types'
import type { SubscribeMode } from '../../../src/core/visibilityRules'
import {
  DEFAULT_PRESENCE_LABELS,
  PresenceBadge,
  presenceStateOf,
  StatusProvider,
  usePrefetchStatus,
} from '../../../src/react'
import type { FakeTim } from '../../../src/testing'

type Known = { statusType: number } | undefined

export type { Known }

/** The markup of <PresenceBadge> (without a custom status) for a status: a plain function, not a component. */
export function dot(status: Known): ReactElement {
  // presenceStateOf reads only `statusType`.
  const state = presenceStateOf(status as UserStatus | undefined)
  const name = DEFAULT_PRESENCE_LABELS[state]
  return <span role="img" aria-label={name} title={name} data-status={state} data-rts-badge="" />
}

function List({ ids, row }: { ids: readonly string[]; row: (id: string) => ReactElement }) {
  return (
    <ul>
      {ids.map((id) => (
        <li key={id}>{row(id)}</li>
      ))}
    </ul>
  )
}

/** A mounted approach: what to render for a list of IDs, and what to let go of afterwards. */
export interface Approach {
  render(ids: readonly string[]): ReactElement
  dispose(): void
}

// ---------------------------------------------------------------------------------------------------------------
// react-tim-status

/** `<StatusProvider tim>` + one `<PresenceBadge userID subscribe>` per row. */
export function timStatus(tim: FakeTim, subscribe: SubscribeMode, options?: StatusClientOptions): Approach {
  const row = (id: string) => <PresenceBadge userID={id} subscribe={subscribe} />
  return {
    render: (ids) => (
      <StatusProvider tim={tim} options={options}>
        <List ids={ids} row={row} />
      </StatusProvider>
    ),
    dispose() {},
  }
}

/** The same with a client made by the caller: `<StatusProvider client>`, which leaves it running when it unmounts. */
export function timStatusOf(client: StatusClient, subscribe: boolean): Approach {
  const row = (id: string) => <PresenceBadge userID={id} subscribe={subscribe} />
  return {
    render: (ids) => (
      <StatusProvider client={client}>
        <List ids={ids} row={row} />
      </StatusProvider>
    ),
    dispose: () => client.destroy(),
  }
}

function Prefetch({ ids }: { ids: readonly string[] }) {
  usePrefetchStatus(ids)
  return null
}

/** The recipe of docs/lists.md for a list whose statuses are all wanted at once: `usePrefetchStatus(ids)` + badges. */
export function timStatusPrefetch(tim: FakeTim): Approach {
  const row = (id: string) => <PresenceBadge userID={id} subscribe={false} />
  return {
    render: (ids) => (
      <StatusProvider tim={tim}>
        <Prefetch ids={ids} />
        <List ids={ids} row={row} />
      </StatusProvider>
    ),
    dispose() {},
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The floor: one getUserStatus per row, no limits

function NaiveRow({ id, tim }: { id: string; tim: FakeTim }) {
  const [status, setStatus] = useState<Known>(undefined)
  useEffect(() => {
    let live = true
    tim.getUserStatus({ userIDList: [id] }).then(
      (response) => {
        if (live) setStatus(response.data.successUserList[0])
      },
      () => {},
    )
    return () => {
      live = false
    }
  }, [id, tim])
  return dot(status)
}

/** A component per row calling `getUserStatus` for its ID once, in an effect, and setting state. */
export function naive(tim: FakeTim): Approach {
  const row = (id: string) => <NaiveRow id={id} tim={tim} />
  return { render: (ids) => <List ids={ids} row={row} />, dispose() {} }
}

// ---------------------------------------------------------------------------------------------------------------
// TanStack Query per row + a DataLoader-style batcher

interface Waiting {
  id: string
  resolve: (status: SdkUserStatus) => void
  reject: (error: unknown) => void
}

type Loader = ReturnType<typeof createBatcher>

/** Collects the IDs asked for in one microtask and asks for them in chunks of `chunk`, one call per chunk. */
export function createBatcher(tim: FakeTim, chunk = 500) {
  let queue: Waiting[] = []
  const flush = () => {
    const batch = queue
    queue = []
    for (let i = 0; i < batch.length; i += chunk) {
      const part = batch.slice(i, i + chunk)
      tim.getUserStatus({ userIDList: part.map((w) => w.id) }).then(
        (response) => {
          const byID = new Map(response.data.successUserList.map((s) => [s.userID, s]))
          for (const w of part) {
            const status = byID.get(w.id)
            if (status) w.resolve(status)
            else w.reject(new Error(`no status for ${w.id}`))
          }
        },
        (error: unknown) => {
          for (const w of part) w.reject(error)
        },
      )
    }
  }
  return {
    load(id: string): Promise<SdkUserStatus> {
      return new Promise((resolve, reject) => {
        if (queue.length === 0) queueMicrotask(flush)
        queue.push({ id, resolve, reject })
      })
    },
  }
}

function QueryRow({ id, loader }: { id: string; loader: Loader }) {
  const { data } = useQuery({ queryKey: ['status', id], queryFn: () => loader.load(id) })
  return dot(data)
}

/** A QueryClient (defaults) + `useQuery({queryKey: ['status', id], queryFn: () => loader.load(id)})` per row. */
export function tanstack(tim: FakeTim): Approach {
  const queryClient = new QueryClient()
  const loader = createBatcher(tim)
  const row = (id: string) => <QueryRow id={id} loader={loader} />
  return {
    render: (ids) => (
      <QueryClientProvider client={queryClient}>
        <List ids={ids} row={row} />
      </QueryClientProvider>
    ),
    dispose: () => queryClient.clear(),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// zustand: a bare row reading a store with a selector, fetching nothing

export type StatusMap = Record<string, Known>

function StoreRow({ id, store }: { id: string; store: StoreApi<StatusMap> }) {
  return dot(useStore(store, (s) => s[id]))
}

/** `useStore(store, (s) => s[id])` per row; nothing is fetched. */
export function zustandRows(store: StoreApi<StatusMap>): Approach {
  const row = (id: string) => <StoreRow id={id} store={store} />
  return { render: (ids) => <List ids={ids} row={row} />, dispose() {} }
}

// ---------------------------------------------------------------------------------------------------------------
// React alone: each row holds its status in its own state

export type Setters = Map<string, (status: Known) => void>

function OwnStateRow({ id, setters, initial }: { id: string; setters: Setters; initial: Known }) {
  const [status, setStatus] = useState<Known>(initial)
  useEffect(() => {
    setters.set(id, setStatus)
    return () => {
      setters.delete(id)
    }
  }, [id, setters])
  return dot(status)
}

/** A row per user with its status in `useState`; its setter is put in `setters` while mounted. */
export function ownStateRows(setters: Setters, initial: Known): Approach {
  const row = (id: string) => <OwnStateRow id={id} setters={setters} initial={initial} />
  return { render: (ids) => <List ids={ids} row={row} />, dispose() {} }
}
