/**
 * The React layer: badges and hooks mounted and unmounted under one or two providers on the same SDK instance,
 * providers mounted again, StrictMode on or off, with the same server, session, network and fault commands.
 */
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { DEFAULT_LIMITS, scenarioArbitrary } from './model'
import { createReactDriver } from './reactDriver'
import { runScenario } from './runner'
import { settingsFor } from './settings'

const { timeoutMs, ...parameters } = settingsFor('react views converge', 0.15)

describe('model: the React layer', () => {
  it(
    'react views converge',
    async () => {
      const scenarios = scenarioArbitrary({ withFaults: true, limits: [DEFAULT_LIMITS] })
      await fc.assert(
        fc.asyncProperty(scenarios, async (scenario) => {
          await runScenario(scenario, createReactDriver)
        }),
        parameters,
      )
    },
    timeoutMs,
  )
})
