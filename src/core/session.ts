/**
 * The SDK's login and connection as the engine knows them: who is logged in, whether calls can be sent, and why
 * not. The one writer of readiness; `sdkEvents.ts` feeds it what the SDK says.
 */
import type { NetworkState, Readiness } from './types'

/** Why the session is not ready, when it is not logged in. */
export type EndReason = Exclude<Readiness, 'ready' | 'offline'>

export class Session {
  #reason: EndReason = 'not-logged-in'
  #loggedIn = false
  #userID: string | null = null
  #network: NetworkState = 'connected'
  #generation = 0
  #probe = 0

  /** `'ready'`, or why not. */
  get readiness(): Readiness {
    if (!this.#loggedIn) return this.#reason
    return this.#network === 'connected' ? 'ready' : 'offline'
  }

  get ready(): boolean {
    return this.#loggedIn && this.#network === 'connected'
  }

  /** Logged in (ready, or offline while logged in). */
  get loggedIn(): boolean {
    return this.#loggedIn
  }

  get userID(): string | null {
    return this.#userID
  }

  get network(): NetworkState {
    return this.#network
  }

  /** Bumped whenever a session begins or ends: answers of calls sent before are dropped. */
  get generation(): number {
    return this.#generation
  }

  /** Whether logged in as `me` already. */
  isLoggedInAs(me: string | null): boolean {
    return this.#loggedIn && this.#userID === me
  }

  /** Logged in as `me` (null: the user ID cannot be had). */
  begin(me: string | null): void {
    this.#generation++
    this.#loggedIn = true
    this.#userID = me
  }

  /** The session ended (logout, kick-out, destroy), or the SDK said it is not ready. */
  end(reason: EndReason): void {
    this.#generation++
    this.#probe++
    // The SDK says NOT_READY after KICKED_OUT: the first reason is the one that tells why.
    if (this.#loggedIn || this.#reason !== 'kicked-out') this.#reason = reason
    this.#loggedIn = false
    this.#userID = null
  }

  /** The connection changed. Returns true when that made a logged-in session ready again (a reconnect). */
  setNetwork(state: NetworkState): boolean {
    const wasOffline = this.readiness === 'offline'
    this.#network = state
    return wasOffline && this.ready
  }

  /** A look at readiness begins: only the newest one's answer counts (see `isNewest`). */
  probe(): number {
    return ++this.#probe
  }

  isNewest(probe: number): boolean {
    return probe === this.#probe
  }
}
