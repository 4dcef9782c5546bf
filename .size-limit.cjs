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
    limit: '11.3 kB',
  },
]
