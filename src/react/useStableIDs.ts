import { useRef } from 'react'
import { validateUserIDs } from '../core/validate'

/**
 * Checks the IDs (throwing a clear error for bad input) and returns the same array for the same IDs, so that
 * an inline `['a', 'b']` does not re-register interest on every render. The same array as the last render is
 * not looked at again (O(1)): change IDs by passing a new array, never by mutating the one passed.
 */
export function useStableIDs(userIDs: readonly string[], hookName: string): readonly string[] {
  const held = useRef<{ input: readonly string[]; ids: readonly string[]; key: string }>(null)
  const last = held.current
  if (last?.input === userIDs) return last.ids
  const ids = validateUserIDs(userIDs, hookName)
  const key = ids.join('\u0000')
  if (last?.key === key) {
    last.input = userIDs
    return last.ids
  }
  held.current = { input: userIDs, ids, key }
  return ids
}
