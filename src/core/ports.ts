/**
 * What the engine is handed by the modules above it, so that it imports none of them: the pass and the own status.
 */
import type { CallWatch } from './family'
import type { ReadStatus } from './responses'
import type { UserStatus } from './types'

/** The own status (`selfStatus.ts`): asked by the SDK itself, set by `setSelfStatus`. */
export interface OwnStatusPort {
  /** Asks for it with the batch of this task. */
  fetch(): void
  /** Known since the last login. */
  isFresh(): boolean
  /** Writes it (an answer, a push, a set) into its entry and the store's `self`. */
  apply(status: ReadStatus, at: number): void
  set(customStatus: string): Promise<UserStatus>
  /** How many sets were sent: a set is the latest while this has not moved since it. */
  readonly sets: number
  /** Sees its calls; unset unless a call log is attached. */
  watch: CallWatch | null
}

/** What the engine is given by what sits above it (`registry.ts`): the pass to run, and the own status. */
export interface Shell {
  /** One pass (`pass.ts`). */
  pass(): void
  readonly ownStatus: OwnStatusPort
}
