// What apps pay for react-tim-status, as they ship it: production builds (bundlers replace NODE_ENV), minified,
// brotli, with React, zustand and the SDKs external. Each limit is the budget of one kind of app; a change that
// makes it pay more must raise the limit on purpose. How the sizes came to be is in CHANGELOG.md.
const production = (config) => ({
  ...config,
  define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
})
const peers = ['react', 'react-dom', '@tanstack/react-query', 'zustand', 'tim-js-sdk', '@tencentcloud/chat']
// @tanstack/react-query is bundled here, not ignored: only useSelfStatus may bring it in.
const withoutQuery = peers.filter((name) => name !== '@tanstack/react-query')

module.exports = [
  {
    name: 'react-tim-status (main entry, everything)',
    path: 'dist/index.js',
    import: '*',
    ignore: peers,
    modifyEsbuildConfig: production,
    limit: '17.1 kB',
  },
  {
    // The smallest app: statuses read by a hook. No visibility, look-ahead, inspection or react-query.
    name: 'an app of StatusProvider + useUserStatus',
    path: 'dist/index.js',
    import: '{ StatusProvider, useUserStatus }',
    ignore: withoutQuery,
    modifyEsbuildConfig: production,
    limit: '13.05 kB',
  },
  {
    // Badges: the engine and the visibility tracker.
    name: 'an app of StatusProvider + PresenceBadge',
    path: 'dist/index.js',
    import: '{ StatusProvider, PresenceBadge }',
    ignore: withoutQuery,
    modifyEsbuildConfig: production,
    limit: '13.85 kB',
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
    // <StatusDevtools /> of react-tim-status/devtools in a production build: nothing of the panel (issue 20).
    name: 'an app rendering <StatusDevtools /> in production',
    path: 'dist/devtools.js',
    import: '{ StatusDevtools }',
    ignore: peers,
    modifyEsbuildConfig: production,
    limit: '300 B',
  },
  {
    // The panel in every build (react-tim-status/devtools/production), with the engine it inspects (shared with
    // the main entry in an app).
    name: 'react-tim-status/devtools/production',
    path: 'dist/devtools-production.js',
    import: '*',
    ignore: peers,
    modifyEsbuildConfig: production,
    limit: '5 kB',
  },
]
