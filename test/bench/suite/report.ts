// Formatting for the suite's report: medians, numbers, and tables padded for a terminal.

/** The median of a list of numbers (the lower middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] as number
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2))
export const times = (ratio: number) => `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`
export const count = (value: number) => value.toLocaleString('en-US')

/**
 * A table: the first `left` columns aligned left, the rest right; a rule under the header. Rows may be a string
 * (a note across the table, indented under the first column).
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[] | string)[],
  left = 2,
): string[] {
  const cells = rows.filter((row): row is readonly string[] => typeof row !== 'string')
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((row) => (row[i] ?? '').length)),
  )
  const line = (row: readonly string[]) =>
    `  ${row
      .map((cell, i) => (i < left ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd()}`
  const rule = `  ${widths.map((width) => '─'.repeat(width)).join('  ')}`
  return [
    line(header),
    rule,
    ...rows.map((row) =>
      typeof row === 'string' ? `  ${' '.repeat((widths[0] as number) + 2)}${row}` : line(row),
    ),
  ]
}

/** `[met]` / `[MISSED]` and the figure against the target. */
export function verdict(met: boolean, what: string, figure: string): string {
  return `  ${met ? '[met]   ' : '[MISSED]'} ${what}: ${figure}`
}
