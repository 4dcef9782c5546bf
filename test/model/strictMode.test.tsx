/**
 * StrictMode makes the same SDK calls: one sequence run with and without <StrictMode> (each on its own fake SDK)
 * gives the same multiset of calls (API and sorted IDs), and both runs keep every invariant. Faults stay on: the
 * same calls in the same order consume the same fault decisions, so they fail alike.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SdkCall } from '../../src/testing'
import { DEFAULT_LIMITS, scenarioArbitrary } from './model'
import { createReactDriver } from './reactDriver'
import { runScenario } from './runner'
import { settingsFor } from './settings'

const { timeoutMs, ...parameters } = settingsFor('strict mode makes the same calls', 0.05)

function callKeys(calls: readonly SdkCall[]): string[] {
  return calls
    .map(
      (call) => `${call.api}(${call.unsubscribeAll ? 'ALL' : [...(call.userIDList ?? [])].sort().join(',')})`,
    )
    .sort()
}

describe('model: StrictMode', () => {
  it(
    'strict mode makes the same calls',
    async () => {
      const scenarios = scenarioArbitrary({ withFaults: true, limits: [DEFAULT_LIMITS] })
      await fc.assert(
        fc.asyncProperty(scenarios, async (scenario) => {
          const plain = await runScenario({ ...scenario, strict: false }, createReactDriver)
          const strict = await runScenario({ ...scenario, strict: true }, createReactDriver)
          expect(callKeys(strict.tim.calls)).toEqual(callKeys(plain.tim.calls))
        }),
        parameters,
      )
    },
    timeoutMs,
  )
})
