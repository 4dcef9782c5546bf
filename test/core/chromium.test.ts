// The browser the browser tests use is found, not assumed (issue 10).
import { afterEach, describe, expect, it, vi } from 'vitest'

const present = new Set<string>()
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  return {
    ...fs,
    accessSync: (path: string) => {
      if (!present.has(path)) throw new Error(`ENOENT: ${path}`)
    },
  }
})

const { findChromium, NO_BROWSER } = await import('../chromium.mjs')

afterEach(() => present.clear())

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first', () => {
    present.add('/usr/bin/chromium')
    expect(findChromium({ CHROMIUM_PATH: '/opt/my/chrome' })).toBe('/opt/my/chrome')
  })

  it("then Debian's chromium, Ubuntu's chromium-browser, Google Chrome", () => {
    present.add('/usr/bin/google-chrome')
    expect(findChromium({})).toBe('/usr/bin/google-chrome')
    present.add('/usr/bin/chromium-browser')
    expect(findChromium({})).toBe('/usr/bin/chromium-browser')
    present.add('/usr/bin/chromium')
    expect(findChromium({})).toBe('/usr/bin/chromium')
  })

  it('none found: undefined, and one line saying how to get one', () => {
    expect(findChromium({})).toBeUndefined()
    expect(NO_BROWSER).not.toContain('\n')
    expect(NO_BROWSER).toMatch(/CHROMIUM_PATH/)
    expect(NO_BROWSER).toMatch(/apt-get install -y chromium/)
    expect(NO_BROWSER).toMatch(/npx playwright install chromium/)
  })
})
