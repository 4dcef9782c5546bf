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
    // 11.51 kB before the O(1) views of useUserStatus / useSubscription (issue 11: +0.6 kB), 12.21 kB after them,
    // 12.29 kB with the mount and unmount paths' allocations cut, about 12.36 kB with the review's fixes (old views
    // catch up once, ref cleanups, the devtools' deferred attach), about 12.5 kB with full queries sent mid-task and
    // the hold that waits for a burst of calls (+0.15 kB; time to all at 5,000 rows in jsdom: 1.18-1.22x the floor to
    // about 1.10x), 12.71 kB with a badge's mount allocating less (one listener per ID without a set, a row that is
    // its own sighting, one priority counted without a map: +0.15 kB, 5,000 badges mount in 1.08-1.10x a bare
    // zustand row's time, was 1.13-1.15x), 12.75 kB with the own status's calls seen by the devtools' call log.
    // Brotli moves some 25 B either way with identifier names alone, hence the
    // room. Issue 11 asks for 5 kB: see the note on the issue for what that would take.
    limit: '12.8 kB',
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
