import { describeCall } from './callStats'
import type { PlaygroundTim } from './createPlaygroundTim'
import { useTicker } from './useTicker'

/** The last status-API calls of an SDK instance, newest last, with their outcome. */
export function CallLog({
  tim,
  count = 8,
  label = 'Last SDK calls',
}: {
  tim: PlaygroundTim
  count?: number
  label?: string
}) {
  useTicker()
  const calls = tim.calls
  const offset = Math.max(0, calls.length - count)
  return (
    <div>
      <h3>{label}</h3>
      <ol className="pg-log" aria-label={label} start={offset + 1}>
        {calls.slice(offset).map((call, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows, so a position in it is an identity.
          <li key={offset + i}>{describeCall(call)}</li>
        ))}
        {calls.length === 0 ? <li className="pg-muted">none yet</li> : null}
      </ol>
    </div>
  )
}
