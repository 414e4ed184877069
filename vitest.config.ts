import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace; each package is its own project. In CI a JSON report is
// written too, so .ci/run can print a plain "N passed, N failed" line.
export default defineConfig({
  test: {
    projects: ['packages/*', 'e2e', 'examples/*'],
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
