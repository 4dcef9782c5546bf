import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import dts from 'unplugin-dts/vite'
import { defineConfig } from 'vitest/config'
import pkg from './package.json' with { type: 'json' }

const root = dirname(fileURLToPath(import.meta.url))
const peers = Object.keys(pkg.peerDependencies)
// Peers and their subpaths (react/jsx-runtime, zustand/vanilla) stay external.
const isExternal = (id: string) => peers.some((name) => id === name || id.startsWith(`${name}/`))

export default defineConfig({
  build: {
    lib: {
      entry: {
        index: resolve(root, 'src/index.ts'),
        testing: resolve(root, 'src/testing/index.ts'),
      },
      formats: ['es', 'cjs'],
      fileName: (format, name) => `${name}.${format === 'es' ? 'js' : 'cjs'}`,
    },
    rollupOptions: { external: isExternal },
    sourcemap: true,
    minify: false,
  },
  plugins: [
    dts({
      tsconfigPath: resolve(root, 'tsconfig.build.json'),
      entryRoot: resolve(root, 'src'),
      bundleTypes: false,
    }),
  ],
  test: {
    globals: true,
    environment: 'node',
    include: ['test/**/*.test.{ts,tsx}'],
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      tsconfig: resolve(root, 'tsconfig.json'),
    },
    restoreMocks: true,
  },
})
