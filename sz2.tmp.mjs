import * as esbuild from 'esbuild'

const peers = [
  'react',
  'react-dom',
  '@tanstack/react-query',
  'zustand',
  'zustand/*',
  'tim-js-sdk',
  '@tencentcloud/chat',
  'react/jsx-runtime',
  'use-sync-external-store/*',
]
const r = await esbuild.build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  external: peers,
  define: { 'process.env.NODE_ENV': '"production"' },
  jsx: 'automatic',
})
process.stdout.write(r.outputFiles[0].text)
