import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { testBuildPath } from './workers.js';

const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));

/**
 * For a vitest globalSetup. Worker processes run plain Node: they import room-server and the emulator
 * as built packages (built here when missing), and the store from a fresh bundle of its source, so
 * they never run a stale dist.
 *
 * @param options - the store package's directory and what its bundle leaves external (its driver)
 */
export async function buildStoreForWorkers(options: {
  packageRoot: string;
  external: string[];
}): Promise<void> {
  const missing = ['room-server', 'emulator'].filter(
    (name) => !existsSync(join(PACKAGES, name, 'dist/index.js')),
  );
  if (missing.length > 0) {
    execFileSync(
      'pnpm',
      missing.flatMap((name) => ['--filter', `@opentok-rooms/${name}`]).concat(['run', 'build']),
      {
        cwd: options.packageRoot,
        stdio: 'inherit',
      },
    );
  }
  await build({
    config: false,
    entry: { index: join(options.packageRoot, 'src/index.ts') },
    outDir: dirname(testBuildPath(options.packageRoot)),
    format: ['esm'],
    target: 'node20',
    external: [...options.external, '@opentok-rooms/room-server'],
    dts: false,
    silent: true,
  });
}
