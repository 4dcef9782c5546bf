/**
 * An extra check, after the public ones: what the engine believes the server holds, read through the inspection API
 * (`inspectEngine().server`, four states: subscribing, present, unsubscribing, unknown). It is tied to this engine's
 * picture, so it never decides alone whether the engine works (`invariants.ts` does, from the fake server and the
 * views); and it never skips: without an inspection it fails, so that a redesign that drops or reshapes it changes
 * this file knowingly.
 */
import { expect } from 'vitest'
import { type EngineInspection, inspectEngine } from '../../src/testing'
import { ME } from './model'
import type { World } from './world'

const sorted = (ids: Iterable<string>) => [...ids].sort()

/** The engine's picture of the server; fails when the fake SDK has no engine to inspect. */
function serverBelief(world: World): EngineInspection['server'] {
  const inspection = inspectEngine(world.tim)
  if (!inspection)
    throw new Error('inspectEngine(tim) found no engine: the belief check needs the inspection API')
  const { server } = inspection
  for (const state of ['present', 'subscribing', 'unsubscribing', 'unknown'] as const) {
    if (!Array.isArray(server[state]))
      throw new Error(`inspectEngine(tim).server.${state} is not a list of IDs`)
  }
  return server
}

/** At any time, what the engine believes brackets what the server holds: present ⊆ server ⊆ not absent. */
export function checkBelief(world: World): void {
  const server = world.tim.backend.subscriptionsOf(ME)
  const { present, subscribing, unsubscribing, unknown } = serverBelief(world)
  const believed = new Set([...present, ...subscribing, ...unsubscribing, ...unknown])
  expect(
    server.filter((id) => !believed.has(id)),
    'held by the server, believed absent',
  ).toEqual([])
  expect(
    present.filter((id) => !server.includes(id)),
    'believed present, not held by the server',
  ).toEqual([])
}

/** Once converged: the engine believes exactly what the server holds, with nothing in flight or unknown. */
export function checkBeliefSettled(world: World): void {
  const { present, subscribing, unsubscribing, unknown } = serverBelief(world)
  expect(sorted(present), 'believed present = server').toEqual(sorted(world.tim.backend.subscriptionsOf(ME)))
  expect({ subscribing, unsubscribing, unknown }, 'nothing in flight or unknown').toEqual({
    subscribing: [],
    unsubscribing: [],
    unknown: [],
  })
}
