import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'room-react',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // jsdom per file (`// @vitest-environment jsdom`); the SSR test runs in plain Node on purpose.
    environment: 'node',
  },
});
