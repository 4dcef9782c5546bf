/**
 * Debian's Chromium, as the story tests and the static-site test launch it. Without the networking flags
 * Chromium keeps trying to reach the outside, which this machine refuses (see shared/toolchain.md).
 */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
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
