import type { CallLog, CallRecord } from '../core/callLog'
import { CODE_ADVICE, describeTime } from './guidance'
import { cellStyle, headingStyle, mutedStyle, tableStyle } from './styles'

function idCount(record: CallRecord): string {
  if (!record.ids) return 'all'
  return String(record.ids.length)
}

/** The last calls of the status APIs, newest first, with what to do about the codes that need something done. */
export function CallLogSection({ log }: { log: CallLog | undefined }) {
  const records = log ? [...log.records].reverse() : []
  return (
    <section aria-label="Calls">
      <table style={tableStyle}>
        <caption
          style={{ ...headingStyle, textAlign: 'left' }}
        >{`Last calls (${records.length}, newest first)`}</caption>
        <thead>
          <tr>
            {['time', 'family', 'IDs', 'outcome', 'code', 'what to do'].map((column) => (
              <th key={column} scope="col" style={cellStyle}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.sequence} data-outcome={record.outcome}>
              <td style={cellStyle}>{describeTime(record.sentAt)}</td>
              <td style={cellStyle}>{record.family}</td>
              <td style={cellStyle}>{idCount(record)}</td>
              <td style={cellStyle}>{record.outcome}</td>
              <td style={cellStyle} title={record.message || undefined}>
                {record.code ?? ''}
              </td>
              <td style={cellStyle}>
                {record.code === null ? '' : (CODE_ADVICE[record.code] ?? record.message)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {records.length === 0 ? (
        <p style={{ ...mutedStyle, margin: 0 }}>No calls since the devtools were mounted.</p>
      ) : null}
    </section>
  )
}
