import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { TEST_BUILD } from './support/workers.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Worker processes run plain Node: they import room-server and the emulator as built packages, and
 * this package from a fresh bundle of its source (so they never run a stale dist).
 */
export default async function setup(): Promise<void> {
  const missing = ['room-server', 'emulator'].filter(
    (name) => !existsSync(fileURLToPath(new URL(`../../${name}/dist/index.js`, import.meta.url))),
  );
  if (missing.length > 0) {
    execFileSync(
      'pnpm',
      missing.flatMap((name) => ['--filter', `@opentok-rooms/${name}`]).concat(['run', 'build']),
      { cwd: packageRoot, stdio: 'inherit' },
    );
  }
  await build({
    config: false,
    entry: { index: `${packageRoot}/src/index.ts` },
    outDir: dirname(TEST_BUILD),
    format: ['esm'],
    target: 'node20',
    external: ['ioredis', '@opentok-rooms/room-server'],
    dts: false,
    silent: true,
  });
}
