import type { StatusError } from './errors'
import type { StatusStore } from './statusStore'

/**
 * The whole-call failure shown as the store's `error`, and which API's failure it is: the next success of that API
 * clears it. The one writer of the store's `error`.
 */
export class ShownError {
  readonly #store: StatusStore
  #api: string | null = null

  constructor(store: StatusStore) {
    this.#store = store
  }

  show(api: string, error: StatusError): void {
    this.#api = api
    this.#store.write((writer) => writer.global({ error }))
  }

  /** A success of `api` clears the failure it caused. */
  clear(api: string): void {
    if (this.#api === api) this.reset()
  }

  /** A new session: nothing is shown. */
  reset(): void {
    this.#api = null
    this.#store.write((writer) => writer.global({ error: null }))
  }
}
