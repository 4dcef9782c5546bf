import { vi } from 'vitest'
import { createStatusClient, type StatusClient, type StatusClientOptions } from '../src/core'
import { createFakeTim, type FakeTim, type FakeTimOptions } from '../src/testing'

/** Logs a fake SDK in on fake time (its answers come through timers) and lets SDK_READY fire. */
export async function login(tim: FakeTim, userID: string): Promise<void> {
  await waitFor(tim.login({ userID }), 2000)
}

/** Logs a fake SDK out on fake time. */
export async function logout(tim: FakeTim): Promise<void> {
  await waitFor(tim.logout(), 2000)
}

/** Waits for a promise whose answer comes through fake timers (moving time on by `ms`). */
export async function waitFor<T>(promise: Promise<T>, ms = 1000): Promise<T> {
  promise.catch(() => {})
  await vi.advanceTimersByTimeAsync(ms)
  return promise
}

/** IDs user0000, user0001, ... */
export function userIDs(count: number, prefix = 'user'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)
}

/** Lets promises and zero-delay work run without moving fake time forward. */
export async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0)
}

/** The calls of one API in the fake SDK's log. */
export function callsOf(tim: FakeTim, api: string) {
  return tim.calls.filter((call) => call.api === api)
}

/** Every ID the calls of `api` carried, in order. */
export function idsOf(tim: FakeTim, api: string): string[] {
  return callsOf(tim, api).flatMap((call) => call.userIDList ?? [])
}

/** The largest number of calls of one API that fall into any closed window of `perMs`. */
export function maxCallsInWindow(tim: FakeTim, api: string, perMs = 5000): number {
  const times = callsOf(tim, api).map((call) => call.at)
  let max = 0
  for (const start of times) max = Math.max(max, times.filter((t) => t >= start && t <= start + perMs).length)
  return max
}

/**
 * A fake SDK logged in as `me` and a started client on it, on fake time, with the call log cleared
 * (so tests count only what they cause).
 */
export async function startClient(
  fakeOptions: FakeTimOptions = {},
  clientOptions: StatusClientOptions = {},
  { loggedIn = true }: { loggedIn?: boolean } = {},
): Promise<{ tim: FakeTim; client: StatusClient; stop: () => void }> {
  vi.useFakeTimers()
  const tim = createFakeTim({ latencyMs: 20, ...fakeOptions })
  if (loggedIn) {
    await login(tim, 'me')
  }
  const client = createStatusClient(tim, clientOptions)
  const stop = client.start()
  await vi.advanceTimersByTimeAsync(2000)
  tim.clearCalls()
  tim.backend.clearLog()
  return { tim, client, stop }
}
