import { useRef } from 'react'
import { validateUserIDs } from '../core/validate'

/**
 * Checks the IDs (throwing a clear error for bad input) and returns the same array for the same IDs, so that
 * an inline `['a', 'b']` does not re-register interest on every render. The same array as the last render is
 * not looked at again (O(1)): change IDs by passing a new array, never by mutating the one passed.
 */
export function useStableIDs(userIDs: readonly string[], hookName: string): readonly string[] {
  // The array passed last, the IDs returned, their key.
  const held = useRef<[readonly string[], readonly string[], string]>(null)
  let last = held.current
  if (last === null || last[0] !== userIDs) {
    const ids = validateUserIDs(userIDs, hookName)
    const key = ids.join('\u0000')
    last = [userIDs, last?.[2] === key ? last[1] : ids, key]
    held.current = last
  }
  return last[1]
}
