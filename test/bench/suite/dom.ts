// Waiting on the DOM: a MutationObserver tells when badges change `data-status`, in the microtask right after the
// commit that changed them (no polling, the same cost for every approach).
// The global `performance` (node's, jsdom's or the browser's): every module of the suite reads the same clock.

/** Resolves in a later macrotask (setImmediate in node, a MessageChannel message in a browser). */
export const macrotask = () =>
  new Promise<void>((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve)
    else {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        channel.port1.close()
        resolve()
      }
      channel.port2.postMessage(null)
    }
  })

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

/**
 * In a browser every row is on screen: rows are 2 px cells, 200 to a line (20,000 rows take 200 px), so that what
 * is measured is the data layer, not scrolling (a badge asks only once it has been on screen; jsdom has no layout and
 * no IntersectionObserver, and there every badge counts as visible).
 */
const LAYOUTS = {
  list: `[data-bench-list] ul { display: flex; flex-wrap: wrap; width: 400px; margin: 0; padding: 0; list-style: none }
[data-bench-list] li { width: 2px; height: 2px; overflow: hidden }`,
  // First paint: the fixed corner of the viewport, badges as 8 px squares (a few lines of them), on screen whatever
  // else is.
  corner: `[data-bench-corner] { position: fixed; top: 8px; left: 8px; z-index: 1; background: #fff }
[data-bench-corner] ul { display: flex; flex-wrap: wrap; gap: 4px; width: 180px; margin: 0; padding: 0; list-style: none }
[data-bench-corner] li, [data-bench-corner] [data-rts-badge] { display: block; width: 8px; height: 8px }`,
}

/** A container attached to the document, laid out as `layout` says. */
export function freshContainer(layout: keyof typeof LAYOUTS = 'list'): HTMLDivElement {
  if (!document.querySelector(`style[data-bench-layout="${layout}"]`)) {
    const style = document.createElement('style')
    style.setAttribute('data-bench-layout', layout)
    style.textContent = LAYOUTS[layout]
    document.head.append(style)
  }
  const container = document.createElement('div')
  container.setAttribute(`data-bench-${layout}`, '')
  document.body.append(container)
  return container
}
