// room-client works with either browser SDK package installed alone: a Vite production build (the
// version examples/basic pins) of a tiny app that joins a room bundles whichever one is installed,
// with no build error for the absent one. Each app lives in a temporary directory outside the
// workspace holding only room-client (built as published), its dependency and one SDK.
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as tsup } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const requireHere = createRequire(join(root, 'package.json'));
const requireVite = createRequire(fileURLToPath(import.meta.resolve('vitest')));
const vitePackage = JSON.parse(readFileSync(requireVite.resolve('vite/package.json'), 'utf8')) as {
  version: string;
};
const work = join(tmpdir(), `room-client-vite-${process.pid}`);
const built = join(work, 'room-client-dist');

/** The real directory of a package room-client's own node_modules holds. */
function packageDir(name: string): string {
  return realpathSync(dirname(requireHere.resolve(`${name}/package.json`)));
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(built, { recursive: true });
  await tsup({
    config: join(root, 'tsup.config.ts'),
    entry: { index: join(root, 'src/index.ts') },
    outDir: built,
    dts: false,
    sourcemap: false,
    silent: true,
  });
}, 120_000);
afterAll(() =>
  process.env.KEEP_VITE_APPS ? undefined : rmSync(work, { recursive: true, force: true }),
);

/** An app in its own directory with room-client and only the given SDK packages installed. */
function app(name: string, sdks: string[]): string {
  const dir = join(work, name);
  const modules = join(dir, 'node_modules');
  const roomClient = join(modules, '@opentok-rooms', 'room-client');
  mkdirSync(roomClient, { recursive: true });
  cpSync(join(root, 'package.json'), join(roomClient, 'package.json'));
  cpSync(built, join(roomClient, 'dist'), { recursive: true });
  symlinkSync(packageDir('eventemitter3'), join(modules, 'eventemitter3'));
  for (const sdk of sdks) {
    mkdirSync(dirname(join(modules, sdk)), { recursive: true });
    symlinkSync(packageDir(sdk), join(modules, sdk));
  }
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/main.js"></script>',
  );
  // The SDK is loaded only when a join needs it: the build must still resolve it.
  writeFileSync(
    join(dir, 'main.js'),
    "import { createRoomClient } from '@opentok-rooms/room-client';\nwindow.room = createRoomClient;\n",
  );
  return dir;
}

async function viteBuild(dir: string): Promise<string> {
  const { build } = (await import(requireVite.resolve('vite'))) as {
    build: (config: Record<string, unknown>) => Promise<unknown>;
  };
  await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: join(dir, 'dist'), minify: false },
  });
  const assets = join(dir, 'dist', 'assets');
  return readdirSync(assets)
    .map((file) => readFileSync(join(assets, file), 'utf8'))
    .join('\n');
}

describe('a Vite production build with one browser SDK package', () => {
  it('runs the version examples/basic pins', () => {
    expect(vitePackage.version).toBe('8.3.8');
  });

  for (const sdk of ['@vonage/client-sdk-video', '@opentok/client']) {
    it(`builds with only ${sdk} installed and bundles it in a lazy chunk`, async () => {
      const output = await viteBuild(app(sdk.replace(/\W/g, '-'), [sdk]));
      const version = (
        JSON.parse(readFileSync(join(packageDir(sdk), 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
      expect(output).toContain('OT_AUTHENTICATION_ERROR');
      expect(output).toContain(version);
      // The absent one became Vite's optional-peer stub, which throws when loaded (and is caught).
      const absent = sdk === '@opentok/client' ? '@vonage/client-sdk-video' : '@opentok/client';
      expect(output).toContain(`Could not resolve "${absent}"`);
    }, 180_000);
  }

  it('builds with neither installed too: joining then fails with sdk_load_failed (or pass options.OT)', async () => {
    const output = await viteBuild(app('no-sdk', []));
    expect(output).toContain('Could not resolve "@opentok/client"');
    expect(output).toContain('Could not resolve "@vonage/client-sdk-video"');
    expect(output).not.toContain('OT_AUTHENTICATION_ERROR');
  }, 120_000);
});
