// The Chromium the story tests and the static-site test launch: found, never downloaded. Without the networking
// flags Chromium keeps trying to reach the outside, which CI machines refuse (see shared/toolchain.md).
//
// Looked for in order: CHROMIUM_PATH; Debian/Ubuntu chromium / chromium-browser; Google Chrome; the browser
// Playwright installed (npx playwright install chromium). `npm test` first runs this file (`node test/chromium.mjs`),
// which stops with one line on how to get a browser when none is found.
// Plain JavaScript so that Node runs it as is; types in chromium.d.mts.
import { accessSync, constants } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

function playwrightBrowser() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core')
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first browser found, or undefined. `CHROMIUM_PATH` is taken as given (a wrong one fails loudly at launch). */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH
  for (const path of [...SYSTEM_BROWSERS, playwrightBrowser()]) if (path && isExecutable(path)) return path
  return undefined
}

export const NO_BROWSER =
  'No Chromium for the browser tests: set CHROMIUM_PATH, or install one (Debian/Ubuntu as root: apt-get install -y chromium; elsewhere: npx playwright install chromium).'

export const CHROMIUM = {
  executablePath: findChromium(),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (CHROMIUM.executablePath === undefined) {
    console.error(NO_BROWSER)
    process.exit(1)
  }
  console.log(`browser tests: ${CHROMIUM.executablePath}`)
}
