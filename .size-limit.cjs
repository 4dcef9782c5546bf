// Sizes as apps ship them: minified, brotli, peers external, production build (bundlers replace NODE_ENV).
const production = (config) => ({
  ...config,
  define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
})
const peers = ['react', 'react-dom', '@tanstack/react-query', 'zustand', 'tim-js-sdk', '@tencentcloud/chat']

module.exports = [
  {
    name: 'react-tim-status (main entry)',
    path: 'dist/index.js',
    import: '*',
    ignore: peers,
    modifyEsbuildConfig: production,
    limit: '11.6 kB',
  },
  {
    // The engine without React: reported.
    name: 'react-tim-status/core',
    path: 'dist/core.js',
    import: '*',
    ignore: peers,
    modifyEsbuildConfig: production,
  },
  {
    // The test double and the local IM backend: for tests, never in an app's bundle; reported.
    name: 'react-tim-status/testing',
    path: 'dist/testing.js',
    import: '*',
    ignore: peers,
    modifyEsbuildConfig: production,
  },
  {
    // <StatusDevtools />, with the engine it inspects (shared with the main entry in an app): reported.
    name: 'react-tim-status/devtools',
    path: 'dist/devtools.js',
    import: '*',
    ignore: peers,
    modifyEsbuildConfig: production,
  },
]
