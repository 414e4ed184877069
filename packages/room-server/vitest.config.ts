import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // Tests run the emulator from source, so `pnpm test` needs no build first.
    alias: {
      '@opentok-rooms/emulator': fileURLToPath(
        new URL('../emulator/src/index.ts', import.meta.url),
      ),
    },
  },
  test: {
    name: 'room-server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
