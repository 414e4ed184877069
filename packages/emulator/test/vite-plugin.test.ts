// The Vite dev plugin against real Vite: in dev a page importing `@opentok/client` gets the
// emulator's SDK and connects through the dev server's proxy (in real Chromium); a production build
// bundles the real SDK.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium, skipWithoutChromium } from '@opentok-rooms/browser-testkit';
import OpenTok from 'opentok';
import { build, createServer, type Rollup, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { EMULATOR_PROXY_PATH, opentokEmulator } from '../src/vite.js';

const root = fileURLToPath(new URL('./fixtures/vite-page', import.meta.url));

function sessionAndToken(emulator: Emulator): Promise<{ sessionId: string; token: string }> {
  const opentok = new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url });
  return new Promise((resolve, reject) => {
    opentok.createSession({ mediaMode: 'relayed' }, (error, session) => {
      const sessionId = session?.sessionId;
      if (error || sessionId === undefined) return reject(error ?? new Error('no session'));
      resolve({ sessionId, token: opentok.generateToken(sessionId) });
    });
  });
}

describe('opentokEmulator() in vite dev', () => {
  let emulator: Emulator;
  let server: ViteDevServer;
  let pageUrl: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [opentokEmulator({ url: emulator.url })],
      server: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    await server.listen();
    pageUrl = server.resolvedUrls?.local[0] ?? '';
    if (!pageUrl) throw new Error('the dev server has no URL');
  });
  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });

  it('answers @opentok/client with the emulator client, pointed at the proxy path', async () => {
    const main = await server.transformRequest('/main.js');
    const resolved = await server.pluginContainer.resolveId('@opentok/client', `${root}/main.js`);
    expect(resolved?.id).toBe('\0opentok-rooms-emulator-client');
    const vonage = await server.pluginContainer.resolveId(
      '@vonage/client-sdk-video',
      `${root}/main.js`,
    );
    expect(vonage?.id).toBe('\0opentok-rooms-emulator-client');
    expect(main?.code).toContain('opentok-rooms-emulator-client');
    const loaded = await server.pluginContainer.load('\0opentok-rooms-emulator-client');
    const client = typeof loaded === 'string' ? { code: loaded } : loaded;
    expect(client?.code).toContain('createOT');
    expect(client?.code).toContain(EMULATOR_PROXY_PATH);
  });

  it('connects a page written for @opentok/client to the emulator through the dev server', async (context) => {
    if (skipWithoutChromium('vite plugin')) return context.skip();
    const { sessionId, token } = await sessionAndToken(emulator);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pageUrl);
      await page.waitForFunction(
        () => document.getElementById('status')?.textContent !== 'loading',
      );
      expect(await page.textContent('#status')).toBe('emulator');
      const connectionId = await page.evaluate(
        ([apiKey, id, t]) =>
          (
            window as unknown as { connectTo(a: string, s: string, t: string): Promise<string> }
          ).connectTo(apiKey, id, t),
        [emulator.apiKey, sessionId, token] as const,
      );
      expect(emulator.connections(sessionId).map((c) => c.connectionId)).toContain(connectionId);
      await page.screenshot({
        path: fileURLToPath(new URL('../../../test-results/vite-plugin-dev.png', import.meta.url)),
      });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('opentokEmulator() in vite build', () => {
  it('leaves @opentok/client alone: the production bundle is the real SDK', async () => {
    const output = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [opentokEmulator({ enabled: true })],
      build: { write: false, minify: false },
    })) as Rollup.RollupOutput;
    const code = output.output
      .filter((item): item is Rollup.OutputChunk => item.type === 'chunk')
      .map((chunk) => chunk.code)
      .join('\n');
    expect(code).toContain('tokbox.com');
    expect(code).not.toContain(EMULATOR_PROXY_PATH);
    expect(code).not.toContain('setEmulatorUrl');
  }, 120_000);
});

describe('opentokEmulator() without the emulator client', () => {
  it('refuses to start the dev server instead of falling back to the real SDK', async () => {
    // The built plugin alone, where no dist/client.js sits beside it.
    const dir = mkdtempSync(join(tmpdir(), 'emulator-vite-'));
    try {
      for (const file of ['vite.js', 'vite.js.map']) {
        copyFileSync(fileURLToPath(new URL(`../dist/${file}`, import.meta.url)), join(dir, file));
      }
      const { opentokEmulator: lonePlugin } = (await import(
        pathToFileURL(join(dir, 'vite.js')).href
      )) as typeof import('../src/vite.js');
      await expect(
        createServer({ root, configFile: false, logLevel: 'silent', plugins: [lonePlugin()] }),
      ).rejects.toThrow(
        "opentokEmulator(): the emulator's browser SDK (@opentok-rooms/emulator/dist/client.js) is missing; build or reinstall @opentok-rooms/emulator. Not falling back to the real SDK.",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
