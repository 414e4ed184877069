// room-client end to end in Chromium on the emulator's browser SDK, in the situations the real SDK
// makes hard: leaving while the socket opens or while the connect acknowledgement is pending (the
// emulator holds the connect there), the connection id the SDK reuses after such a cancel, a
// moderator's forceUnpublish, a camera whose tracks end, and joining a room being recorded. Every
// test fails on a page error or an unhandled rejection.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer, type RoomServer } from '@opentok-rooms/room-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext, skipBrowserTests } from './helpers/chromium.js';
import { waitFor } from './helpers/poll.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

const require = createRequire(import.meta.url);
const roomClientDist = join(
  dirname(require.resolve('@opentok-rooms/room-client/package.json')),
  'dist',
);

/** How long a leave during a connect may take: room-client's grace is 500 ms; its deadline 5 s. */
const PROMPT_LEAVE_MS = 1500;
/** room-client's grace for an SDK that does not answer a leave during a connect. */
const LEAVE_GRACE_MS = 500;

interface View {
  state: string;
  counts: { others: number; total: number };
  recording: { active: boolean; archiveId?: string; name?: string; startedAt: number | null };
  participants: string[];
  connectionId: string | null;
  camera: { status: string; streamId: string | null } | null;
  publisher: { streamId: string | null } | null;
}
interface RecordedEvent {
  type: string;
  [key: string]: unknown;
}

describe.skipIf(skipBrowserTests)('room-client on the emulator in Chromium', () => {
  let emulator: Emulator;
  let rooms: RoomServer;
  let site: StaticServer;
  let browser: Browser;
  const pages: Page[] = [];
  const errors: string[] = [];
  let shots = 0;

  beforeAll(async () => {
    emulator = await startEmulator();
    rooms = createRoomServer({
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
    site = await startStaticServer([
      {
        path: '/room-client.html',
        contentType: 'text/html; charset=utf-8',
        body: async () =>
          (await fixture('room-client.html')).replace('%OT_SCRIPT%', emulator.scriptUrl),
      },
      {
        path: '/room-client.js',
        contentType: 'text/javascript',
        body: () => readFile(join(roomClientDist, 'index.js'), 'utf8'),
      },
    ]);
    browser = await launchChromium();
  });

  afterEach(async () => {
    emulator.connectStalls.clear();
    for (const page of pages) {
      const escaped = await page.evaluate(
        () => (window as unknown as { escaped: string[] }).escaped,
      );
      errors.push(...escaped.map((reason) => `unhandled rejection: ${reason}`));
    }
    await Promise.all(pages.splice(0).map((page) => page.context().close()));
    // Every browser test fails on a page error or an unhandled rejection.
    expect(errors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });

  async function open(
    roomName: string,
    options: { publish?: boolean; role?: 'publisher' | 'moderator' } = {},
  ): Promise<{ page: Page; sessionId: string }> {
    const context = await newMediaContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    pages.push(page);
    await page.goto(`${site.url}/room-client.html`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const { apiKey, sessionId, token } = await rooms.joinRoom(roomName, {
      role: options.role ?? 'publisher',
    });
    await page.evaluate(
      (input) => (window as unknown as { setup(i: unknown): void }).setup(input),
      { credentials: { apiKey, sessionId, token }, publish: options.publish ?? false },
    );
    return { page, sessionId };
  }

  /** Waits until `check` holds (polls). */
  const poll = (check: () => Promise<boolean> | boolean, what: string, timeoutMs?: number) =>
    waitFor(check, (ok) => ok, what, timeoutMs);
  const call = <T>(page: Page, name: string): Promise<T> =>
    page.evaluate((fn) => (window as unknown as Record<string, () => T>)[fn]!(), name);
  const view = (page: Page): Promise<View> => call<View>(page, 'view');
  const events = (page: Page): Promise<RecordedEvent[]> =>
    page.evaluate(() => (window as unknown as { events: RecordedEvent[] }).events.slice());
  const outcome = (page: Page, index: number): Promise<string> =>
    page.evaluate((i) => (window as unknown as { outcomes: string[] }).outcomes[i]!, index);
  const shot = (page: Page, name: string) =>
    page.screenshot({
      path: fileURLToPath(
        new URL(`../test-results/room-client-emulator-${++shots}-${name}.png`, import.meta.url),
      ),
    });
  const joined = async (page: Page): Promise<void> => {
    const index = await call<number>(page, 'startJoin');
    await poll(async () => (await outcome(page, index)) !== 'pending', 'join settled', 30_000);
    expect(await outcome(page, index)).toBe('joined');
  };
  const liveConnections = (sessionId: string) => emulator.connections(sessionId).length;

  it('leave() while the socket opens settles within its 500 ms grace (nothing answers in that phase); the next join() ends with one connection', async () => {
    const { page, sessionId } = await open(`socket-${Date.now()}`);
    emulator.connectStalls.next({ at: 'socket' });
    const first = await call<number>(page, 'startJoin');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await view(page)).state).toBe('connecting');
    await shot(page, 'socket-stalled');
    const leaveMs = await call<number>(page, 'timedLeave');
    console.log(
      `[room-client/emulator] leave while the socket opens took ${Math.round(leaveMs)} ms`,
    );
    expect(leaveMs).toBeLessThan(PROMPT_LEAVE_MS);
    expect(await outcome(page, first)).toBe('cancelled');
    expect(liveConnections(sessionId)).toBe(0);

    // The cancelled connect's callback is still registered in the SDK: the next connect calls it.
    const started = performance.now();
    await joined(page);
    console.log(
      `[room-client/emulator] the next join took ${Math.round(performance.now() - started)} ms`,
    );
    const after = await view(page);
    expect(after).toMatchObject({ state: 'connected', counts: { others: 0, total: 1 } });
    expect(emulator.connections(sessionId).map((c) => c.connectionId)).toEqual([
      after.connectionId,
    ]);
    await shot(page, 'socket-rejoined');
  });

  it('leave() while the acknowledgement is pending: the others see the id go, and come back on re-join', async () => {
    const roomName = `ack-${Date.now()}`;
    const observer = await open(roomName);
    await joined(observer.page);
    const { page, sessionId } = await open(roomName);
    emulator.connectStalls.next({ at: 'acknowledgement' });
    const first = await call<number>(page, 'startJoin');
    // The server admitted the connection: the observer counts it while its connect is pending.
    await poll(
      async () => (await view(observer.page)).counts.others === 1,
      'the observer to count the pending connection',
    );
    const [pendingId] = (await view(observer.page)).participants;
    await shot(observer.page, 'ack-observer-sees-pending');
    const leaveMs = await call<number>(page, 'timedLeave');
    console.log(`[room-client/emulator] leave while acknowledging took ${Math.round(leaveMs)} ms`);
    // The interrupted connect answers at once (OT_UNEXPECTED_SERVER_RESPONSE): no grace waited out.
    expect(leaveMs).toBeLessThan(LEAVE_GRACE_MS);
    expect(await outcome(page, first)).toBe('cancelled');
    await poll(
      async () => (await view(observer.page)).counts.others === 0,
      'the observer to see the cancelled connection go',
    );

    await joined(page);
    const rejoined = await view(page);
    // The SDK reuses the connection id of a connect the server knew: room-client counts it again.
    expect(rejoined.connectionId).toBe(pendingId);
    await poll(
      async () => (await view(observer.page)).counts.others === 1,
      'the observer to count the re-joined participant again',
    );
    expect((await view(observer.page)).participants).toEqual([pendingId]);
    expect(rejoined.counts).toEqual({ others: 1, total: 2 });
    expect(liveConnections(sessionId)).toBe(2);
    const seen = (await events(observer.page)).filter((e) => ['joined', 'left'].includes(e.type));
    expect(seen.map((e) => `${e.type}:${e.id === pendingId ? 'same' : 'other'}`)).toEqual([
      'joined:same',
      'left:same',
      'joined:same',
    ]);
    await shot(observer.page, 'ack-observer-after-rejoin');
  });

  it('join(); leave(); join() without awaiting, and 5 quick cycles, end with exactly one connection', async () => {
    const { page, sessionId } = await open(`cycles-${Date.now()}`);
    const results = await page.evaluate(async () => {
      const room = (
        window as unknown as { room: { join(): Promise<void>; leave(): Promise<void> } }
      ).room;
      const settle = (p: Promise<void>) =>
        p.then(
          () => 'joined',
          (error: { code: string }) => error.code,
        );
      const outcomes: string[] = [];
      for (let i = 0; i < 5; i++) {
        const attempt = settle(room.join());
        await new Promise((resolve) => setTimeout(resolve, i * 20));
        await room.leave();
        outcomes.push(await attempt);
      }
      const a = settle(room.join());
      const left = room.leave();
      const b = settle(room.join());
      await left;
      return { cycles: outcomes, first: await a, last: await b };
    });
    expect(results.last).toBe('joined');
    expect(['joined', 'cancelled']).toContain(results.first);
    for (const result of results.cycles) expect(['joined', 'cancelled']).toContain(result);
    await poll(async () => liveConnections(sessionId) === 1, 'exactly one live connection');
    expect((await view(page)).counts).toEqual({ others: 0, total: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(liveConnections(sessionId)).toBe(1);
    await shot(page, 'cycles-one-connection');
  });

  it('a moderator’s forceUnpublish: the publisher is released, `unpublished` says why, publish() works again', async () => {
    const roomName = `force-${Date.now()}`;
    const publisher = await open(roomName, { publish: true });
    await joined(publisher.page);
    const moderator = await open(roomName, { role: 'moderator' });
    await joined(moderator.page);
    const before = await view(publisher.page);
    expect(before.camera?.status).toBe('published');
    const streamId = before.camera!.streamId!;
    await poll(
      async () => (await events(moderator.page)).some((e) => e.type === 'streamAdded'),
      'the moderator to see the stream',
    );
    await shot(publisher.page, 'force-before');

    await moderator.page.evaluate(
      ([apiKey, sessionId, id]) =>
        new Promise<void>((resolve, reject) =>
          (
            window as unknown as {
              OT: {
                initSession(
                  a: string,
                  s: string,
                ): { forceUnpublish(id: string, cb: (e?: Error) => void): void };
              };
            }
          ).OT.initSession(apiKey!, sessionId!).forceUnpublish(id!, (error) =>
            error ? reject(error) : resolve(),
          ),
        ),
      [emulator.apiKey, publisher.sessionId, streamId],
    );
    await poll(
      async () => (await events(publisher.page)).some((e) => e.type === 'unpublished'),
      'the publisher to hear it was unpublished',
    );
    const unpublished = (await events(publisher.page)).filter((e) => e.type === 'unpublished');
    expect(unpublished).toEqual([
      { type: 'unpublished', source: 'camera', reason: 'forceUnpublished' },
    ]);
    const after = await view(publisher.page);
    expect(after).toMatchObject({ state: 'connected', camera: null, publisher: null });
    await poll(
      async () =>
        (await events(moderator.page)).some(
          (e) => e.type === 'streamRemoved' && e.id === streamId && e.reason === 'forceUnpublished',
        ),
      'the moderator to see the stream removed as forceUnpublished',
    );
    await shot(publisher.page, 'force-after');

    await publisher.page.evaluate(() =>
      (window as unknown as { room: { publish(): Promise<void> } }).room.publish(),
    );
    const again = await view(publisher.page);
    expect(again.camera?.status).toBe('published');
    expect(again.camera?.streamId).not.toBe(streamId);
    await poll(
      async () =>
        (await events(moderator.page)).some(
          (e) => e.type === 'streamAdded' && e.id === again.camera?.streamId,
        ),
      'the moderator to see the new stream',
    );
    await shot(publisher.page, 'force-republished');
  });

  it('a camera whose tracks end (unplugged): the publisher is released as mediaStopped, publish() works again', async () => {
    const roomName = `ended-${Date.now()}`;
    const publisher = await open(roomName, { publish: true });
    await joined(publisher.page);
    const observer = await open(roomName);
    await joined(observer.page);
    const streamId = (await view(publisher.page)).camera!.streamId!;
    await poll(
      async () => (await events(observer.page)).some((e) => e.type === 'streamAdded'),
      'the observer to see the stream',
    );
    expect(await call<number>(publisher.page, 'endCamera')).toBeGreaterThan(0);
    await poll(
      async () => (await events(publisher.page)).some((e) => e.type === 'unpublished'),
      'the publisher to hear its media stopped',
    );
    expect((await events(publisher.page)).filter((e) => e.type === 'unpublished')).toEqual([
      { type: 'unpublished', source: 'camera', reason: 'mediaStopped' },
    ]);
    expect(await view(publisher.page)).toMatchObject({ camera: null, publisher: null });
    await poll(
      async () =>
        (await events(observer.page)).some(
          (e) => e.type === 'streamRemoved' && e.id === streamId && e.reason === 'mediaStopped',
        ),
      'the observer to see the stream removed as mediaStopped',
    );
    await shot(publisher.page, 'ended-after');
    await publisher.page.evaluate(() =>
      (window as unknown as { room: { publish(): Promise<void> } }).room.publish(),
    );
    expect((await view(publisher.page)).camera?.status).toBe('published');
    await shot(publisher.page, 'ended-republished');
  });
  it('someone joining mid-recording is told; two recordings at once keep it recording until the last stops', async () => {
    const roomName = `recorded-${Date.now()}`;
    const first = await open(roomName);
    await joined(first.page);
    // room-server records the room; the emulator tells the connected page (archiveStarted).
    const composed = await rooms.startArchive(roomName, { name: 'composed' });
    await poll(
      async () => (await view(first.page)).recording.active,
      'the first page to see the recording',
    );
    expect((await view(first.page)).recording).toMatchObject({
      archiveId: composed.id,
      name: 'composed',
      startedAt: expect.any(Number),
    });

    // A page joining now hears of it in the emulator's connect reply: recording at once, with
    // no start time (OpenTok does not tell clients when it started).
    const late = await open(roomName);
    await joined(late.page);
    await poll(
      async () => (await view(late.page)).recording.active,
      'the late page to see the recording',
      10_000,
    );
    expect((await view(late.page)).recording).toEqual({
      active: true,
      archiveId: composed.id,
      name: 'composed',
      startedAt: null,
    });
    const lateEvents = (await events(late.page)).filter((e) =>
      ['joined', 'recordingStarted'].includes(e.type),
    );
    expect(lateEvents).toEqual([
      { type: 'joined', id: expect.any(String) },
      { type: 'recordingStarted', id: composed.id, startedAt: null },
    ]);
    await shot(late.page, 'recording-late-joiner');

    // A second recording at once (multiArchiveTag); stopping it leaves the first one shown.
    const second = await rooms.startArchive(roomName, { name: 'second', multiArchiveTag: 'two' });
    const heard = (page: Page, type: string, id: string) =>
      poll(
        async () => (await events(page)).some((e) => e.type === type && e.id === id),
        `${type} ${id}`,
      );
    await Promise.all(
      [first.page, late.page].map((page) => heard(page, 'recordingStarted', second.id)),
    );
    await rooms.stopArchive(second.id);
    await Promise.all(
      [first.page, late.page].map((page) => heard(page, 'recordingStopped', second.id)),
    );
    for (const page of [first.page, late.page]) {
      expect((await view(page)).recording).toMatchObject({ active: true, archiveId: composed.id });
    }

    await rooms.stopArchive(composed.id);
    for (const page of [first.page, late.page]) {
      await poll(async () => !(await view(page)).recording.active, 'recording over');
    }
    expect((await view(late.page)).recording).toEqual({ active: false, startedAt: null });
  });
});
