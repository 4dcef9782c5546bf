import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { playwright } from '@vitest/browser-playwright'
import dts from 'unplugin-dts/vite'
import { defineConfig } from 'vitest/config'
import pkg from './package.json' with { type: 'json' }
import { CHROMIUM } from './test/chromium.mjs'

const root = dirname(fileURLToPath(import.meta.url))
/** React 18 (test/react18, an npm workspace) in place of React 19, for the `react-18` and `integration-18` projects. */
const REACT_18_MODULES = resolve(root, 'test/react18/node_modules')
const REACT_18 = [
  // Its CommonJS main would be loaded by Node as is (and find React 19): the ES build goes through the aliases.
  {
    find: /^@testing-library\/react$/,
    replacement: resolve(root, 'node_modules/@testing-library/react/dist/@testing-library/react.esm.js'),
  },
  { find: /^react-dom(\/.*)?$/, replacement: `${REACT_18_MODULES}/react-dom$1` },
  { find: /^react(\/.*)?$/, replacement: `${REACT_18_MODULES}/react$1` },
]
/** Libraries that import react: inlined in those projects, so that the aliases apply to them too. */
const REACT_USERS = ['@testing-library/react', '@tanstack/react-query', 'zustand', '@tanstack/react-virtual']
const SDK_LOG = /^\s*(TIM|Chat)\s+\d\d:\d\d:\d\d/
const peers = Object.keys(pkg.peerDependencies)
// Peers and their subpaths (react/jsx-runtime, zustand/vanilla) stay external.
const isExternal = (id: string) => peers.some((name) => id === name || id.startsWith(`${name}/`))

export default defineConfig({
  build: {
    lib: {
      entry: {
        index: resolve(root, 'src/index.ts'),
        // The engine without React (vanilla use, other frameworks): imports neither react nor @tanstack/react-query.
        core: resolve(root, 'src/core/index.ts'),
        testing: resolve(root, 'src/testing/index.ts'),
        // <StatusDevtools />: keeps its 'use client' like the main entry; shares the engine's chunks with it.
        devtools: resolve(root, 'src/devtools/index.ts'),
        // The devtools in every build (react-tim-status/devtools is nothing in production).
        'devtools-production': resolve(root, 'src/devtools/production.ts'),
      },
      formats: ['es', 'cjs'],
      fileName: (format, name) => `${name}.${format === 'es' ? 'js' : 'cjs'}`,
    },
    // The main entry keeps src/index.ts's 'use client' (hooks and components) for Server Components bundlers.
    rollupOptions: {
      external: isExternal,
      // One file per source module: an app's bundler drops the modules it does not use (sideEffects: false), so a
      // feature reaches an app only through the hook that uses it.
      output: { preserveModules: true, preserveModulesRoot: 'src' },
      onwarn(warning, warn) {
        // Rolldown keeps an entry's directive; it warns all the same.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
    },
    sourcemap: true,
    minify: false,
  },
  plugins: [
    {
      // The optional stylesheet ships as is, beside the bundles (no JS imports it: sideEffects stay off for JS).
      name: 'rts-styles',
      apply: 'build',
      generateBundle() {
        this.emitFile({
          type: 'asset',
          fileName: 'styles.css',
          source: readFileSync(resolve(root, 'src/styles.css')),
        })
      },
    },
    dts({
      tsconfigPath: resolve(root, 'tsconfig.build.json'),
      entryRoot: resolve(root, 'src'),
      outDirs: [
        { dir: resolve(root, 'dist'), moduleFormat: 'esm' },
        { dir: resolve(root, 'dist'), moduleFormat: 'cjs' },
      ],
    }),
  ],
  test: {
    globals: true,
    // Both SDKs log every step to the console ("TIM 10:25:46.826 TIM.create", "Chat ..."), some of it before a log
    // level can be set; hundreds of such lines bury the results. Their warnings and errors (stderr) still show.
    onConsoleLog: (log, type) => !(type === 'stdout' && SDK_LOG.test(log)),
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/{core,testing,types}/**/*.test.ts'],
          // Benches in node (`npm run bench`); test/bench/browser is the bench-chromium project's.
          benchmark: { exclude: ['node_modules', 'dist', 'test/bench/browser/**'] },
        },
      },
      {
        extends: true,
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['test/react/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        // The React tests again on React 18.3 (test/react18, an npm workspace). Every import of react and react-dom,
        // the libraries' included (inlined so that the aliases reach them), gets the 18 ones.
        extends: true,
        resolve: { alias: REACT_18 },
        test: {
          name: 'react-18',
          environment: 'jsdom',
          include: ['test/react/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup.ts', 'test/react18/setup.ts'],
          server: { deps: { inline: REACT_USERS } },
        },
      },
      {
        // Model-based properties (fast-check): bounded here; `npm run test:model` runs them long (MODEL_RUNS).
        extends: true,
        test: {
          name: 'model',
          environment: 'jsdom',
          include: ['test/model/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        // The unmodified tim-js-sdk and @tencentcloud/chat against the local IM backend of react-tim-status/testing.
        extends: true,
        test: {
          name: 'integration',
          environment: 'jsdom',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          // test/integration/setup.ts gives waits on the SDK's own timers room for a busy machine.
          setupFiles: ['test/setup.ts', 'test/integration/setup.ts'],
          testTimeout: 30_000,
          // Harness teardown (in afterEach) waits on the SDK too: more than the 10 s default for hooks.
          hookTimeout: 30_000,
        },
      },
      {
        // The same on React 18.3.
        extends: true,
        resolve: { alias: REACT_18 },
        test: {
          name: 'integration-18',
          environment: 'jsdom',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          // test/integration/setup.ts gives waits on the SDK's own timers room for a busy machine.
          setupFiles: ['test/setup.ts', 'test/integration/setup.ts', 'test/react18/setup.ts'],
          server: { deps: { inline: REACT_USERS } },
          testTimeout: 30_000,
          // Harness teardown (in afterEach) waits on the SDK too: more than the 10 s default for hooks.
          hookTimeout: 30_000,
        },
      },
      {
        // Built pages opened in Chromium: `storybook build` served from a nested folder; server-rendered HTML
        // hydrated (test/browser).
        extends: true,
        test: {
          name: 'storybook-static',
          environment: 'node',
          include: ['test/storybook/**/*.test.ts', 'test/browser/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // The example apps (examples/): installed from a packed copy of the library, built with their own scripts,
        // served and opened in Chromium. Needs `vite build` first (npm test runs it).
        extends: true,
        test: {
          name: 'examples',
          environment: 'node',
          include: ['test/examples/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Every story of stories/ (and its play function) in Debian's Chromium, through vitest browser mode.
        // Only under vitest: the plugin loads Storybook's presets at once (about 5 s), which `vite build`,
        // `storybook dev` and `storybook build` (they read this file too) do not need.
        plugins: process.env.VITEST ? [storybookTest({ configDir: resolve(root, '.storybook') })] : [],
        test: {
          name: 'storybook',
          // Play functions wait in real time (latency, retries, a 5 s rate-limit window): room for a busy CI. The
          // 20,000-row story takes about 17 s alone, and passed 30 s with a second `npm test` beside it.
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: CHROMIUM.executablePath,
                args: CHROMIUM.args,
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // The benchmark suite again in Chromium (`npm run bench`), with React's production build: NODE_ENV is
        // production for everything this project loads. No tests: benches only.
        // (Not `define`: vitest applies it to process.env of every project.) The dependencies are pre-bundled with
        // NODE_ENV production; the plugin does the same for the sources.
        optimizeDeps: {
          rolldownOptions: { transform: { define: { 'process.env.NODE_ENV': '"production"' } } },
        },
        plugins: [
          {
            name: 'rts-bench-production',
            transform(code: string, id: string) {
              if (id.includes('/node_modules/') || !code.includes('process.env.NODE_ENV')) return null
              return code.replaceAll('process.env.NODE_ENV', '"production"')
            },
          },
        ],
        test: {
          name: 'bench-chromium',
          include: [],
          benchmark: { include: ['test/bench/browser/**/*.bench.ts'] },
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM.executablePath, args: CHROMIUM.args },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
    restoreMocks: true,
    // .ci/run asks for a JSON report beside the console one.
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
  },
})
