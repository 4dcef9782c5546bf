// Waiting on the DOM: a MutationObserver tells when badges change `data-status`, in the microtask right after the
// commit that changed them (no polling, the same cost for every approach).
import { performance } from 'node:perf_hooks'

export const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Resolves with `performance.now()` at the first moment every one of `n` badges under `container` shows a known
 * status (a `data-status` other than `unknown`); rejects after `timeoutMs`. Call it before rendering.
 */
export function allKnown(container: Element, n: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const known = new Set<Node>()
    const observer = new MutationObserver((records) => {
      const at = performance.now()
      for (const record of records) {
        if ((record.target as Element).getAttribute('data-status') !== 'unknown') known.add(record.target)
      }
      if (known.size < n) return
      clearTimeout(timer)
      observer.disconnect()
      resolve(at)
    })
    const timer = setTimeout(() => {
      observer.disconnect()
      reject(new Error(`only ${known.size} of ${n} badges showed a known status after ${timeoutMs} ms`))
    }, timeoutMs)
    observer.observe(container, { subtree: true, attributes: true, attributeFilter: ['data-status'] })
  })
}

/** Resolves with `performance.now()` when `element`'s `data-status` next changes. */
export function nextStatus(element: Element, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      const at = performance.now()
      clearTimeout(timer)
      observer.disconnect()
      resolve(at)
    })
    const timer = setTimeout(() => {
      observer.disconnect()
      reject(new Error(`the badge did not change within ${timeoutMs} ms`))
    }, timeoutMs)
    observer.observe(element, { attributes: true, attributeFilter: ['data-status'] })
  })
}

/** A container attached to the document. */
export function freshContainer(): HTMLDivElement {
  const container = document.createElement('div')
  document.body.append(container)
  return container
}
