/**
 * How many sequences each property runs, and from which seed. Under `npm test` (no MODEL_RUNS): a fixed seed and
 * 2,000 sequences in all. Under `npm run test:model` (MODEL_RUNS=20000): a random seed, printed first, so that a
 * failure can be replayed with MODEL_SEED (and MODEL_PATH, which fast-check prints with the counterexample).
 */

const FIXED_SEED = 20_250_601
const BOUNDED_RUNS = 2000

const longRuns = Number(process.env.MODEL_RUNS ?? 0)

/** True under `npm run test:model`. */
export const LONG = longRuns > 0

/** The fast-check settings of one property, which takes `share` of all the sequences. */
export interface PropertySettings {
  seed: number
  numRuns: number
  path?: string
  /** vitest's timeout for the test that runs the property. */
  timeoutMs: number
}

function readSeed(): number {
  const given = process.env.MODEL_SEED
  if (given !== undefined && given !== '') return Number(given)
  if (!LONG) return FIXED_SEED
  return Math.floor(Math.random() * 2 ** 31)
}

/** Settings for the property `name`, which runs `share` (0-1) of the sequences; prints the seed in long runs. */
export function settingsFor(name: string, share: number): PropertySettings {
  const seed = readSeed()
  const total = LONG ? longRuns : BOUNDED_RUNS
  const numRuns = Math.max(1, Math.round(total * share))
  const path = process.env.MODEL_PATH || undefined
  if (LONG || process.env.MODEL_SEED) {
    console.log(
      `[model] ${name}: seed ${seed}, ${numRuns} runs (replay: MODEL_SEED=${seed} MODEL_RUNS=${total} ` +
        `npx vitest run --project model -t '${name}', adding MODEL_PATH=<path> from a failure)`,
    )
  }
  // Long runs may take many minutes; shrinking a failure takes more.
  const timeoutMs = LONG ? 6 * 60 * 60 * 1000 : 10 * 60 * 1000
  return { seed, numRuns, ...(path ? { path } : {}), timeoutMs }
}
