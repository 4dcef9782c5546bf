import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react'

/** Which rows are mounted: `start` included, `end` excluded. */
export interface RowRange {
  start: number
  end: number
}

/** Props of `VirtualList`. */
export interface VirtualListProps<T> {
  items: readonly T[]
  /** Every row has this height, in px. */
  rowHeight: number
  /** Height of the scrolling box, in px. */
  height: number
  /** Rows mounted beyond each edge of the visible part. Default 5. */
  overscan?: number
  getKey(item: T): string
  renderRow(item: T, index: number): ReactNode
  /** Called after each commit that mounted another range of rows. */
  onRangeChange?(range: RowRange): void
  /** Set to the `<ul>`; its rows carry `data-index`. */
  listRef?: RefObject<HTMLUListElement | null>
  'aria-label': string
}

/** The rows to mount for a scroll position. */
export function rowRange(
  count: number,
  scrollTop: number,
  height: number,
  rowHeight: number,
  overscan: number,
) {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan)
  return { start, end }
}

/**
 * A minimal windowed list: only the rows in view (plus `overscan`) are mounted, each absolutely placed in a list
 * as tall as the whole list, inside a scrolling box. Enough for fixed-height rows; a real app may prefer a library.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  height,
  overscan = 5,
  getKey,
  renderRow,
  onRangeChange,
  listRef,
  'aria-label': label,
}: VirtualListProps<T>) {
  const [scrollTop, setScrollTop] = useState(0)
  const { start, end } = rowRange(items.length, scrollTop, height, rowHeight, overscan)

  const onRangeChangeRef = useRef(onRangeChange)
  onRangeChangeRef.current = onRangeChange
  useEffect(() => {
    onRangeChangeRef.current?.({ start, end })
  }, [start, end])

  const rows: ReactNode[] = []
  for (let index = start; index < end; index++) {
    const item = items[index] as T
    rows.push(
      <li
        key={getKey(item)}
        data-index={index}
        aria-setsize={items.length}
        aria-posinset={index + 1}
        style={{ position: 'absolute', top: index * rowHeight, height: rowHeight, left: 0, right: 0 }}
      >
        {renderRow(item, index)}
      </li>,
    )
  }

  return (
    <div
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be focusable, or the keyboard cannot scroll it.
      tabIndex={0}
      className="pg-list"
      style={{ height, overflowY: 'auto', position: 'relative' }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <ul
        ref={listRef}
        aria-label={label}
        style={{
          height: items.length * rowHeight,
          position: 'relative',
          margin: 0,
          padding: 0,
          listStyle: 'none',
        }}
      >
        {rows}
      </ul>
    </div>
  )
}
