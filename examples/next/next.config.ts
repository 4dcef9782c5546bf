import type { NextConfig } from 'next'

const config: NextConfig = {
  // This folder is the app's root, though the library's repository around it has a lock file of its own.
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
}

export default config
