// room-client works with either browser SDK package installed alone: a Vite production build (the
// version examples/basic pins) of a tiny app that joins a room bundles whichever one is installed,
// with no build error for the absent one. Each app lives in a temporary directory outside the
// workspace holding only room-client (built as published), its dependencies and one SDK.
import { execFileSync } from 'node:child_process';
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
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    mkdirSync(dirname(join(modules, dependency)), { recursive: true });
    symlinkSync(packageDir(dependency), join(modules, dependency));
  }
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

/** A built app: the entry chunk's file name (the one index.html loads) and every chunk's text. */
interface Built {
  entry: string;
  chunks: Map<string, string>;
  /** All chunks' text, joined. */
  output: string;
}

async function viteBuild(dir: string): Promise<Built> {
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
  const chunks = new Map(
    readdirSync(assets).map((file) => [file, readFileSync(join(assets, file), 'utf8')] as const),
  );
  const html = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
  const entry = /src="\/assets\/([^"]+)"/.exec(html)?.[1] ?? '';
  expect(chunks.has(entry)).toBe(true);
  return { entry, chunks, output: [...chunks.values()].join('\n') };
}

/**
 * Loads the built app in a Node process with the little of a page its entry touches (a `window`
 * that dispatches events, Vite's modulepreload check) and answers the error a join rejects with.
 */
function joinInBuiltApp(dir: string): { code?: string; message?: string } {
  const dist = join(dir, 'dist');
  writeFileSync(join(dist, 'package.json'), '{"type":"module"}');
  const script = `
    const events = new EventTarget();
    globalThis.window = globalThis;
    globalThis.dispatchEvent = (event) => events.dispatchEvent(event);
    globalThis.document = { createElement: () => ({ relList: { supports: () => true } }) };
    const html = (await import('node:fs')).readFileSync('index.html', 'utf8');
    await import('./' + /src="\\/(assets\\/[^"]+)"/.exec(html)[1]);
    const room = window.room({ credentials: { apiKey: 'k', sessionId: 's', token: 't' } });
    const error = await room.join().then(() => ({}), (e) => e);
    console.log(JSON.stringify({ code: error.code, message: error.message }));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dist,
      encoding: 'utf8',
    }),
  ) as { code?: string; message?: string };
}

describe('a Vite production build with one browser SDK package', () => {
  it('runs the version examples/basic pins', () => {
    expect(vitePackage.version).toBe('8.3.8');
  });

  for (const sdk of ['@vonage/client-sdk-video', '@opentok/client']) {
    it(`builds with only ${sdk} installed and bundles it in a lazy chunk`, async () => {
      const { entry, chunks, output } = await viteBuild(app(sdk.replace(/\W/g, '-'), [sdk]));
      const version = (
        JSON.parse(readFileSync(join(packageDir(sdk), 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
      // The SDK is one chunk of its own, not the entry, which imports it only dynamically.
      const withSdk = [...chunks].filter(([, text]) => text.includes('OT_AUTHENTICATION_ERROR'));
      expect(withSdk.map(([file]) => file)).toHaveLength(1);
      const [sdkChunk = '', sdkText = ''] = withSdk[0] ?? [];
      expect(sdkChunk).not.toBe(entry);
      expect(sdkText).toContain(version);
      const entryText = chunks.get(entry) ?? '';
      expect(entryText).toContain(`import("./${sdkChunk}")`);
      expect(entryText).not.toMatch(
        new RegExp(`^import .*${sdkChunk.replace(/\W/g, '\\$&')}`, 'm'),
      );
      // The absent one became Vite's optional-peer stub, which throws when loaded (and is caught).
      const absent = sdk === '@opentok/client' ? '@vonage/client-sdk-video' : '@opentok/client';
      expect(output).toContain(`Could not resolve "${absent}"`);
    }, 180_000);
  }

  it('builds with neither installed too, and a join in the built app fails with sdk_load_failed naming both packages and options.OT', async () => {
    const dir = app('no-sdk', []);
    const { output } = await viteBuild(dir);
    expect(output).toContain('Could not resolve "@opentok/client"');
    expect(output).toContain('Could not resolve "@vonage/client-sdk-video"');
    expect(output).not.toContain('OT_AUTHENTICATION_ERROR');
    const error = joinInBuiltApp(dir);
    expect(error.code).toBe('sdk_load_failed');
    expect(error.message).toMatch(
      /install @vonage\/client-sdk-video or @opentok\/client, or pass options\.OT \(Error: Could not resolve "@opentok\/client"/,
    );
  }, 120_000);
});
