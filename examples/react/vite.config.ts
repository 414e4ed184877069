import { defineConfig } from 'vite';

// `vite build` makes the production app in dist/. `vite build --mode development` makes the same
// app with React's development build (StrictMode's double render and double effects, dev warnings)
// in dist-dev/: what the Chromium test's StrictMode scenario runs.
export default defineConfig(({ mode }) => {
  const development = mode === 'development';
  return {
    // @opentok/client is one 3 MB bundle, loaded lazily in its own chunk only when using real OpenTok.
    build: {
      outDir: development ? 'dist-dev' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 4000,
      ...(development ? { minify: false } : {}),
    },
    // React picks its development or production build on process.env.NODE_ENV.
    define: { 'process.env.NODE_ENV': JSON.stringify(development ? 'development' : 'production') },
    oxc: { jsx: { runtime: 'automatic' } },
  };
});
