import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace; each package is its own project.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
