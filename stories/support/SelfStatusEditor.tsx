import { type FormEvent, useId, useState } from 'react'
import { MAX_CUSTOM_STATUS_BYTES, PresenceBadge, useSelfStatus, utf8ByteLength } from '../../src'

/**
 * An editor on `useSelfStatus`: the own status now, a text field with its size in UTF-8 bytes (the limit is
 * 100 bytes, not characters: 开 is 3 bytes), Set and Clear, and the error of the last attempt.
 */
export function SelfStatusEditor() {
  const { status, setCustomStatus, clearCustomStatus, isUpdating, error } = useSelfStatus()
  const [draft, setDraft] = useState('')
  const inputId = useId()
  const bytes = utf8ByteLength(draft)
  const over = bytes > MAX_CUSTOM_STATUS_BYTES

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    // The hook keeps the error for display; the rejection itself needs no handling here.
    setCustomStatus(draft).catch(() => {})
  }

  return (
    <div className="pg-stack">
      <div className="pg-row">
        <span>Now:</span>
        {status ? (
          <>
            <PresenceBadge userID={status.userID} />
            <strong>{status.userID}</strong>
            <span>{`Custom status now: ${status.customStatus ? `“${status.customStatus}”` : 'none'}`}</span>
          </>
        ) : (
          <span className="pg-muted">not logged in</span>
        )}
      </div>
      <form className="pg-stack" onSubmit={onSubmit}>
        <label htmlFor={inputId}>Custom status</label>
        <div className="pg-row">
          <input
            id={inputId}
            type="text"
            value={draft}
            placeholder="What are you up to?"
            onChange={(event) => setDraft(event.target.value)}
          />
          <span
            className={over ? 'pg-over' : 'pg-muted'}
          >{`${bytes} / ${MAX_CUSTOM_STATUS_BYTES} bytes`}</span>
        </div>
        <div className="pg-row">
          <button type="submit" disabled={isUpdating}>
            Set
          </button>
          <button type="button" disabled={isUpdating} onClick={() => clearCustomStatus().catch(() => {})}>
            Clear
          </button>
          {isUpdating ? <span className="pg-muted">Saving…</span> : null}
        </div>
      </form>
      {error ? (
        <p role="alert" className="pg-alert">
          {`Error ${error.code}: ${error.message}`}
        </p>
      ) : null}
    </div>
  )
}
