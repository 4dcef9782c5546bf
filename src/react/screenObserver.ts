import type { StatusClient } from '../core/statusClient'
import { createVisibilityTracker, type Sighting, type VisibilityTracker } from '../core/visibility'
import type { StatusContextValue } from './StatusProvider'

/**
 * What a provider knows of the screen: one `IntersectionObserver` for all its rows, made on first use (never on
 * the server), and the tracker that turns visibility into retains. Where `IntersectionObserver` is missing
 * (old browsers, jsdom), every row counts as visible.
 */
export interface View {
  readonly tracker: VisibilityTracker
  /** Watches `element` for `sighting`; returns the unwatch. */
  observe(element: Element, sighting: Sighting): () => void
  /** Stops watching every element (the provider unmounts); a later `observe` starts again. */
  disconnect(): void
}

const unwatchNothing = () => {}

export function createView(client: StatusClient): View {
  const canSee = typeof IntersectionObserver === 'function'
  const tracker = createVisibilityTracker(client, { alwaysVisible: !canSee })
  // An element may carry several rows (two hooks on one element): each is told.
  const sightings = new Map<Element, Set<Sighting>>()
  let observer: IntersectionObserver | null = null
  return {
    tracker,
    observe(element, sighting) {
      if (!canSee) return unwatchNothing
      observer ??= new IntersectionObserver((entries) => {
        // Rows that left first: a scroll's new rows are then judged with the ones they replace gone (askDelay).
        for (const on of [false, true]) {
          for (const entry of entries) {
            if (entry.isIntersecting !== on) continue
            for (const each of sightings.get(entry.target) ?? []) each.setVisible(on)
          }
        }
      })
      const watching = observer
      let rows = sightings.get(element)
      if (rows) {
        // Already watched: the observer tells only of changes, so the newcomer asks it to say again.
        watching.unobserve(element)
      } else {
        rows = new Set()
        sightings.set(element, rows)
      }
      rows.add(sighting)
      watching.observe(element)
      return () => {
        const current = sightings.get(element)
        if (!current?.delete(sighting) || current.size > 0) return
        sightings.delete(element)
        watching.unobserve(element)
      }
    },
    disconnect() {
      observer?.disconnect()
      observer = null
      sightings.clear()
    },
  }
}

/** The view of the nearest provider, made on first use and disconnected when the provider unmounts. */
export function viewOf(own: StatusContextValue['own'], client: StatusClient): View {
  return own(
    createView,
    () => createView(client),
    (view) => view.disconnect(),
  )
}
