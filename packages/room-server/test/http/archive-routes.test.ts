// The archive routes: their own authorize actions (refused by default), room scoping, and OpenTok's
// sample-server routes, against the emulator.
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { type Authorize, createRoomHandler, toNodeListener } from '../../src/http/index.js';
import { createRoomServer, type RoomServer } from '../../src/index.js';
import { connectSignallingClient } from '../support/emulator-client.js';
import { send, serve } from '../support/serve.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  authorize?: Authorize,
): Promise<{ url: string; rooms: RoomServer; emulator: Emulator }> {
  const emulator = await startEmulator();
  cleanups.push(() => emulator.close());
  const rooms = createRoomServer({
    apiKey: emulator.apiKey,
    apiSecret: emulator.apiSecret,
    apiUrl: emulator.url,
  });
  const served = await serve(
    toNodeListener(createRoomHandler(authorize === undefined ? { rooms } : { rooms, authorize })),
  );
  cleanups.push(served.close);
  return { url: served.url, rooms, emulator };
}

async function someoneIn(emulator: Emulator, rooms: RoomServer, room: string): Promise<string> {
  const joined = await rooms.joinRoom(room);
  const client = await connectSignallingClient(emulator, joined.sessionId, joined.token);
  cleanups.push(() => client.leave());
  return joined.sessionId;
}

/** A policy keyed on a header: moderators record, everyone may look, anyone may join. */
const byRole: Authorize = (request, { action }) => {
  const role = request.headers.get('x-role');
  if (action === 'joinRoom') return true;
  if (action === 'getArchive' || action === 'listArchives') return role !== null;
  if (action === 'startArchive' || action === 'stopArchive') return role === 'moderator';
  return false;
};
const MODERATOR = { 'x-role': 'moderator' };
const PUBLISHER = { 'x-role': 'publisher' };

describe('archive routes', () => {
  it('the default policy refuses every archive action', async () => {
    const { url, rooms, emulator } = await setup();
    const sessionId = await someoneIn(emulator, rooms, 'standup');
    for (const [method, path, body] of [
      ['POST', '/rooms/standup/archives', {}],
      ['GET', '/rooms/standup/archives', undefined],
      ['GET', '/rooms/standup/archives/some-id', undefined],
      ['POST', '/rooms/standup/archives/some-id/stop', undefined],
      ['POST', '/archive/start', { sessionId }],
      ['POST', '/archive/some-id/stop', undefined],
      ['GET', '/archive/some-id', undefined],
      ['GET', '/archive/some-id/view', undefined],
      ['GET', '/archive', undefined],
    ] as const) {
      const answer = await send(`${url}${path}`, method, body);
      expect([path, answer.status, answer.body?.error?.code]).toEqual([path, 403, 'forbidden']);
    }
    expect(emulator.countRequests({ path: /\/archive/ })).toBe(0);
  });

  it('a moderator starts and stops; a publisher cannot stop; rooms do not see each other', async () => {
    const { url, rooms, emulator } = await setup(byRole);
    await someoneIn(emulator, rooms, 'standup');
    await someoneIn(emulator, rooms, 'other');
    const refused = await send(`${url}/rooms/standup/archives`, 'POST', {}, PUBLISHER);
    expect(refused.status).toBe(403);
    const started = await send(
      `${url}/rooms/standup/archives`,
      'POST',
      { name: 'Standup' },
      MODERATOR,
    );
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'started', name: 'Standup' });
    const id = started.body.id as string;

    const stopByPublisher = await send(
      `${url}/rooms/standup/archives/${id}/stop`,
      'POST',
      undefined,
      PUBLISHER,
    );
    expect(stopByPublisher.status).toBe(403);
    expect((await rooms.getArchive(id)).status).toBe('started');
    const viaOtherRoom = await send(
      `${url}/rooms/other/archives/${id}/stop`,
      'POST',
      undefined,
      MODERATOR,
    );
    expect(viaOtherRoom.status).toBe(404);
    expect((await rooms.getArchive(id)).status).toBe('started');

    const listed = await send(`${url}/rooms/standup/archives`, 'GET', undefined, PUBLISHER);
    expect(listed.body).toMatchObject({ count: 1, items: [{ id, status: 'started' }] });
    const again = await send(`${url}/rooms/standup/archives`, 'POST', {}, MODERATOR);
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);

    const stopped = await send(
      `${url}/rooms/standup/archives/${id}/stop`,
      'POST',
      undefined,
      MODERATOR,
    );
    expect([stopped.status, stopped.body.status]).toEqual([200, 'stopped']);
    const bad = await send(
      `${url}/rooms/standup/archives`,
      'POST',
      { resolution: '1x1' },
      MODERATOR,
    );
    expect([bad.status, bad.body.error.field]).toEqual([400, 'resolution']);
  });

  it("OpenTok's sample-server routes: start by session, stop, get, list, view redirects once available", async () => {
    const { url, rooms, emulator } = await setup(() => true);
    const session = await send(`${url}/session`, 'GET');
    const { sessionId, token } = session.body as { sessionId: string; token: string };
    const client = await connectSignallingClient(emulator, sessionId, token);
    cleanups.push(() => client.leave());

    const started = await send(`${url}/archive/start`, 'POST', { sessionId });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      status: 'started',
      sessionId,
      name: 'Archiving Sample App',
    });
    const id = started.body.id as string;
    const pending = await send(`${url}/archive/${id}/view`, 'GET');
    expect([pending.status, pending.body.error.code]).toEqual([409, 'conflict']);

    expect((await send(`${url}/archive/${id}/stop`, 'POST')).body.status).toBe('stopped');
    await emulator.callbacksSettled();
    expect((await send(`${url}/archive/${id}`, 'GET')).body.status).toBe('available');
    const list = await send(`${url}/archive`, 'GET');
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([id]);

    const view = await fetch(`${url}/archive/${id}/view`, { redirect: 'manual' });
    expect(view.status).toBe(302);
    const location = view.headers.get('location')!;
    expect(location).toBe((await rooms.getArchive(id)).url);
    const media = await fetch(location);
    expect([media.status, media.headers.get('content-type')]).toEqual([200, 'audio/wav']);
  });

  it('POST /archive/start takes the form the older sample pages post (jQuery urlencoded, FormData)', async () => {
    const { url, rooms, emulator } = await setup(() => true);
    const session = await send(`${url}/session`, 'GET');
    const { sessionId, token } = session.body as { sessionId: string; token: string };
    const client = await connectSignallingClient(emulator, sessionId, token);
    cleanups.push(() => client.leave());

    // Exactly what jQuery's `$.post(url, { sessionId: sessionId })` sends.
    const jquery = await fetch(`${url}/archive/start`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'x-requested-with': 'XMLHttpRequest',
      },
      body: `sessionId=${encodeURIComponent(sessionId)}`,
    });
    const first = (await jquery.json()) as { id: string; status: string; sessionId: string };
    expect([jquery.status, first.status, first.sessionId]).toEqual([200, 'started', sessionId]);
    await rooms.stopArchive(first.id);

    // `fetch` with a FormData (multipart), with options as form strings.
    const form = new FormData();
    form.append('sessionId', sessionId);
    form.append('name', 'From a form');
    form.append('hasVideo', 'false');
    form.append('outputMode', 'composed');
    const multipart = await fetch(`${url}/archive/start`, { method: 'POST', body: form });
    const second = (await multipart.json()) as { id: string; name: string; hasVideo: boolean };
    expect([multipart.status, second.name, second.hasVideo]).toEqual([200, 'From a form', false]);
    await rooms.stopArchive(second.id);
    const startsBefore = emulator.countRequests({ method: 'POST', path: /\/archive$/ });

    // Bad forms: a clear 400 naming the field, and no request to the platform.
    for (const [body, field] of [
      [`name=x`, 'sessionId'],
      [`sessionId=${sessionId}&hasAudio=yes`, 'hasAudio'],
      [`sessionId=${sessionId}&maxDuration=ten`, 'maxDuration'],
      [`sessionId=${sessionId}&layout=pip`, 'layout'],
      [`sessionId=${sessionId}&sessionId=other`, 'sessionId'],
    ] as const) {
      const bad = await send(`${url}/archive/start`, 'POST', body, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect([body, bad.status, bad.body.error.code, bad.body.error.field]).toEqual([
        body,
        400,
        'invalid_argument',
        field,
      ]);
    }
    const plain = await send(`${url}/archive/start`, 'POST', `sessionId=${sessionId}`, {
      'content-type': 'text/plain',
    });
    expect([plain.status, plain.body.error.code]).toEqual([415, 'unsupported_media_type']);
    expect(plain.body.error.message).toContain('form');
    expect(emulator.countRequests({ method: 'POST', path: /\/archive$/ })).toBe(startsBefore);
  });
});
