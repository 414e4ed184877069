// Moderation and idle expiry through the adapter, against the emulator's REST API.
import { describe, expect, it } from 'vitest';
import { createRoomHandler, toNodeListener } from '../src/http/index.js';
import { memoryRoomStore } from '../src/index.js';
import { useEmulator } from './support/emulated-rooms.js';
import { send, serve } from './support/serve.js';

const { emulator, rooms } = useEmulator();
const count = (path: RegExp) => emulator().countRequests({ path });

describe('moderation', () => {
  it('signals a room and one connection with the SDK wire format and auth', async () => {
    const server = rooms();
    const { room } = await server.getOrCreateRoom('town-hall');
    await server.signal('town-hall', { type: 'chat', data: 'hello' });
    expect(count(new RegExp(`/session/${room.sessionId}/signal$`))).toBe(1);
    await expect(
      server.signal('town-hall', { type: 'chat', data: 'hi', to: 'no-such-connection' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('validates signals before calling OpenTok', async () => {
    const server = rooms();
    await server.getOrCreateRoom('checked');
    const before = count(/\/signal$/);
    await expect(server.signal('checked', { type: 'bad type!', data: '' })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'type',
    });
    await expect(
      server.signal('checked', { type: 't', data: 'x'.repeat(8193) }),
    ).rejects.toMatchObject({ field: 'data' });
    await expect(server.signal('missing-room', { type: 't', data: '' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(count(/\/signal$/)).toBe(before);
  });

  it('forceDisconnect of an unknown connection is not_found; muteAll succeeds', async () => {
    const server = rooms();
    await server.getOrCreateRoom('stage');
    await expect(server.forceDisconnect('stage', 'nobody')).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(server.muteAll('stage', { excludedStreamIds: ['s1'] })).resolves.toBeUndefined();
  });

  it('retries idempotent calls on 5xx, but never a signal', async () => {
    const server = rooms();
    await server.getOrCreateRoom('retry');
    emulator().faults.next({ kind: 'status', status: 500 }, { path: /\/mute$/ });
    const mutes = count(/\/mute$/);
    await server.muteAll('retry');
    expect(count(/\/mute$/)).toBe(mutes + 2);
    emulator().faults.next({ kind: 'status', status: 500 }, { path: /\/signal$/ });
    const signals = count(/\/signal$/);
    await expect(server.signal('retry', { type: 't', data: 'd' })).rejects.toMatchObject({
      code: 'opentok_unavailable',
    });
    expect(count(/\/signal$/)).toBe(signals + 1);
  });

  it('a refused connection is opentok_unavailable, not a crashed process', async () => {
    const store = memoryRoomStore();
    await rooms({ store }).getOrCreateRoom('offline');
    const unreachable = rooms({ store, apiUrl: 'http://127.0.0.1:9', opentok: { retries: 0 } });
    await expect(unreachable.signal('offline', { type: 't', data: 'd' })).rejects.toMatchObject({
      code: 'opentok_unavailable',
    });
    await expect(unreachable.forceDisconnect('offline', 'c1')).rejects.toMatchObject({
      code: 'opentok_unavailable',
    });
  });

  it('a hanging OpenTok is a timeout', async () => {
    const server = rooms({ opentok: { timeoutMs: 200, retries: 0 } });
    await server.getOrCreateRoom('slow');
    emulator().faults.next({ kind: 'hang' }, { path: /\/signal$/ });
    await expect(server.signal('slow', { type: 't', data: 'd' })).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('over HTTP only when authorize allows, with the error table', async () => {
    const server = rooms();
    const served = await serve(
      toNodeListener(
        createRoomHandler({
          rooms: server,
          authorize: (request, { action }) =>
            action === 'joinRoom' || request.headers.get('x-role') === 'admin',
        }),
      ),
    );
    try {
      await send(`${served.url}/rooms/panel/join`, 'POST');
      const admin = { 'x-role': 'admin' };
      expect(
        (await send(`${served.url}/rooms/panel/signal`, 'POST', { type: 'note', data: 'x' }, admin))
          .status,
      ).toBe(204);
      expect((await send(`${served.url}/rooms/panel/mute`, 'POST', {}, admin)).status).toBe(204);
      expect(
        (await send(`${served.url}/rooms/panel/connections/ghost`, 'DELETE', undefined, admin))
          .status,
      ).toBe(404);
      expect(
        (await send(`${served.url}/rooms/panel/signal`, 'POST', { type: 'note', data: 'x' }))
          .status,
      ).toBe(403);
      expect(
        (await send(`${served.url}/rooms/panel/signal`, 'POST', { type: 'n o', data: 'x' }, admin))
          .status,
      ).toBe(400);
    } finally {
      await served.close();
    }
  });
});

describe('expireIdleRooms', () => {
  it('deletes rooms with no one in them and no activity for the idle time, and only those', async () => {
    const server = rooms();
    const { room: quiet } = await server.getOrCreateRoom('quiet');
    const { room: busy } = await server.getOrCreateRoom('busy');
    const { room: left } = await server.getOrCreateRoom('left');
    const t0 = Date.parse(quiet.createdAt);
    const event = (sessionId: string, name: string, id: string, at: number) => ({
      sessionId,
      projectId: emulator().apiKey,
      event: name,
      timestamp: at,
      connection: { id, createdAt: at, data: '' },
    });
    await server.recordSessionEvent(event(busy.sessionId, 'connectionCreated', 'b1', t0 + 1000));
    await server.recordSessionEvent(event(left.sessionId, 'connectionCreated', 'l1', t0 + 1000));
    await server.recordSessionEvent(
      event(left.sessionId, 'connectionDestroyed', 'l1', t0 + 50_000),
    );

    expect(await server.expireIdleRooms({ idleForMs: 60_000, now: t0 + 30_000 })).toEqual([]);
    expect(await server.expireIdleRooms({ idleForMs: 60_000, now: t0 + 70_000 })).toEqual([
      'quiet',
    ]);
    expect(await server.expireIdleRooms({ idleForMs: 60_000, now: t0 + 120_000 })).toEqual([
      'left',
    ]);
    expect((await server.listRooms()).rooms.map((r) => r.name)).toEqual(['busy']);
    await expect(server.expireIdleRooms({ idleForMs: -1 })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
