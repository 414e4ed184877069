import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // Native private fields (#x) and ??=: downlevelling them doubles the size of the main entry.
  target: 'es2022',
  platform: 'neutral',
  // The browser SDK (either package) is a peer: loaded lazily by the user's bundler, never bundled here.
  external: ['@opentok/client', '@vonage/client-sdk-video'],
  esbuildOptions(options) {
    // Internal members start with `_` (Join, Host, ListenerBag, the session lock): shorten them, so
    // the main entry stays under its 5 KB budget (see .size-limit.json). Public names never do.
    options.mangleProps = /^_/;
  },
});
