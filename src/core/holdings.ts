/**
 * What one client holds of the engine: its starts, its retains and its waiting fetches, and how it lets go of them
 * (a provider that unmounts lets go of everything it asked for, and of nothing another client asked for).
 */
import type { Want } from './demand'
import type { Engine } from './engine'
import { RTS_ERROR, StatusError } from './errors'
import { dropWaiter, retain } from './requests'
import { attach } from './sdkEvents'
import type { Waiter } from './waiters'

function destroyedError(): StatusError {
  return new StatusError(
    RTS_ERROR.DESTROYED,
    process.env.NODE_ENV !== 'production'
      ? 'the status client was stopped before the answer came'
      : 'stopped',
  )
}

export class Holdings {
  readonly #engine: Engine
  readonly #releases = new Set<() => void>()
  /** The client's `fetch()` calls still waiting. */
  readonly waiters = new Set<Waiter>()
  #starts = 0
  #destroyed = false

  constructor(engine: Engine) {
    this.#engine = engine
  }

  /** Throws once the client is destroyed. */
  alive(): void {
    if (this.#destroyed) throw destroyedError()
  }

  /** Starts the client (the first start makes the engine listen); returns the stop. Starts may nest. */
  start(): () => void {
    this.alive()
    if (this.#starts++ === 0) {
      this.#engine.addUser(1)
      attach(this.#engine)
    }
    let stopped = false
    return () => {
      if (stopped) return
      stopped = true
      this.#stop()
    }
  }

  /** Retains for the client, so that its stop lets go. A destroyed client retains nothing. */
  retain(ids: readonly string[], want: Want): () => void {
    if (this.#destroyed) return () => {}
    const release = retain(this.#engine, ids, want)
    const tracked = () => {
      this.#releases.delete(tracked)
      release()
    }
    this.#releases.add(tracked)
    return tracked
  }

  destroy(): void {
    if (this.#destroyed) return
    if (this.#starts > 0) {
      this.#starts = 1
      this.#stop()
    } else this.#letGo()
    this.#destroyed = true
  }

  #letGo(): void {
    for (const release of [...this.#releases]) release()
    const error = destroyedError()
    for (const waiter of [...this.waiters]) {
      dropWaiter(this.#engine, waiter)
      waiter.reject(error)
    }
  }

  #stop(): void {
    // A stop after destroy() (which stopped already) counts nothing.
    if (this.#starts === 0 || --this.#starts > 0) return
    this.#letGo()
    this.#engine.addUser(-1)
    // The engine lets go of what the server holds within the budget, then stops listening (see `pass`).
    this.#engine.schedule()
  }
}
