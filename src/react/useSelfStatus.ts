import { useMutation } from '@tanstack/react-query'
import { useStore } from 'zustand'
import type { StatusError } from '../core/errors'
import type { Readiness, UserStatus } from '../core/types'
import { useStatusContext } from './StatusProvider'

/** What `useSelfStatus` returns. */
export interface UseSelfStatusResult {
  /** The own status, kept live by events from this and every other device; undefined until logged in. */
  status: UserStatus | undefined
  /** Sets the own custom status (at most 100 UTF-8 bytes, checked before any call). */
  setCustomStatus(text: string): Promise<UserStatus>
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
  const { client, queryClient } = useStatusContext('useSelfStatus')
  const status = useStore(client.store, (state) => state.self)
  const readiness = useStore(client.store, (state) => state.readiness)
  const mutation = useMutation<UserStatus, StatusError, string>(
    // gcTime 0: nothing of a finished mutation is kept, so no timer outlives an unmounted provider.
    { mutationFn: (text) => client.setSelfStatus(text), retry: false, gcTime: 0 },
    queryClient,
  )
  const { mutateAsync } = mutation
  return {
    status,
    setCustomStatus: mutateAsync,
    clearCustomStatus: () => mutateAsync(''),
    isUpdating: mutation.isPending,
    error: mutation.error ?? null,
    readiness,
  }
}
