import { PresenceBadge } from '../../src/react'

/** `data-status` by status number. */
export const STATE_OF: Record<number, string> = { 1: 'online', 2: 'offline', 3: 'unlogined' }

/** One badge per ID, each with the ID as its `data-testid`. */
export function Badges({ ids }: { ids: readonly string[] }) {
  return (
    <ul>
      {ids.map((id) => (
        <li key={id}>
          <PresenceBadge userID={id} data-testid={id} />
        </li>
      ))}
    </ul>
  )
}

/**
 * `data-status` of the badges of `ids` (every badge when absent), by the user ID in its `data-testid`. One pass over
 * the DOM: a getByTestId per badge would scan the whole document each time.
 */
export function shownStatuses(ids?: readonly string[]): Record<string, string | null> {
  const wanted = ids && new Set(ids)
  const shown: Record<string, string | null> = {}
  for (const badge of document.querySelectorAll('[data-rts-badge]')) {
    const id = badge.getAttribute('data-testid') ?? ''
    if (!wanted || wanted.has(id)) shown[id] = badge.getAttribute('data-status')
  }
  return shown
}
