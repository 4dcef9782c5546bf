import type { StatusClient } from '../core/statusClient'
import type { StatusType } from '../core/types'

/**
 * The status type of each of some IDs (null while not known), followed with one status listener per ID: a change
 * costs O(1), and `onChange` hears only of IDs whose type changed (not of a custom status alone). What
 * `useOnlineCount` counts and `useSortedByStatus` sorts.
 */
export class StatusTypes {
  readonly client: StatusClient
  readonly ids: readonly string[]
  readonly #types = new Map<string, StatusType | null>()

  /** `server`: on the server and while hydrating, nothing is known. */
  constructor(client: StatusClient, ids: readonly string[], server = false) {
    this.client = client
    this.ids = ids
    for (const id of ids) this.#types.set(id, server ? null : this.#read(id))
  }

  typeOf(id: string): StatusType | null {
    return this.#types.get(id) ?? null
  }

  #read(id: string): StatusType | null {
    return this.client.getStatus(id)?.statusType ?? null
  }

  /**
   * Listens to the IDs, and catches up with what changed since the render (O(N), once): `onChange` hears of each ID
   * whose type changed, with the type before and after. Returns the unsubscribe.
   */
  listen(onChange: (id: string, before: StatusType | null, after: StatusType | null) => void): () => void {
    const check = (id: string) => {
      const before = this.typeOf(id)
      const after = this.#read(id)
      if (after === before) return
      this.#types.set(id, after)
      onChange(id, before, after)
    }
    const offs = this.ids.map((id) => this.client.subscribeStatus(id, () => check(id)))
    for (const id of this.ids) check(id)
    return () => {
      for (const off of offs) off()
    }
  }
}
