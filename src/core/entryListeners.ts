/** The listeners of each ID: most IDs have one (a badge's), kept without a set. */
export class EntryListeners {
  readonly #byID = new Map<string, (() => void) | Set<() => void>>()
  readonly #onEmpty: (userID: string) => void
  /** How many per-ID listeners were woken in total. */
  wakeCount = 0

  /** `onEmpty`: told when the last listener of an ID is gone. */
  constructor(onEmpty: (userID: string) => void) {
    this.#onEmpty = onEmpty
  }

  has(userID: string): boolean {
    return this.#byID.has(userID)
  }

  add(userID: string, listener: () => void): () => void {
    const byID = this.#byID
    const held = byID.get(userID)
    if (!held) byID.set(userID, listener)
    else if (typeof held === 'function') byID.set(userID, new Set([held, listener]))
    else held.add(listener)
    let on = true
    return () => {
      if (!on) return
      on = false
      const now = byID.get(userID)
      if (now === listener) byID.delete(userID)
      else if (typeof now === 'object') {
        now.delete(listener)
        if (now.size === 0) byID.delete(userID)
      }
      if (!byID.has(userID)) this.#onEmpty(userID)
    }
  }

  /** Wakes the listeners of the IDs a write changed. */
  wake(changed: ReadonlySet<string>): void {
    for (const id of changed) {
      const held = this.#byID.get(id)
      if (typeof held === 'function') {
        this.wakeCount++
        held()
      } else if (held) {
        // A copy: a listener subscribed by another one's call waits for the next write.
        for (const listener of [...held]) {
          this.wakeCount++
          listener()
        }
      }
    }
  }
}
