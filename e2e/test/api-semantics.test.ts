import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowserTests } from './helpers/chromium.js';
import { closePages, only, openRoomPage, type RoomPage } from './helpers/room-page.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

const require = createRequire(import.meta.url);
const emulatorDist = join(dirname(require.resolve('@opentok-rooms/emulator/package.json')), 'dist');

type PageWindow = Window & {
  OT: {
    initSession(
      apiKey: string,
      sessionId: string,
    ): {
      connect(token: string, cb: (error?: { name: string }) => void): unknown;
      publish(publisher: unknown, cb: (error?: { name: string; code: number }) => void): unknown;
      isConnected(): boolean;
    };
    initPublisher(target: string, props: object, cb: (error?: { name: string }) => void): unknown;
  };
};

describe.skipIf(skipBrowserTests)('the emulated OT API in Chromium', () => {
  let emulator: Emulator;
  let site: StaticServer;
  let browser: Browser;
  let rooms: ReturnType<typeof createRoomServer>;
  const pages: RoomPage[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    rooms = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
    const room = await fixture('room.html');
    site = await startStaticServer([
      {
        path: '/script.html',
        contentType: 'text/html; charset=utf-8',
        body: () => room.replace('%OT_SCRIPT%', emulator.scriptUrl),
      },
      {
        // The same page on the ESM build: `import OT from '@opentok-rooms/emulator/client'`.
        path: '/esm.html',
        contentType: 'text/html; charset=utf-8',
        body: () =>
          room.replace(
            '<script src="%OT_SCRIPT%"></script>',
            `<script type="module">import OT from '/client.js'; OT.setEmulatorUrl(${JSON.stringify(emulator.url)}); window.OT = OT;</script>`,
          ),
      },
      {
        path: '/client.js',
        contentType: 'text/javascript; charset=utf-8',
        body: () => readFile(join(emulatorDist, 'client.js'), 'utf8'),
      },
    ]);
    browser = await launchChromium();
  });

  afterEach(async () => {
    // A page error or an unhandled rejection on any page fails the test.
    expect(await closePages(pages.splice(0))).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });

  const open = async (path: string): Promise<RoomPage> => {
    const page = await openRoomPage(browser, `${site.url}${path}`);
    pages.push(page);
    return page;
  };

  it('the ESM build (OT.setEmulatorUrl) and the script build see each other’s video', async () => {
    const room = `mixed-${Date.now()}`;
    const esm = await open('/esm.html');
    const script = await open('/script.html');
    const a = await esm.join(await rooms.joinRoom(room));
    const b = await script.join(await rooms.joinRoom(room));
    expect(a.error ?? b.error).toBeUndefined();
    await Promise.all([esm.waitForRemoteVideos(1), script.waitForRemoteVideos(1)]);
    const subscribed = await esm.waitForEvents(
      (events) => events.some((event) => event.type === 'subscribed'),
      'subscribe callback',
    );
    expect(only(subscribed, ['subscribed'])).toEqual([{ type: 'subscribed' }]);
  });

  it('caches one Session per id, fails publish before connect synchronously, never calls back a second connect', async () => {
    const page = await open('/script.html');
    const join = await rooms.joinRoom(`api-${Date.now()}`);
    const result = await page.page.evaluate(async ({ apiKey, sessionId, token }) => {
      const { OT } = window as unknown as PageWindow;
      const session = OT.initSession(apiKey, sessionId);
      const same = OT.initSession(apiKey, sessionId) === session;
      const publisher = OT.initPublisher('publisher', { insertMode: 'append' }, () => undefined);
      let publishError: { name: string; code: number } | undefined;
      const returned = session.publish(publisher, (error) => {
        publishError = error;
      });
      const syncPublish = { returned, name: publishError?.name, code: publishError?.code };
      const calls: string[] = [];
      await new Promise<void>((resolve) => {
        session.connect(token, (error) => {
          calls.push(`first:${error?.name ?? 'ok'}`);
          resolve();
        });
        session.connect(token, (error) => calls.push(`second:${error?.name ?? 'ok'}`));
      });
      session.connect(token, (error) => calls.push(`third:${error?.name ?? 'ok'}`));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return { same, syncPublish, calls, connected: session.isConnected() };
    }, join);
    expect(result).toEqual({
      same: true,
      syncPublish: { returned: null, name: 'OT_NOT_CONNECTED', code: 1010 },
      calls: ['first:ok'],
      connected: true,
    });
  });
});
