import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['react', 'react-dom', '@opentok-rooms/room-client'],
  // Hooks and components run on the client: Next.js App Router may import this package from a
  // server component tree, and the directive marks the boundary (it renders there as a placeholder).
  banner: { js: "'use client';" },
  onSuccess: () => copyFile('src/styles.css', 'dist/styles.css'),
});
