// The whole server loop: pages join through room-server's HTTP handler, the emulator POSTs signed
// session-monitoring callbacks to room-server's webhook, and presence follows who is in the room.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, toNodeListener } from '@opentok-rooms/room-server/http';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowserTests } from './helpers/chromium.js';
import { closePages, openRoomPage, type RoomPage } from './helpers/room-page.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

const SIGNATURE_SECRET = 'e2e-callback-signature-secret';

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(skipBrowserTests)('presence from the emulator’s signed callbacks', () => {
  let emulator: Emulator;
  let site: StaticServer;
  let browser: Browser;
  let apiUrl: string;
  let closeApi: () => void;
  const pages: RoomPage[] = [];

  beforeAll(async () => {
    // The API server must exist before the emulator, which needs its webhook URL.
    let listener: RequestListener = (_req, res) => res.writeHead(503).end();
    const api = createServer((req, res) => listener(req, res));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    closeApi = () => {
      api.closeAllConnections();
      api.close();
    };
    emulator = await startEmulator({
      callbackUrl: `${apiUrl}/webhooks/opentok`,
      callbackSignatureSecret: SIGNATURE_SECRET,
    });
    const rooms = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
    listener = toNodeListener(
      createRoomHandler({
        rooms,
        // Joins for everyone; reading a room for the test's admin header only.
        authorize: (request, { action }) =>
          action === 'joinRoom' || request.headers.get('x-admin') === 'yes',
        webhooks: { signatureSecret: SIGNATURE_SECRET },
      }),
    );
    site = await startStaticServer([
      {
        path: '/room.html',
        contentType: 'text/html; charset=utf-8',
        body: async () => (await fixture('room.html')).replace('%OT_SCRIPT%', emulator.scriptUrl),
      },
    ]);
    browser = await launchChromium();
  });

  afterEach(async () => {
    // A page error or an unhandled rejection on any page fails the test.
    expect(await closePages(pages.splice(0))).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
    await browser?.close();
    await site?.close();
    await emulator?.close();
    closeApi?.();
  });

  const presence = async (room: string) => {
    const response = await fetch(`${apiUrl}/rooms/${room}`, { headers: { 'x-admin': 'yes' } });
    const body = (await response.json()) as {
      presence: { connections: unknown[]; streams: unknown[] };
    };
    return { connections: body.presence.connections.length, streams: body.presence.streams.length };
  };

  it('counts connections and streams as pages join and leave', async () => {
    const room = `presence-${Date.now()}`;
    const join = async () => {
      const response = await fetch(`${apiUrl}/rooms/${room}/join`, { method: 'POST' });
      expect(response.status).toBe(200);
      return (await response.json()) as { apiKey: string; sessionId: string; token: string };
    };
    const [alice, bob] = [
      await openRoomPage(browser, `${site.url}/room.html`),
      await openRoomPage(browser, `${site.url}/room.html`),
    ];
    pages.push(alice, bob);
    expect((await alice.join(await join())).error).toBeUndefined();
    expect((await bob.join(await join())).error).toBeUndefined();

    expect(
      await until(
        () => presence(room),
        (p) => p.connections === 2 && p.streams === 2,
        'two people publishing',
      ),
    ).toEqual({
      connections: 2,
      streams: 2,
    });
    const list = await (await fetch(`${apiUrl}/rooms`, { headers: { 'x-admin': 'yes' } })).json();
    expect(list.rooms.find((r: { name: string }) => r.name === room)).toMatchObject({
      connectionCount: 2,
      streamCount: 2,
    });

    await bob.page.evaluate(() =>
      (window as unknown as { session: { disconnect(): void } }).session.disconnect(),
    );
    expect(
      await until(
        () => presence(room),
        (p) => p.connections === 1,
        'bob gone',
      ),
    ).toEqual({ connections: 1, streams: 1 });
  });
});
