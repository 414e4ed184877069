import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'room-server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
