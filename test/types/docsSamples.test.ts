// Every `ts` and `tsx` code block of README.md, CONTRIBUTING.md and docs/**/*.md compiles against the library's
// source (issue 10): the samples are whole modules that import what they use and declare the app's own values.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  docFiles,
  type Sample,
  samplesOf,
  type TypecheckResult,
  typecheckSamples,
  where,
} from '../docs/samples'

const files = docFiles()
const samples = samplesOf(files)
/** A sample that must not compile: the check itself is checked, and so is where it says the error is. */
const broken: Sample = {
  file: '(broken sample)',
  line: 10,
  lang: 'tsx',
  code: "import { useUserStatus } from 'react-tim-status'\n\nuseUserStatus('bob')\n",
}
let result: TypecheckResult

beforeAll(() => {
  result = typecheckSamples([...samples, broken])
}, 120_000)

describe('the code samples of the docs', () => {
  it('are found in the README and under docs/', () => {
    expect(files).toContain('README.md')
    expect(files).toContain('docs/api.md')
    for (const file of ['README.md', 'docs/api.md', 'docs/lists.md', 'docs/testing.md', 'docs/local-im.md']) {
      expect(samples.filter((sample) => sample.file === file).length, file).toBeGreaterThan(0)
    }
  })

  it('compile with no error outside the samples (options, declarations)', () => {
    expect(result.general).toEqual([])
  })

  it('fail the check when a sample does not compile, naming its file and line', () => {
    const errors = result.errors.get(broken) ?? []
    expect(errors.join('\n')).toMatch(/^\(broken sample\):12:\d+ TS2345: /)
  })

  it.each(samples.map((sample) => [where(sample), sample] as const))('%s', (_, sample) => {
    expect(result.errors.get(sample) ?? [], sample.code).toEqual([])
  })
})
