/**
 * What the big-list stories measure, shared by their panel and their play functions: which rows are on screen,
 * and what the server held over time.
 */
import { expect, waitFor } from 'storybook/test'
import type { BackendCall } from '../../src/testing'

/** The member list of a big-list story, once it is in the canvas, and the box that scrolls it. */
export async function findMemberList(canvasElement: HTMLElement, label: string, timeout: number) {
  const list = await waitFor(
    () => {
      const found = canvasElement.querySelector<HTMLElement>(`ul[aria-label="${label}"]`)
      expect(found).not.toBeNull()
      return found as HTMLElement
    },
    { timeout },
  )
  return { list, scroller: list.parentElement as HTMLElement }
}

/**
 * The row of `index` in a list whose rows carry `data-index` (and `data-user-id`, on the row or inside it): the list's child at that position
 * when every row is mounted (plain DOM, O(1)), else looked up among the few mounted ones (a virtualized list).
 */
export function rowAt(list: Element, index: number): HTMLElement | null {
  const direct = list.children.item(index)
  if (direct instanceof HTMLElement && direct.dataset.index === String(index)) return direct
  return list.querySelector<HTMLElement>(`:scope > [data-index="${index}"]`)
}

/** A row whose badge the page shows. */
export interface RowOnScreen {
  index: number
  userID: string
  badge: HTMLElement
}

/**
 * The rows whose badge the page shows now: the badge overlaps, by more than nothing, the part of the scrolling
 * box (the list's parent) that the window shows. That is what the provider's IntersectionObserver sees, except
 * that it also counts a badge that only touches an edge; so every row here must be live.
 */
export function rowsOnScreen(list: HTMLElement, rowHeight: number): RowOnScreen[] {
  const scroller = list.parentElement
  if (!scroller) return []
  const box = scroller.getBoundingClientRect()
  const top = Math.max(box.top + scroller.clientTop, 0)
  const bottom = Math.min(box.top + scroller.clientTop + scroller.clientHeight, window.innerHeight)
  const left = Math.max(box.left + scroller.clientLeft, 0)
  const right = Math.min(box.left + scroller.clientLeft + scroller.clientWidth, window.innerWidth)
  if (bottom <= top || right <= left) return []
  const listTop = list.getBoundingClientRect().top
  const first = Math.max(0, Math.floor((top - listTop) / rowHeight) - 1)
  const last = Math.ceil((bottom - listTop) / rowHeight) + 1
  const rows: RowOnScreen[] = []
  for (let index = first; index <= last; index++) {
    const row = rowAt(list, index)
    const badge = row?.querySelector<HTMLElement>('[data-rts-badge]')
    const userID = row?.dataset.userId ?? row?.querySelector<HTMLElement>('[data-user-id]')?.dataset.userId
    if (!badge || !userID) continue
    const rect = badge.getBoundingClientRect()
    if (rect.bottom > top && rect.top < bottom && rect.right > left && rect.left < right) {
      rows.push({ index, userID, badge })
    }
  }
  return rows
}

/** What one user's sessions held on the server: now, and the most at any moment so far. */
export interface HeldSubscriptions {
  now: number
  peak: number
}

/**
 * Replays the fake backend's log (every request as it arrived, refused ones marked) to follow how many
 * subscriptions `userID` held after each request; keeps its place, so each call reads only the new entries.
 */
export function createHeldCounter(userID: string): (log: readonly BackendCall[]) => HeldSubscriptions {
  const held = new Set<string>()
  let read = 0
  let peak = 0
  return (log) => {
    for (; read < log.length; read++) {
      const call = log[read] as BackendCall
      if (call.from !== userID || call.error) continue
      if (call.api === 'subscribeUserStatus') for (const id of call.userIDList ?? []) held.add(id)
      else if (call.api === 'unsubscribeUserStatus') {
        if (call.unsubscribeAll) held.clear()
        else for (const id of call.userIDList ?? []) held.delete(id)
      }
      peak = Math.max(peak, held.size)
    }
    return { now: held.size, peak }
  }
}
