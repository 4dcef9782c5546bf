import * as esbuild from 'esbuild'
import { brotliCompressSync } from 'zlib'

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
  metafile: true,
  external: peers,
  define: { 'process.env.NODE_ENV': '"production"' },
  jsx: 'automatic',
})
const out = r.outputFiles[0].contents
console.log('total min', out.length, 'brotli', brotliCompressSync(out).length)
const o = Object.values(r.metafile.outputs)[0]
for (const [k, v] of Object.entries(o.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput))
  console.log(v.bytesInOutput, k)
