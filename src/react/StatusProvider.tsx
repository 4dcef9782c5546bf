import type { QueryClient } from '@tanstack/react-query'
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
} from 'react'
import { RTS_ERROR, StatusError } from '../core/errors'
import type { TimLike } from '../core/sdk'
import { createStatusClient, type StatusClient } from '../core/statusClient'
import type { StatusClientOptions } from '../core/types'

export interface StatusContextValue {
  client: StatusClient
  /** The app's QueryClient, when it gave one (`useSelfStatus` makes its own otherwise). */
  queryClient: QueryClient | undefined
  /**
   * What a feature keeps per provider (the visibility observer, a QueryClient): made by `make` on first use, under
   * `key`, and disposed when the provider unmounts. Only the hooks that use a feature bring its code in.
   */
  own<T>(key: object, make: () => T, dispose?: (value: T) => void): T
}

interface Owned {
  value: unknown
  dispose: ((value: never) => void) | undefined
}

/** The nearest provider's client and helpers; null outside one (the devtools read it without throwing). */
export const StatusContext = createContext<StatusContextValue | null>(null)

/** Props of `<StatusProvider>`: give `tim` (an SDK instance) or a `client` made by `createStatusClient`. */
export type StatusProviderProps = {
  children?: ReactNode
  /** The app's QueryClient to reuse; one is created on first use when absent. Not put into React context. */
  queryClient?: QueryClient
  /** Read when the client is created (on mount, and when `tim` changes). */
  options?: StatusClientOptions
} & (
  | {
      /**
       * The SDK instance. `null` while there is none yet (on the server, before the app made it): the children
       * render as on the server (statuses unknown) and nothing is sent.
       */
      tim: TimLike | null
      client?: never
    }
  | { client: StatusClient; tim?: never }
)

/** A layout effect in the browser; on the server (where it never runs) a plain effect, which React does not warn about. */
const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect

/** An SDK stand-in for `tim={null}`: never started, so never called. */
function idleTim(): TimLike {
  const never = () => Promise.reject(new StatusError(RTS_ERROR.INVALID_ARGUMENT, 'no tim'))
  return {
    on() {},
    off() {},
    getUserStatus: never,
    subscribeUserStatus: never,
    unsubscribeUserStatus: never,
    setSelfStatus: never,
  }
}

/**
 * Makes the presence engine for one SDK instance and listens to the SDK while mounted. Unmounting it
 * removes every listener and releases every subscription it made; a new `tim` switches to a new engine.
 */
export function StatusProvider({ tim, client: given, queryClient, options, children }: StatusProviderProps) {
  const [kept] = useState<{ idle?: StatusClient }>(() => ({}))
  const idle = !given && tim === null
  // Creating a client is pure (it listens only from start()), so a render that React throws away leaks nothing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: options are read once per SDK instance, as documented.
  const client = useMemo(() => {
    if (given) return given
    if (tim === null) {
      kept.idle ??= createStatusClient(idleTim())
      return kept.idle
    }
    if (!tim) {
      throw new StatusError(
        RTS_ERROR.INVALID_ARGUMENT,
        process.env.NODE_ENV !== 'production'
          ? '<StatusProvider> needs a `tim` (SDK instance) or a `client` prop'
          : '<StatusProvider>: no tim',
      )
    }
    return createStatusClient(tim, options)
  }, [given, tim])

  // Started in a layout effect, before the children's passive effects retain anything: the engine finds out
  // whether the SDK is ready while the badges mount, not after the last of them.
  useIsomorphicLayoutEffect(() => (idle ? undefined : client.start()), [client, idle])

  // What features keep per provider goes with it (rows release their own retains).
  // biome-ignore lint/correctness/useExhaustiveDependencies: one map per client: a new SDK instance starts afresh.
  const owned = useMemo(() => new Map<object, Owned>(), [client])
  useEffect(
    () => () => {
      for (const { value, dispose } of owned.values()) dispose?.(value as never)
    },
    [owned],
  )
  const own = useCallback(
    <T,>(key: object, make: () => T, dispose?: (value: T) => void): T => {
      let slot = owned.get(key)
      if (!slot) {
        slot = { value: make(), dispose: dispose as Owned['dispose'] }
        owned.set(key, slot)
      }
      return slot.value as T
    },
    [owned],
  )

  const value = useMemo(() => ({ client, queryClient, own }), [client, queryClient, own])
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>
}

/** The context of the nearest `<StatusProvider>`; throws an error that names the hook and the provider. */
export function useStatusContext(hookName: string): StatusContextValue {
  const value = useContext(StatusContext)
  if (!value) {
    throw new StatusError(
      RTS_ERROR.INVALID_ARGUMENT,
      process.env.NODE_ENV !== 'production'
        ? `${hookName} must be used inside <StatusProvider>: wrap your app in <StatusProvider tim={tim}>`
        : `${hookName}: no <StatusProvider>`,
    )
  }
  return value
}

/** The engine of the nearest `<StatusProvider>`, for what the hooks do not cover. */
export function useStatusClient(): StatusClient {
  return useStatusContext('useStatusClient').client
}
