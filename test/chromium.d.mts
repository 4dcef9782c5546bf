/** The first Chromium found (CHROMIUM_PATH, system browsers, Playwright's), or undefined. */
export function findChromium(env?: Record<string, string | undefined>): string | undefined
/** One line on how to get a browser. */
export const NO_BROWSER: string
export const CHROMIUM: { executablePath: string | undefined; args: string[] }
