import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // Tests run room-server from source, so `pnpm test` needs no build first.
    alias: [
      {
        find: /^@opentok-rooms\/room-server\/testing$/,
        replacement: fileURLToPath(new URL('../room-server/src/testing/index.ts', import.meta.url)),
      },
      {
        find: /^@opentok-rooms\/room-server\/http$/,
        replacement: fileURLToPath(new URL('../room-server/src/http/index.ts', import.meta.url)),
      },
      {
        find: /^@opentok-rooms\/room-server$/,
        replacement: fileURLToPath(new URL('../room-server/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    name: 'room-store-redis',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real servers: give slow machines room, and keep files from racing for the same server state.
    testTimeout: 30_000,
    fileParallelism: false,
    // Builds what the multi-process test's worker processes import (see the file).
    globalSetup: ['test/global-setup.ts'],
  },
});
