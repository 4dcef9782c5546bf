import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, type ReactNode, type RefObject, useRef } from 'react'
import { PresenceBadge } from '../../src'
import type { Person } from './people'

/** Props of both member lists. */
export interface MemberListProps {
  people: readonly Person[]
  /** Every row has this height, in px. */
  rowHeight: number
  /** Height of the scrolling box, in px. */
  height: number
  /** Set to the `<ul>`: its parent scrolls, its rows carry `data-index` and `data-user-id`. */
  listRef: RefObject<HTMLUListElement | null>
  'aria-label': string
}

/** One row: a badge (`subscribe` left at its default, 'visible') and a name. */
const MemberRow = memo(function MemberRow({
  person,
  index,
  rowHeight,
  top,
}: {
  person: Person
  index: number
  rowHeight: number
  /** Set in a virtualized list (rows absolutely placed). */
  top?: number
}) {
  return (
    <li
      className="pg-contact"
      data-index={index}
      data-user-id={person.userID}
      aria-posinset={index + 1}
      style={
        top === undefined
          ? { height: rowHeight }
          : { position: 'absolute', top, left: 0, right: 0, height: rowHeight }
      }
    >
      <PresenceBadge userID={person.userID} />
      <span className="pg-contact-name">{person.name}</span>
      <span className="pg-contact-id">{person.userID}</span>
    </li>
  )
})

/** The scrolling box of both lists. */
function Scroller({
  height,
  scrollRef,
  children,
}: {
  height: number
  scrollRef?: RefObject<HTMLDivElement | null>
  children: ReactNode
}) {
  return (
    <div
      ref={scrollRef}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be focusable, or the keyboard cannot scroll it.
      tabIndex={0}
      className="pg-list"
      style={{ height, overflowY: 'auto', position: 'relative' }}
    >
      {children}
    </div>
  )
}

const listStyle = { margin: 0, padding: 0, listStyle: 'none' } as const

/**
 * Every row in the DOM, no windowing: 20,000 rows are 20,000 `<li>` with a badge each. Each badge asks for
 * nothing until it has been on screen for a moment, so only what the box shows is fetched and subscribed.
 */
export const PlainMemberList = memo(function PlainMemberList({
  people,
  rowHeight,
  height,
  listRef,
  'aria-label': label,
}: MemberListProps) {
  return (
    <Scroller height={height}>
      <ul ref={listRef} aria-label={label} style={listStyle}>
        {people.map((person, index) => (
          <MemberRow key={person.userID} person={person} index={index} rowHeight={rowHeight} />
        ))}
      </ul>
    </Scroller>
  )
})

/** The same rows through `@tanstack/react-virtual`: only the rows in view plus `overscan` are mounted. */
export function VirtualMemberList({
  people,
  rowHeight,
  height,
  listRef,
  overscan = 5,
  'aria-label': label,
}: MemberListProps & { overscan?: number }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: people.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
  })
  return (
    <Scroller height={height} scrollRef={scrollRef}>
      <ul
        ref={listRef}
        aria-label={label}
        style={{ ...listStyle, height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const person = people[item.index] as Person
          return (
            <MemberRow
              key={person.userID}
              person={person}
              index={item.index}
              rowHeight={rowHeight}
              top={item.start}
            />
          )
        })}
      </ul>
    </Scroller>
  )
}
