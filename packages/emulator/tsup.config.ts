import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    // `import.meta.url` (to find dist/ot.global.js) also in the CommonJS build.
    shims: true,
  },
  {
    // The Vite dev plugin: `@opentok-rooms/emulator/vite`.
    entry: { vite: 'src/vite.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    shims: true,
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The browser SDK, for bundlers: `@opentok-rooms/emulator/client`.
    entry: { client: 'src/client/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    platform: 'browser',
    target: 'es2022',
  },
  {
    // The script build served at `{url}/ot.js`: defines a global `OT`.
    entry: { ot: 'src/client/global.ts' },
    format: ['iife'],
    dts: false,
    minify: true,
    sourcemap: false,
    platform: 'browser',
    target: 'es2022',
  },
]);
