import { defineConfig } from 'vite';

export default defineConfig({
  // @opentok/client is one 3 MB bundle, loaded lazily in its own chunk only when using real OpenTok.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  oxc: { jsx: { runtime: 'automatic' } },
});
