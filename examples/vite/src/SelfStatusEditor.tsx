import { type FormEvent, useState } from 'react'
import { useSelfStatus } from 'react-tim-status'

const HOUR = 60 * 60 * 1000

/** The signed-in user's custom status: set it (optionally for an hour), or clear it. */
export function SelfStatusEditor() {
  const { status, readiness, setCustomStatus, clearCustomStatus, isUpdating, error } = useSelfStatus()
  const [text, setText] = useState('')
  const [forAnHour, setForAnHour] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    // A failure shows in `error`; the promise may be ignored.
    setCustomStatus(text, forAnHour ? { clearAfterMs: HOUR } : undefined)
  }
  return (
    <form className="self-status" onSubmit={submit}>
      <p>
        My status:{' '}
        <strong data-testid="my-status">
          {readiness === 'ready' ? status?.customStatus || 'No status' : 'Connecting…'}
        </strong>
      </p>
      <input
        aria-label="Custom status"
        value={text}
        maxLength={100}
        placeholder="In a meeting"
        onChange={(event) => setText(event.target.value)}
      />
      <label>
        <input type="checkbox" checked={forAnHour} onChange={(event) => setForAnHour(event.target.checked)} />
        Clear after an hour
      </label>
      <button type="submit" disabled={isUpdating || readiness !== 'ready'}>
        Set
      </button>
      <button
        type="button"
        disabled={isUpdating || readiness !== 'ready'}
        onClick={() => clearCustomStatus()}
      >
        Clear
      </button>
      {error && <p role="alert">{error.message}</p>}
    </form>
  )
}
