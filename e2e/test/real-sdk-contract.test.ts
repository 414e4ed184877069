// Contract tests: the real @opentok/client (from node_modules, served locally) beside room-client's
// fake OT and the emulator's OT, on the same local test servers, which know nothing of OpenTok's
// protocol: one never answers, one refuses connections, one answers garbage. Wherever the real SDK
// can be observed offline, the three must agree (as seen through room-client and the raw OT API).

import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext, skipBrowserTests } from './helpers/chromium.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

const require = createRequire(import.meta.url);
const realSdk = require.resolve('@opentok/client/dist/js/opentok.js');
const roomClientDist = join(
  dirname(require.resolve('@opentok-rooms/room-client/package.json')),
  'dist',
);

type Kind = 'real' | 'fake' | 'emulator';
type ServerKind = 'never' | 'refused' | 'garbage';
const KINDS: Kind[] = ['real', 'fake', 'emulator'];

/** A TCP server that accepts connections and never answers. */
async function neverAnswers(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: connections are refused. */
async function refusing(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${port}`, close: async () => {} };
}

/** An HTTP server that answers every request (and every upgrade) with garbage. */
async function garbage(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createHttpServer((_, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
    response.end('this is not an OpenTok server');
  });
  server.on('upgrade', (_, socket) => socket.end('garbage\r\n\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// How the fake models each server (it has no network): the phase a silent server hangs in, and
// the error name the real SDK reports for the others (asserted below on the real SDK itself).
const FAKE_SETTINGS: Record<ServerKind, object> = {
  never: { connectHangsAt: 'sessionInfo' },
  refused: { connectError: 'OT_CONNECT_FAILED' },
  garbage: { connectError: 'OT_CONNECT_FAILED' },
};

describe.skipIf(skipBrowserTests)(
  'room-client contract: real SDK, fake and emulator OT agree',
  () => {
    let site: StaticServer;
    let emulator: Emulator;
    let browser: Browser;
    let blocked: Browser;
    const servers = {} as Record<ServerKind, { url: string; close(): Promise<void> }>;
    const errors: string[] = [];
    let shots = 0;

    beforeAll(async () => {
      [servers.never, servers.refused, servers.garbage] = await Promise.all([
        neverAnswers(),
        refusing(),
        garbage(),
      ]);
      emulator = await startEmulator();
      const page = await fixture('contract.html');
      const routes = [
        {
          path: '/opentok.js',
          contentType: 'text/javascript',
          body: () => readFile(realSdk, 'utf8'),
        },
        {
          path: '/room-client.js',
          contentType: 'text/javascript',
          body: () => readFile(join(roomClientDist, 'index.js'), 'utf8'),
        },
        {
          path: '/testing.js',
          contentType: 'text/javascript',
          body: () => readFile(join(roomClientDist, 'testing.js'), 'utf8'),
        },
      ];
      const setups: Record<Kind, (server: string, kind: ServerKind) => string> = {
        real: (server) =>
          `<script src="/opentok.js"></script><script>OT.setProxyUrl(${JSON.stringify(server)});</script>`,
        // The fake has no camera prompt: on the blocked browser's pages (?camera=denied) it is told so.
        fake: (_, kind) =>
          `<script type="module">import { createFakeOT } from '/testing.js'; const camera = location.search.includes('camera=denied') ? 'denied' : 'granted'; window.OT = createFakeOT({ ...${JSON.stringify(FAKE_SETTINGS[kind])}, camera });</script>`,
        emulator: (server) =>
          `<script src="${emulator.scriptUrl}"></script><script>OT.setEmulatorUrl(${JSON.stringify(server)});</script>`,
      };
      for (const kind of KINDS) {
        for (const server of ['never', 'refused', 'garbage'] as const) {
          routes.push({
            path: `/${kind}-${server}.html`,
            contentType: 'text/html; charset=utf-8',
            body: async () =>
              page
                .replaceAll('%KIND%', `${kind} OT, ${server} server`)
                .replace('%OT_SETUP%', setups[kind](servers[server].url, server)),
          });
        }
      }
      site = await startStaticServer(routes);
      [browser, blocked] = await Promise.all([
        launchChromium(),
        launchChromium({ mediaPrompt: 'block' }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([browser?.close(), blocked?.close()]);
      await Promise.all([
        site?.close(),
        emulator?.close(),
        ...Object.values(servers).map((s) => s.close()),
      ]);
    });

    /** Opens a page of one OT on one server; a page error or unhandled rejection fails the test. */
    async function open(kind: Kind, server: ServerKind, on: Browser = browser): Promise<Page> {
      // The blocked browser gets a context without the camera permission, so its prompt is blocked.
      const context = on === browser ? await newMediaContext(on) : await on.newContext();
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`${kind}/${server}: ${error.message}`));
      const query = on === browser ? '' : '?camera=denied';
      await page.goto(`${site.url}/${kind}-${server}.html${query}`, {
        waitUntil: 'domcontentloaded',
        timeout: 60_000,
      });
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
      return page;
    }

    async function run<T>(page: Page, name: string, args: object = {}): Promise<T> {
      const result = await page.evaluate(
        ([scenario, input]) =>
          (window as unknown as { scenarios: Record<string, (a: object) => unknown> }).scenarios[
            scenario as string
          ]!(input as object),
        [name, args] as const,
      );
      await page.screenshot({ path: `test-results/contract-${++shots}-${name}.png` });
      return result as T;
    }

    async function eachKind<T>(
      server: ServerKind,
      name: string,
      args: object = {},
      on?: Browser,
    ): Promise<Record<Kind, T>> {
      const results = {} as Record<Kind, T>;
      for (const kind of KINDS) {
        const page = await open(kind, server, on);
        results[kind] = await run<T>(page, name, args);
        await page.context().close();
      }
      return results;
    }

    it('one Session per session id across re-joins, connection null before connect', async () => {
      const results = await eachKind('never', 'sessionCache');
      for (const kind of KINDS)
        expect(results[kind], kind).toEqual({
          same: true,
          connection: null,
          joinsUsedIt: [true, true],
          connectionAfter: null,
        });
      expect(errors).toEqual([]);
    });

    it('initPublisher with fake devices works; publish before connect fails at once with OT_NOT_CONNECTED', async () => {
      const granted = await eachKind('never', 'initPublisher');
      const early = await eachKind('never', 'publishBeforeConnect');
      console.log(
        'contract initPublisher / publishBeforeConnect',
        JSON.stringify({ granted, early }),
      );
      for (const kind of KINDS) {
        expect(granted[kind], kind).toEqual({ error: null });
        expect(early[kind], kind).toEqual({
          initPublisherError: null,
          name: 'OT_NOT_CONNECTED',
          returned: null,
        });
      }
      expect(errors).toEqual([]);
    }, 240_000);

    it('device APIs agree: getDevices, setVideoSource and setAudioSource with good and bad ids', async () => {
      const results = await eachKind('never', 'deviceSwitch');
      console.log('contract deviceSwitch', JSON.stringify(results));
      for (const kind of KINDS) expect(results[kind], kind).toEqual(results.real);
      expect(results.real).toMatchObject({
        kinds: ['audioInput', 'videoInput'],
        labelled: true,
        fields: ['deviceId', 'kind', 'label'],
        badCamera: 'OT_INVALID_VIDEO_SOURCE',
        notString: 'OT_INVALID_VIDEO_SOURCE',
        camera: null,
        using: true,
        microphone: null,
      });
      expect(errors).toEqual([]);
    }, 240_000);

    it('the microphone in use unplugged: the SDK moves to the default one (audioInputDeviceChanged)', async () => {
      const results = await eachKind('never', 'microphoneUnplugged');
      console.log('contract microphoneUnplugged', JSON.stringify(results));
      for (const kind of KINDS) expect(results[kind], kind).toEqual(results.real);
      expect(results.real).toEqual({
        changedTo: 'first (default)',
        fields: ['deviceId', 'label'],
        using: true,
      });
      expect(errors).toEqual([]);
    }, 240_000);

    it('initPublisher with the camera denied: OT_USER_MEDIA_ACCESS_DENIED', async () => {
      const denied = await eachKind('never', 'initPublisher', {}, blocked);
      console.log('contract camera denied', denied);
      for (const kind of KINDS) {
        expect(denied[kind], kind).toEqual({ error: 'OT_USER_MEDIA_ACCESS_DENIED' });
      }
      expect(errors).toEqual([]);
    }, 240_000);

    it.each(['never', 'refused', 'garbage'] as const)(
      'join() against a server that is %s: fails within the connect deadline with the same code',
      async (server) => {
        const results = await eachKind<{ outcome: string; elapsed: number; state: string }>(
          server,
          'join',
          { connect: 4000 },
        );
        console.log(`contract join (${server})`, results);
        const expected = server === 'never' ? 'timeout' : results.real.outcome;
        for (const kind of KINDS) {
          expect(results[kind].outcome, kind).toBe(expected);
          expect(results[kind].state, kind).toBe('disconnected');
          expect(results[kind].elapsed, kind).toBeLessThan(4000 + 1000);
        }
        expect(['network', 'timeout']).toContain(results.real.outcome);
        expect(errors).toEqual([]);
      },
    );

    it('leave() while connecting settles promptly, join() rejects with cancelled, nothing escapes', async () => {
      const results = await eachKind<{ outcome: string; elapsed: number; state: string }>(
        'never',
        'leaveWhileConnecting',
        { after: 300 },
      );
      console.log('contract leave while connecting', results);
      for (const kind of KINDS) {
        expect(results[kind].outcome, kind).toBe('cancelled');
        expect(results[kind].state, kind).toBe('disconnected');
        expect(results[kind].elapsed, kind).toBeLessThan(1000);
      }
      expect(errors).toEqual([]);
    });

    it('100 join/leave cycles on the cached Session: none of our listeners left on the real object, at most one SDK connect callback', async () => {
      const results = await eachKind<{
        types: string[];
        before: Record<string, number>;
        after: Record<string, number>;
        attached: boolean;
        sdkCallbacks: string[];
        sameSession: boolean[];
        state: string;
      }>('never', 'cycles', { count: 100 });
      console.log('contract cycles', JSON.stringify(results));
      for (const kind of KINDS) {
        const { types, before, after, ...rest } = results[kind];
        expect(types, kind).toEqual(results.real.types);
        expect(types, kind).toEqual(expect.arrayContaining(['connectionCreated', 'streamCreated']));
        const zeros = Object.fromEntries(types.map((type) => [type, 0]));
        expect(before, kind).toEqual(zeros);
        expect(after, kind).toEqual(zeros);
        // The SDK keeps an interrupted connect's callback (once sessionConnected + once
        // sessionConnectFailed) until the next outcome; room-client registers a new one only
        // when none of its own is left, so 100 cancelled joins leave one pair, not 100.
        expect(rest, kind).toEqual({
          attached: true,
          sdkCallbacks: ['1/1'],
          sameSession: [true],
          state: 'disconnected',
        });
      }
      expect(errors).toEqual([]);
    }, 240_000);

    it('a connect interrupted before its session info keeps its callback: the next connect’s failure calls both, oldest first', async () => {
      const results = await eachKind('refused', 'staleCallback');
      console.log('contract stale connect callback', JSON.stringify(results));
      for (const kind of KINDS) {
        expect(results[kind], kind).toEqual({
          connection: null,
          pending: 1,
          calls: ['first:OT_CONNECT_FAILED', 'second:OT_CONNECT_FAILED'],
          left: 0,
        });
      }
      expect(errors).toEqual([]);
    }, 240_000);
  },
);
