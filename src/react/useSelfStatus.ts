import { QueryClient, useMutation } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useStore } from 'zustand'
import type { StatusError } from '../core/errors'
import { type SetCustomStatusOptions, setCustomStatus } from '../core/statusExpiry'
import type { Readiness, UserStatus } from '../core/types'
import { useStatusContext } from './StatusProvider'

/** What `useSelfStatus` returns. */
export interface UseSelfStatusResult {
  /** The own status, kept live by events from this and every other device; undefined until logged in. */
  status: UserStatus | undefined
  /**
   * Sets the own custom status (at most 100 UTF-8 bytes, checked before any call). A failure shows in `error`;
   * the promise rejects for those who await it, and ignoring it is safe (never an unhandled rejection). With
   * `clearAfterMs`, the status is cleared on the server when that has passed, unless another one is set meanwhile
   * (the page must stay open; the timer survives a remount of the provider).
   */
  setCustomStatus(text: string, options?: SetCustomStatusOptions): Promise<UserStatus>
  /** Same as `setCustomStatus('')`. */
  clearCustomStatus(): Promise<UserStatus>
  /** A set or clear is in flight. */
  isUpdating: boolean
  /** The last set or clear failed (cleared by the next success). */
  error: StatusError | null
  /** `'ready'`, or why the own status cannot be set now: `'not-logged-in'`, `'logged-out'`, `'kicked-out'`, `'offline'`. */
  readiness: Readiness
}

/** The logged-in user's own status and the means to change its custom part. */
export function useSelfStatus(): UseSelfStatusResult {
  const { client, queryClient, own } = useStatusContext('useSelfStatus')
  const status = useStore(client.store, (state) => state.self)
  const readiness = useStore(client.store, (state) => state.readiness)
  const mutation = useMutation<UserStatus, StatusError, { text: string; options?: SetCustomStatusOptions }>(
    // gcTime 0: nothing of a finished mutation is kept, so no timer outlives an unmounted provider.
    {
      mutationFn: ({ text, options }) => setCustomStatus(client, text, options),
      retry: false,
      gcTime: 0,
    },
    // The app's QueryClient, or one of the provider's own: only an app that uses this hook loads react-query.
    queryClient ?? own(QueryClient, () => new QueryClient()),
  )
  const { mutateAsync } = mutation
  const set = useCallback(
    (text: string, options?: SetCustomStatusOptions) => handled(mutateAsync({ text, options })),
    [mutateAsync],
  )
  return {
    status,
    setCustomStatus: set,
    clearCustomStatus: () => set(''),
    isUpdating: mutation.isPending,
    error: mutation.error ?? null,
    readiness,
  }
}

/** Marks a promise as handled (the caller may ignore it; its failure shows in `error`) and returns it as is. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {})
  return promise
}
