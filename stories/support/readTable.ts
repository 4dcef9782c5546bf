import { within } from 'storybook/test'

/**
 * Reads one figure of a table as a person does: the table by its caption, the row by its header, the column by
 * its header (the last cell when `column` is left out).
 */
export function readFigure(container: HTMLElement, caption: string | RegExp, row: string, column?: string) {
  const table = within(container).getByRole('table', { name: caption })
  const headers = within(table)
    .queryAllByRole('columnheader')
    .map((cell) => cell.textContent)
  const found = within(table)
    .getAllByRole('row')
    .find((tr) => tr.querySelector('th[scope="row"]')?.textContent === row)
  if (!found) throw new Error(`table "${String(caption)}" has no row "${row}"`)
  const cells = [...found.querySelectorAll('th, td')]
  const index = column === undefined ? cells.length - 1 : headers.indexOf(column)
  if (index < 0) throw new Error(`table "${String(caption)}" has no column "${column}"`)
  return cells[index]?.textContent ?? ''
}

/** `readFigure` as a number. */
export function readNumber(container: HTMLElement, caption: string | RegExp, row: string, column?: string) {
  return Number(readFigure(container, caption, row, column))
}
