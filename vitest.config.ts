import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace; each package is its own project. In CI a JSON report is
// written too, so .ci/run can print a plain "N passed, N failed" line.
export default defineConfig({
  test: {
    // e2e/vitest.config.media-router.ts runs the routed-media tests alone (after the package tests).
    projects: ['packages/*', 'e2e', 'e2e/vitest.config.media-router.ts', 'examples/*'],
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
