import { BatchQueue, type RetryOutcome } from './batchQueue'
import {
  failureToError,
  isNotReady,
  isPlanError,
  isRetryable,
  PLAN_RETRIES,
  planRetryDelay,
  type StatusError,
  toStatusError,
} from './errors'
import { createRateLimiter, type RateLimiter } from './rateLimiter'
import type { TimLike } from './sdk'
import { callSdk, readFailureResponse } from './sdkCall'
import type { StatusStore } from './statusStore'
import type { ResolvedOptions } from './types'

type State = 'pending' | 'inflight' | 'subscribed' | 'failed' | 'unsubscribing'

/** What the subscription manager needs from its client. */
export interface SubscriptionHost {
  tim: TimLike
  options: ResolvedOptions
  store: StatusStore
  isReady(): boolean
  ownUserID(): string | null
  generation(): number
  retryDelay(attempt: number): number
  /** A call failed because the SDK is not ready after all. */
  onNotReadyError(): void
  /** A whole call failed for good or for now: shown as the client's error. */
  reportError(api: string, error: StatusError | null): void
}

/**
 * Reference-counted subscriptions per user ID. The first user of an ID subscribes it; the last one to let go
 * starts a grace of `unsubscribeDelayMs`, and only if nobody took it back by then is it unsubscribed. Calls
 * carry at most `limits.subscribe` / `limits.unsubscribe` IDs and keep to the rate limit of their family.
 */
export class SubscriptionManager {
  private readonly counts = new Map<string, number>()
  private readonly states = new Map<string, State>()
  private readonly releasedAt = new Map<string, number>()
  private graceTimer: unknown = null
  private graceDue = Number.POSITIVE_INFINITY
  private subscribeAttempts = 0
  private unsubscribeAttempts = 0
  private planRetries = 0
  readonly subscribeLimiter: RateLimiter
  readonly unsubscribeLimiter: RateLimiter
  readonly subscribeQueue: BatchQueue
  readonly unsubscribeQueue: BatchQueue
  private readonly h: SubscriptionHost

  constructor(host: SubscriptionHost) {
    this.h = host
    const { options } = host
    const now = () => options.clock.now()
    this.subscribeLimiter = createRateLimiter(options.rateLimit, now)
    this.unsubscribeLimiter = createRateLimiter(options.rateLimit, now)
    this.subscribeQueue = new BatchQueue({
      chunkSize: () => options.limits.subscribe,
      limiter: this.subscribeLimiter,
      clock: options.clock,
      schedule: options.batchScheduleFn,
      isOpen: () => host.isReady(),
      isWanted: (id) => (this.counts.get(id) ?? 0) > 0 && id !== host.ownUserID(),
      send: (ids) => this.sendSubscribe(ids),
    })
    this.unsubscribeQueue = new BatchQueue({
      chunkSize: () => options.limits.unsubscribe,
      limiter: this.unsubscribeLimiter,
      clock: options.clock,
      schedule: options.batchScheduleFn,
      isOpen: () => host.isReady(),
      isWanted: (id) => !this.counts.has(id) && this.states.get(id) === 'unsubscribing',
      send: (ids) => this.sendUnsubscribe(ids),
    })
  }

  /** IDs subscribed now, as far as the backend said. */
  subscribedIDs(): string[] {
    const out: string[] = []
    for (const [id, state] of this.states) if (state === 'subscribed') out.push(id)
    return out
  }

  acquire(ids: readonly string[]): void {
    const toSend: string[] = []
    this.h.store.write((w) => {
      for (const id of ids) {
        const count = this.counts.get(id) ?? 0
        this.counts.set(id, count + 1)
        if (count > 0) continue
        if (id === this.h.ownUserID()) {
          // The API refuses one's own ID; own changes arrive anyway.
          w.entry(id, { subscription: 'subscribed' })
          continue
        }
        this.releasedAt.delete(id)
        const state = this.states.get(id)
        if (state === 'unsubscribing' && this.unsubscribeQueue.has(id)) {
          // Taken back before the unsubscribe went out: still subscribed, nothing to send.
          this.unsubscribeQueue.delete(id)
          this.states.set(id, 'subscribed')
          w.entry(id, { subscription: 'subscribed' })
        } else if (state === undefined) {
          this.states.set(id, 'pending')
          w.entry(id, { subscription: 'pending' })
          toSend.push(id)
        }
        // 'inflight' and 'subscribed' need nothing; 'failed' waits for a retry or the next login;
        // an unsubscribe in flight re-subscribes when it settles.
      }
    })
    if (toSend.length > 0) this.subscribeQueue.add(toSend)
  }

  release(ids: readonly string[]): void {
    const now = this.h.options.clock.now()
    this.h.store.write((w) => {
      for (const id of ids) {
        const count = this.counts.get(id)
        if (count === undefined) continue
        if (count > 1) {
          this.counts.set(id, count - 1)
          continue
        }
        this.counts.delete(id)
        const state = this.states.get(id)
        if (state === 'pending' || state === 'failed') {
          // Never subscribed in the backend: nothing to undo.
          this.subscribeQueue.delete(id)
          this.states.delete(id)
          w.entry(id, { subscription: 'none' })
        } else if (state === 'subscribed' || state === 'inflight') {
          this.releasedAt.set(id, now + this.h.options.unsubscribeDelayMs)
        }
      }
    })
    this.armGrace()
  }

  /** Subscribes again the IDs whose subscription failed (per ID or by a whole call), if still in use. */
  retryFailed(ids?: readonly string[]): void {
    const again: string[] = []
    this.h.store.write((w) => {
      for (const id of ids ?? [...this.states.keys()]) {
        if (this.states.get(id) !== 'failed' || !this.counts.has(id)) continue
        this.states.set(id, 'pending')
        w.entry(id, { subscription: 'pending', failure: null })
        again.push(id)
      }
    })
    if (again.length > 0) this.subscribeQueue.add(again)
  }

  /** After a (new) login: the backend kept nothing, so every ID in use is subscribed again. */
  onReady(ownUserID: string | null): void {
    this.planRetries = 0
    const again: string[] = []
    this.h.store.write((w) => {
      for (const id of this.counts.keys()) {
        if (id === ownUserID) {
          // The API refuses one's own ID; own changes arrive anyway.
          this.states.delete(id)
          this.subscribeQueue.delete(id)
          w.entry(id, { subscription: 'subscribed', failure: null })
          continue
        }
        this.states.set(id, 'pending')
        w.entry(id, { subscription: 'pending', failure: null })
        again.push(id)
      }
    })
    this.subscribeQueue.add(again)
    this.unsubscribeQueue.flush()
  }

  /** Logout, kick-out or not-ready: sending stops, and the backend drops every subscription. */
  onNotReady(): void {
    this.subscribeQueue.clear()
    this.unsubscribeQueue.clear()
    this.cancelGrace()
    this.releasedAt.clear()
    this.h.store.write((w) => {
      for (const id of this.states.keys()) {
        if (!this.counts.has(id)) w.entry(id, { subscription: 'none' })
        else w.entry(id, { subscription: 'pending' })
      }
    })
    this.states.clear()
  }

  /**
   * Lets go of everything at once (the provider unmounts): every ID subscribed now is unsubscribed without
   * the grace, in as few calls as the limits allow (one unsubscribe-all when there are more than one call's worth).
   */
  releaseAll(): void {
    const subscribed = [...this.states]
      .filter(
        ([id, s]) =>
          s === 'subscribed' || s === 'inflight' || (s === 'unsubscribing' && this.unsubscribeQueue.has(id)),
      )
      .map(([id]) => id)
    this.counts.clear()
    this.releasedAt.clear()
    this.cancelGrace()
    this.subscribeQueue.clear()
    this.unsubscribeQueue.clear()
    this.states.clear()
    this.h.store.write((w) => {
      for (const id of subscribed) w.entry(id, { subscription: 'none' })
    })
    if (subscribed.length === 0 || !this.h.isReady()) return
    const { tim } = this.h
    const ignore = () => {}
    if (subscribed.length > this.h.options.limits.unsubscribe) {
      this.unsubscribeLimiter.record()
      void callSdk('unsubscribeUserStatus', () => tim.unsubscribeUserStatus({ userIDList: undefined })).catch(
        ignore,
      )
    } else {
      this.unsubscribeLimiter.record()
      void callSdk('unsubscribeUserStatus', () =>
        tim.unsubscribeUserStatus({ userIDList: subscribed }),
      ).catch(ignore)
    }
  }

  dispose(): void {
    this.cancelGrace()
    this.subscribeQueue.clear()
    this.unsubscribeQueue.clear()
  }

  private cancelGrace(): void {
    if (this.graceTimer !== null) this.h.options.clock.clearTimeout(this.graceTimer)
    this.graceTimer = null
    this.graceDue = Number.POSITIVE_INFINITY
  }

  private armGrace(): void {
    let earliest = Number.POSITIVE_INFINITY
    for (const [id, at] of this.releasedAt)
      if (this.states.get(id) === 'subscribed' && at < earliest) earliest = at
    if (earliest === Number.POSITIVE_INFINITY || earliest >= this.graceDue) return
    this.cancelGrace()
    const { clock } = this.h.options
    this.graceDue = earliest
    this.graceTimer = clock.setTimeout(
      () => {
        this.graceTimer = null
        this.graceDue = Number.POSITIVE_INFINITY
        this.onGraceOver()
      },
      // Released IDs come due one by one (a scrolled list): waiting a moment past the first due time lets one
      // unsubscribe carry all that came due meanwhile. Later is allowed; earlier than the grace is not.
      Math.max(0, earliest - clock.now()) + Math.min(1000, this.h.options.unsubscribeDelayMs / 5),
    )
  }

  private onGraceOver(): void {
    const now = this.h.options.clock.now()
    const due: string[] = []
    for (const [id, at] of this.releasedAt) {
      if (at > now || this.states.get(id) !== 'subscribed') continue
      this.releasedAt.delete(id)
      if (this.counts.has(id)) continue
      due.push(id)
    }
    if (due.length > 0) {
      this.h.store.write((w) => {
        for (const id of due) {
          this.states.set(id, 'unsubscribing')
          w.entry(id, { subscription: 'none' })
        }
      })
      const stillSubscribed = [...this.states.values()].some((s) => s !== 'unsubscribing')
      if (!stillSubscribed && due.length > this.h.options.limits.unsubscribe && this.h.isReady()) {
        this.unsubscribeAll(due)
      } else {
        this.unsubscribeQueue.add(due)
      }
    }
    this.armGrace()
  }

  /** Everything is released and it would take several calls: one unsubscribe-all does it. */
  private unsubscribeAll(ids: string[]): void {
    const limiter = this.unsubscribeLimiter
    const wait = limiter.delay()
    if (wait > 0) {
      // Over budget right now: the queue waits for the window like any other call.
      this.unsubscribeQueue.add(ids)
      return
    }
    limiter.record()
    const gen = this.h.generation()
    void callSdk('unsubscribeUserStatus', () =>
      this.h.tim.unsubscribeUserStatus({ userIDList: undefined }),
    ).then(
      () => this.afterUnsubscribe(ids, gen),
      (error: StatusError) => {
        if (gen !== this.h.generation()) return
        if (isRetryable(error)) {
          limiter.pause(this.h.retryDelay(++this.unsubscribeAttempts))
          this.afterUnsubscribe(
            ids.filter((id) => this.counts.has(id)),
            gen,
          )
          this.unsubscribeQueue.add(ids.filter((id) => !this.counts.has(id)))
        } else this.afterUnsubscribe(ids, gen)
      },
    )
  }

  private afterUnsubscribe(ids: readonly string[], gen: number): void {
    if (gen !== this.h.generation()) return
    this.unsubscribeAttempts = 0
    const again: string[] = []
    for (const id of ids) {
      if (this.states.get(id) !== 'unsubscribing') continue
      if (this.counts.has(id)) {
        // Taken back while the unsubscribe was in flight: subscribe again.
        this.states.set(id, 'pending')
        again.push(id)
      } else this.states.delete(id)
    }
    if (again.length > 0) {
      this.h.store.write((w) => {
        for (const id of again) w.entry(id, { subscription: 'pending' })
      })
      this.subscribeQueue.add(again)
    }
  }

  private async sendSubscribe(ids: string[]): Promise<RetryOutcome | undefined> {
    const gen = this.h.generation()
    for (const id of ids) this.states.set(id, 'inflight')
    try {
      const response = await callSdk('subscribeUserStatus', () =>
        this.h.tim.subscribeUserStatus({ userIDList: ids }),
      )
      if (gen !== this.h.generation()) return undefined
      this.subscribeAttempts = 0
      this.planRetries = 0
      const failures = new Map(readFailureResponse(response).map((f) => [f.userID, f]))
      this.h.store.write((w) => {
        for (const id of ids) {
          if (this.states.get(id) !== 'inflight') continue
          const failure = failures.get(id)
          if (failure && !this.counts.has(id)) {
            // Released while in flight, and not subscribed after all: nothing is left of it.
            this.states.delete(id)
            this.releasedAt.delete(id)
            w.entry(id, { subscription: 'none', failure: failureToError(failure), error: null })
          } else if (failure) {
            this.states.set(id, 'failed')
            w.entry(id, { subscription: 'failed', failure: failureToError(failure), error: null })
          } else {
            this.states.set(id, 'subscribed')
            w.entry(id, { subscription: 'subscribed', failure: null, error: null })
          }
        }
      })
      this.h.reportError('subscribeUserStatus', null)
      this.armGrace()
      return undefined
    } catch (caught) {
      if (gen !== this.h.generation()) return undefined
      const error = toStatusError(caught, 'subscribeUserStatus')
      if (isNotReady(error)) {
        for (const id of ids) this.states.set(id, 'pending')
        this.subscribeQueue.add(ids.filter((id) => this.counts.has(id)))
        this.h.onNotReadyError()
        return undefined
      }
      if (isRetryable(error)) {
        const attempt = ++this.subscribeAttempts
        const retry: string[] = []
        this.h.store.write((w) => {
          for (const id of ids) {
            if (!this.counts.has(id)) {
              this.states.delete(id)
              this.releasedAt.delete(id)
              w.entry(id, { subscription: 'none' })
              continue
            }
            this.states.set(id, 'pending')
            retry.push(id)
            if (attempt >= this.h.options.retriesBeforeError) w.entry(id, { error })
          }
        })
        if (attempt >= this.h.options.retriesBeforeError) this.h.reportError('subscribeUserStatus', error)
        return { retry, retryAfterMs: this.h.retryDelay(attempt) }
      }
      this.h.store.write((w) => {
        for (const id of ids) {
          if (!this.counts.has(id)) {
            this.states.delete(id)
            this.releasedAt.delete(id)
            w.entry(id, { subscription: 'none' })
            continue
          }
          this.states.set(id, 'failed')
          w.entry(id, { subscription: 'failed', error })
        }
      })
      this.h.reportError('subscribeUserStatus', error)
      if (isPlanError(error) && this.planRetries < PLAN_RETRIES) {
        // The SDK may not have loaded the plan yet (see PLAN_RETRIES): ask again, shown as failed meanwhile.
        this.planRetries++
        return {
          retry: ids.filter((id) => this.counts.has(id)),
          retryAfterMs: planRetryDelay(this.planRetries, this.h.retryDelay),
          wait: 'ids',
        }
      }
      return undefined
    }
  }

  private async sendUnsubscribe(ids: string[]): Promise<RetryOutcome | undefined> {
    const gen = this.h.generation()
    try {
      await callSdk('unsubscribeUserStatus', () => this.h.tim.unsubscribeUserStatus({ userIDList: ids }))
      this.afterUnsubscribe(ids, gen)
      return undefined
    } catch (caught) {
      if (gen !== this.h.generation()) return undefined
      const error = toStatusError(caught, 'unsubscribeUserStatus')
      if (isRetryable(error)) {
        // IDs taken back meanwhile are wanted subscribed again: settle them now (a subscribe is harmless if the
        // failed unsubscribe left them subscribed); only the others are unsubscribed again.
        this.afterUnsubscribe(
          ids.filter((id) => this.counts.has(id)),
          gen,
        )
        const retry = ids.filter((id) => !this.counts.has(id))
        return { retry, retryAfterMs: this.h.retryDelay(++this.unsubscribeAttempts) }
      }
      if (isNotReady(error)) this.h.onNotReadyError()
      // Anything else (3122, 72001): the backend holds nothing we can undo.
      this.afterUnsubscribe(ids, gen)
      return undefined
    }
  }
}
