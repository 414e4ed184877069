import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'room-client',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
