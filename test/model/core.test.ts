// @vitest-environment node
/**
 * The engine alone (createStatusClient + retain/release) against the fake SDK and its server, under faults,
 * logouts, kick-outs, network drops and two clients: the property that carries most of the sequences.
 */
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { createCoreDriver } from './coreDriver'
import { DEFAULT_LIMITS, SMALL_LIMITS, scenarioArbitrary } from './model'
import { runScenario } from './runner'
import { settingsFor } from './settings'

const { timeoutMs, ...parameters } = settingsFor('core engine converges', 0.8)

describe('model: the core engine', () => {
  it(
    'core engine converges',
    async () => {
      const scenarios = scenarioArbitrary({ withFaults: true, limits: [DEFAULT_LIMITS, SMALL_LIMITS] })
      await fc.assert(
        fc.asyncProperty(scenarios, async (scenario) => {
          await runScenario(scenario, createCoreDriver)
        }),
        parameters,
      )
    },
    timeoutMs,
  )
})
