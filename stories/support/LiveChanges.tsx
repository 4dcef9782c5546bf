import { type RefObject, useEffect, useState } from 'react'
import { rowsOnScreen } from './bigList'
import type { PlaygroundBackend } from './createPlaygroundTim'
import { type Person, random, randomStatus } from './people'

/** Props of `LiveChanges`. */
export interface LiveChangesProps {
  backend: PlaygroundBackend
  people: readonly Person[]
  /** The list, to pick some of the rows on screen. */
  list: RefObject<HTMLElement | null>
  rowHeight: number
  enabled: boolean
}

/** Only the people at an even position change: a play function checks its own changes on odd positions. */
const evenOnly = (index: number) => index - (index % 2)

/**
 * Changes four statuses in the backend every 500 ms, as the users themselves would: two anywhere in the list and
 * two among the rows on screen (people at even positions only). Shows how many so far.
 */
export function LiveChanges({ backend, people, list, rowHeight, enabled }: LiveChangesProps) {
  const [changes, setChanges] = useState(0)
  useEffect(() => {
    if (!enabled) return
    const next = random(7)
    const timer = setInterval(() => {
      const onScreen = list.current ? rowsOnScreen(list.current, rowHeight) : []
      const picks = [Math.floor(next() * people.length), Math.floor(next() * people.length)]
      for (let i = 0; i < 2 && onScreen.length > 0; i++) {
        picks.push(onScreen[Math.floor(next() * onScreen.length)]?.index ?? 0)
      }
      for (const index of picks) {
        const person = people[evenOnly(index)]
        if (person) backend.setStatus(person.userID, randomStatus(next))
      }
      setChanges((n) => n + picks.length)
    }, 500)
    return () => clearInterval(timer)
  }, [enabled, backend, people, list, rowHeight])
  return (
    <span className="pg-muted">
      {enabled ? `Live: ${changes} status changes made in the backend so far` : 'Live changes off'}
    </span>
  )
}
