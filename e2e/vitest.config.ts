import { configDefaults, defineProject } from 'vitest/config';

// Real Chromium against the real emulator: generous, bounded timeouts, one file at a time
// (2 shared cores on CI).
export default defineProject({
  test: {
    name: 'e2e',
    include: ['test/**/*.test.ts'],
    // Runs on its own: see vitest.config.media-router.ts.
    exclude: [...configDefaults.exclude, 'test/media-router.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
