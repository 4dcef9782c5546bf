/**
 * The `fetch()` callers waiting for answers: one promise per call, settled once every one of its IDs is answered,
 * or rejected when a call for one of them fails for good. The one writer of who waits for what.
 */
import type { StatusError } from './errors'

/** One `fetch()` call. */
export interface Waiter {
  readonly ids: readonly string[]
  remaining: number
  resolve(): void
  reject(error: StatusError): void
}

export class Waiters {
  readonly #byID = new Map<string, Waiter[]>()

  /** Someone waits for `id`. */
  has(id: string): boolean {
    return this.#byID.has(id)
  }

  /** How many `fetch()` calls wait for `id`. */
  count(id: string): number {
    return this.#byID.get(id)?.length ?? 0
  }

  /** Waits for `ids` (none of them twice); `owner` collects the waiter until it is settled. */
  add(ids: readonly string[], owner: Set<Waiter>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        ids,
        remaining: ids.length,
        resolve() {
          owner.delete(waiter)
          resolve()
        },
        reject(error) {
          owner.delete(waiter)
          reject(error)
        },
      }
      owner.add(waiter)
      for (const id of ids) {
        const list = this.#byID.get(id)
        if (list) list.push(waiter)
        else this.#byID.set(id, [waiter])
      }
    })
  }

  /**
   * `id` is answered (`error` undefined) or failed for good. Returns the other IDs whose waiters were rejected:
   * they no longer wait for them.
   */
  settle(id: string, error?: StatusError): string[] {
    const list = this.#byID.get(id)
    const released: string[] = []
    if (!list) return released
    this.#byID.delete(id)
    for (const waiter of list) {
      if (!error) {
        if (--waiter.remaining === 0) waiter.resolve()
        continue
      }
      released.push(...this.drop(waiter))
      waiter.reject(error)
    }
    return released
  }

  /** Lets go of a waiter; returns the IDs that no longer wait for it. */
  drop(waiter: Waiter): string[] {
    const released: string[] = []
    for (const id of waiter.ids) {
      const list = this.#byID.get(id)
      const index = list?.indexOf(waiter) ?? -1
      if (!list || index < 0) continue
      list.splice(index, 1)
      if (list.length === 0) this.#byID.delete(id)
      released.push(id)
    }
    return released
  }
}
