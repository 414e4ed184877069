import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowserTests } from './helpers/chromium.js';
import { closePages, only, openRoomPage, type RoomPage } from './helpers/room-page.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

const ORDER_TYPES = ['sessionConnected', 'connectCallback', 'connectionCreated', 'streamCreated'];

describe.skipIf(skipBrowserTests)('two Chromium pages in one emulated session', () => {
  let emulator: Emulator;
  let site: StaticServer;
  let browser: Browser;
  let rooms: ReturnType<typeof createRoomServer>;
  const pages: RoomPage[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ reconnectWindowMs: 5_000 });
    rooms = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
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
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });

  const open = async (): Promise<RoomPage> => {
    const page = await openRoomPage(browser, `${site.url}/room.html`);
    pages.push(page);
    return page;
  };

  it('shows each page the other one’s video, in the documented event order, and round-trips a signal', async () => {
    const roomName = `standup-${Date.now()}`;
    const alice = await open();
    const bob = await open();
    const aliceJoin = await rooms.joinRoom(roomName, { data: 'name=Alice' });
    const bobJoin = await rooms.joinRoom(roomName, { data: 'name=Bob' });
    expect(bobJoin.sessionId).toBe(aliceJoin.sessionId);

    const a = await alice.join(aliceJoin);
    expect(a.error).toBeUndefined();
    await alice.waitForEvents(
      (events) => events.some((event) => event.type === 'published'),
      'alice published',
    );
    const b = await bob.join(bobJoin);
    expect(b.error).toBeUndefined();

    // Bob's initial burst: sessionConnected (callback inside it, counts still 0), then every
    // connection (Alice's, then his own), then Alice's existing stream.
    const bobBurst = only(await bob.events(), ORDER_TYPES).slice(0, 5);
    expect(bobBurst).toEqual([
      { type: 'sessionConnected', count: 0 },
      { type: 'connectCallback', count: 0 },
      { type: 'connectionCreated', id: a.connectionId, own: false, data: 'name=Alice', count: 1 },
      { type: 'connectionCreated', id: b.connectionId, own: true, data: 'name=Bob', count: 1 },
      { type: 'streamCreated', streamId: expect.any(String), connectionId: a.connectionId },
    ]);
    // Alice: her own burst, then Bob's connection, then Bob's stream; never her own stream.
    const aliceEvents = await alice.waitForEvents(
      (events) => events.some((event) => event.type === 'streamCreated'),
      'alice sees bob’s stream',
    );
    expect(only(aliceEvents, ORDER_TYPES)).toEqual([
      { type: 'sessionConnected', count: 0 },
      { type: 'connectCallback', count: 0 },
      { type: 'connectionCreated', id: a.connectionId, own: true, data: 'name=Alice', count: 0 },
      { type: 'connectionCreated', id: b.connectionId, own: false, data: 'name=Bob', count: 1 },
      { type: 'streamCreated', streamId: expect.any(String), connectionId: b.connectionId },
    ]);

    await Promise.all([alice.waitForRemoteVideos(1), bob.waitForRemoteVideos(1)]);
    expect(
      await alice.page.evaluate(() => document.querySelectorAll('#publisher video').length),
    ).toBe(1);

    // A signal reaches everyone, the sender included, as `signal` and `signal:chat`.
    await alice.page.evaluate(() =>
      (window as unknown as { session: { signal(o: object): Promise<void> } }).session.signal({
        type: 'chat',
        data: 'hello',
      }),
    );
    for (const page of [alice, bob]) {
      const events = await page.waitForEvents(
        (recorded) => recorded.some((event) => event.type === 'signal:chat'),
        'the chat signal',
      );
      expect(only(events, ['signal', 'signal:chat'])).toEqual([
        { type: 'signal', eventType: 'signal:chat', data: 'hello', from: a.connectionId },
        { type: 'signal:chat', data: 'hello' },
      ]);
    }

    // Bob leaves: Alice gets streamDestroyed then connectionDestroyed, both clientDisconnected.
    await bob.page.evaluate(() =>
      (window as unknown as { session: { disconnect(): void } }).session.disconnect(),
    );
    await bob.waitForEvents(
      (events) => events.some((event) => event.type === 'sessionDisconnected'),
      'bob disconnected',
    );
    const after = await alice.waitForEvents(
      (events) => events.some((event) => event.type === 'connectionDestroyed'),
      'alice sees bob leave',
    );
    expect(only(after, ['streamDestroyed', 'connectionDestroyed'])).toEqual([
      { type: 'streamDestroyed', streamId: expect.any(String), reason: 'clientDisconnected' },
      { type: 'connectionDestroyed', id: b.connectionId, reason: 'clientDisconnected', count: 0 },
    ]);
    expect(only(await bob.events(), ['sessionDisconnected'])).toEqual([
      { type: 'sessionDisconnected', reason: 'clientDisconnected' },
    ]);
    expect(emulator.connections(aliceJoin.sessionId).map((entry) => entry.connectionId)).toEqual([
      a.connectionId,
    ]);
  });

  it('refuses publishing with a subscriber token and connecting with a tampered token', async () => {
    const roomName = `roles-${Date.now()}`;
    const viewer = await open();
    const join = await rooms.joinRoom(roomName, { role: 'subscriber' });
    const result = await viewer.join(join);
    expect(result.error).toBeUndefined();
    const events = await viewer.waitForEvents(
      (recorded) => recorded.some((event) => event.type === 'published'),
      'publish result',
    );
    expect(only(events, ['published'])).toEqual([
      { type: 'published', error: 'OT_PERMISSION_DENIED' },
    ]);

    const intruder = await open();
    const good = await rooms.joinRoom(roomName);
    const [header, payload, signature] = good.token.split('.');
    const tampered = `${header}.${payload}.${signature!.slice(0, -4)}AAAA`;
    const failed = await intruder.join({ ...good, token: tampered, publish: false });
    expect(failed).toEqual({ error: 'OT_AUTHENTICATION_ERROR', code: 1004 });
    expect(only(await intruder.events(), ['sessionConnected'])).toEqual([]);
  });

  it('goes reconnecting → reconnected when its socket drops, and networkDisconnected when it cannot come back', async () => {
    const roomName = `flaky-${Date.now()}`;
    const alice = await open();
    const bob = await open();
    const a = await alice.join({ ...(await rooms.joinRoom(roomName)), publish: false });
    const b = await bob.join({ ...(await rooms.joinRoom(roomName)), publish: false });
    expect(a.error ?? b.error).toBeUndefined();

    expect(emulator.dropClient(a.connectionId!)).toBe(true);
    await alice.waitForEvents(
      (events) => events.some((event) => event.type === 'sessionReconnected'),
      'reconnected',
    );
    expect(
      only(await alice.events(), [
        'sessionReconnecting',
        'sessionReconnected',
        'sessionDisconnected',
      ]),
    ).toEqual([{ type: 'sessionReconnecting' }, { type: 'sessionReconnected' }]);
    // Same connection, and the session still works: a signal after the reconnect arrives.
    await bob.page.evaluate(() =>
      (window as unknown as { session: { signal(o: object): Promise<void> } }).session.signal({
        type: 'chat',
        data: 'still there?',
      }),
    );
    await alice.waitForEvents(
      (events) => events.some((event) => event.type === 'signal:chat'),
      'signal after reconnect',
    );
    expect(only(await bob.events(), ['connectionDestroyed'])).toEqual([]);

    expect(emulator.dropClient(a.connectionId!, { reconnect: false })).toBe(true);
    const gone = await alice.waitForEvents(
      (events) => events.some((event) => event.type === 'sessionDisconnected'),
      'disconnected',
    );
    expect(only(gone, ['sessionDisconnected'])).toEqual([
      { type: 'sessionDisconnected', reason: 'networkDisconnected' },
    ]);
    const seen = await bob.waitForEvents(
      (events) => events.some((event) => event.type === 'connectionDestroyed'),
      'bob sees alice go',
    );
    expect(only(seen, ['connectionDestroyed'])).toEqual([
      { type: 'connectionDestroyed', id: a.connectionId, reason: 'networkDisconnected', count: 0 },
    ]);
  });
});
