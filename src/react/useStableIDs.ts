import { useMemo } from 'react'
import { validateUserIDs } from '../core/validate'

/**
 * Checks the IDs (throwing a clear error for bad input) and returns the same array for the same IDs, so that
 * an inline `['a', 'b']` does not re-register interest on every render.
 */
export function useStableIDs(userIDs: readonly string[], hookName: string): readonly string[] {
  const ids = validateUserIDs(userIDs, hookName)
  const key = ids.join('\u0000')
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the IDs.
  return useMemo(() => ids, [key])
}
