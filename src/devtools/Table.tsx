import type { ReactNode } from 'react'
import { cellStyle, headingStyle, tableStyle } from './styles'

/** Props of `Table`. */
export interface TableProps {
  /** The table's name (its caption), as a reader and a test find it. */
  caption: string
  /** Headers of the columns, the row headers' first; none: a two-column table of figures. */
  columns?: readonly string[]
  /** One row per entry: its header, then its cells. */
  rows: readonly (readonly [string, ...ReactNode[]])[]
}

/** A table of figures: a caption, column headers, and rows that each start with their header. */
export function Table({ caption, columns, rows }: TableProps) {
  return (
    <table style={tableStyle}>
      <caption style={{ ...headingStyle, textAlign: 'left' }}>{caption}</caption>
      {columns ? (
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" style={cellStyle}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {rows.map(([header, ...cells]) => (
          <tr key={header}>
            <th scope="row" style={cellStyle}>
              {header}
            </th>
            {cells.map((cell, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed, so a position is an identity.
              <td key={index} style={cellStyle}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** IDs, comma-separated: the first `max` shown, the rest behind a disclosure; `–` for none. */
export function idList(ids: readonly string[], max = 30): ReactNode {
  if (ids.length === 0) return '–'
  const shown = ids.slice(0, max).join(', ')
  if (ids.length <= max) return shown
  return (
    <>
      {shown}
      <details>
        <summary>{`${ids.length - max} more`}</summary>
        {ids.slice(max).join(', ')}
      </details>
    </>
  )
}
