#!/usr/bin/env node
// The `opentok-emulator` command. A committed file rather than dist/cli.js itself, so that installing
// the workspace links the bin before anything is built (no "Failed to create bin" warnings).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'opentok-emulator is not built yet: run the build of @opentok-rooms/emulator first.',
  );
  process.exit(1);
}
await import(cli.href);
