import { useEffect, useState } from 'react'

/** Re-renders every `ms`: for views of the SDK's call log and the engine's budget, which notify nobody. */
export function useTicker(ms = 200): number {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), ms)
    return () => clearInterval(timer)
  }, [ms])
  return tick
}
