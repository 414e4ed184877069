// Importing room-client in Node (server rendering, tests) must touch no browser global: the real
// @opentok/client touches window, self and document as soon as it is evaluated. This builds the
// entries as they are published and imports them (ESM and CJS) in a plain Node process in which
// reading any browser global throws.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so that the built files resolve eventemitter3 from its node_modules.
const out = join(root, 'node_modules', '.cache', 'node-import-test');

beforeAll(async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    config: join(root, 'tsup.config.ts'),
    entry: { index: join(root, 'src/index.ts'), testing: join(root, 'src/testing/index.ts') },
    outDir: out,
    dts: false,
    sourcemap: false,
    silent: true,
  });
}, 60_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

const trap = `
for (const name of ['window', 'self', 'document', 'navigator', 'location', 'HTMLElement']) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() { throw new Error('touched the browser global ' + name); },
  });
}`;

function run(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', `${trap}\n${code}`], {
    cwd: out,
    encoding: 'utf8',
  }).trim();
}

it('the ESM entries import and create a client in Node without touching a browser global', () => {
  const output = run(`
    const { createRoomClient } = await import('./index.js');
    const { createFakeOT } = await import('./testing.js');
    const room = createRoomClient({ credentials: { apiKey: 'k', sessionId: 's', token: 't' } });
    const fake = createFakeOT();
    for (const name of ['window', 'self', 'document']) delete globalThis[name];
    console.log(room.state, typeof fake.initSession, typeof globalThis.window);
  `);
  expect(output).toBe('idle function undefined');
});

it('the CJS entries require and create a client in Node without touching a browser global', () => {
  const output = run(`
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const { createRoomClient } = require('./index.cjs');
    const { createFakeOT } = require('./testing.cjs');
    const room = createRoomClient({ credentials: { apiKey: 'k', sessionId: 's', token: 't' } });
    createFakeOT();
    for (const name of ['window', 'self', 'document']) delete globalThis[name];
    console.log(room.state, typeof globalThis.window);
  `);
  expect(output).toBe('idle undefined');
});

it.each(['@vonage/client-sdk-video', '@opentok/client'])(
  'the entries hold no static import of %s (only the lazy one inside join)',
  (sdk) => {
    const esm = readFileSync(join(out, 'index.js'), 'utf8');
    const cjs = readFileSync(join(out, 'index.cjs'), 'utf8');
    const name = sdk.replace(/[/.-]/g, '\\$&');
    expect(esm).not.toMatch(new RegExp(`^import .*${name}`, 'm'));
    expect(esm).toMatch(new RegExp(`import\\("${name}"\\)`));
    // The CJS entry keeps the dynamic import inside loadOT, and requires the SDK nowhere.
    const [beforeLoadOT = '', insideLoadOT = ''] = cjs.split('async function loadOT');
    expect(cjs).not.toMatch(new RegExp(`require\\("${name}"\\)`));
    expect(beforeLoadOT).not.toContain(sdk);
    expect(insideLoadOT).toMatch(new RegExp(`import\\("${name}"\\)`));
  },
);
