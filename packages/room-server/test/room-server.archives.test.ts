import { startEmulator } from '@opentok-rooms/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomServer, type RoomServer } from '../src/index.js';
import { useEmulator } from './support/emulated-rooms.js';
import { connectSignallingClient, type SignallingClient } from './support/emulator-client.js';

const { emulator, rooms } = useEmulator();
const START = { method: 'POST', path: /\/archive$/ } as const;
const LIST = { method: 'GET', path: /\/archive$/ } as const;
const clients: SignallingClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.leave();
});

async function roomWithClient(server: RoomServer, name: string, session = {}) {
  const joined = await server.joinRoom(name, { session });
  const client = await connectSignallingClient(emulator(), joined.sessionId, joined.token);
  clients.push(client);
  return { ...joined, client };
}

describe('room-server archives (against the emulator)', () => {
  it('starts, gets, lists, stops and deletes a room recording', async () => {
    const server = rooms();
    const { sessionId } = await roomWithClient(server, 'rec-basic');
    const started = await server.startArchive('rec-basic', {
      name: 'Demo',
      resolution: '1280x720',
    });
    expect(started).toMatchObject({
      status: 'started',
      name: 'Demo',
      sessionId,
      outputMode: 'composed',
      resolution: '1280x720',
      url: undefined,
    });
    await expect(server.startArchive('rec-basic')).rejects.toMatchObject({ code: 'conflict' });
    expect((await server.getArchive(started.id)).status).toBe('started');
    const stopped = await server.stopArchive(started.id);
    expect(stopped.status).toBe('stopped');
    await expect(server.stopArchive(started.id)).rejects.toMatchObject({ code: 'conflict' });
    await emulator().callbacksSettled();
    const available = await server.getArchive(started.id);
    expect(available.status).toBe('available');
    expect(available.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const page = await server.listArchives({ room: 'rec-basic' });
    expect(page).toMatchObject({ count: 1, items: [{ id: started.id, status: 'available' }] });
    await server.deleteArchive(started.id);
    await expect(server.getArchive(started.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses relayed and end-to-end encrypted rooms before any request', async () => {
    const server = rooms();
    await server.joinRoom('rec-relayed', { session: { mediaMode: 'relayed' } });
    await server.joinRoom('rec-e2ee', { session: { e2ee: true } });
    const before = emulator().countRequests(START);
    await expect(server.startArchive('rec-relayed')).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('relayed'),
    });
    await expect(server.startArchive('rec-e2ee')).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('end-to-end'),
    });
    await expect(server.startArchive('no-such-room')).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      server.startArchive('rec-e2ee', { hasAudio: false, hasVideo: false }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    expect(emulator().countRequests(START)).toBe(before);
  });

  it('says why a room nobody joined yet cannot be recorded (404 from OpenTok)', async () => {
    const server = rooms();
    await server.getOrCreateRoom('rec-empty');
    await expect(server.startArchive('rec-empty')).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no client is connected'),
    });
  });

  it('after a hang, lists the room archives before retrying start (no double recording)', async () => {
    const server = rooms({ opentok: { timeoutMs: 300, retries: 2 } });
    const { sessionId } = await roomWithClient(server, 'rec-faults');
    const starts = emulator().countRequests(START);
    const lists = emulator().countRequests(LIST);
    // The start hangs past the deadline; the check that follows first meets a 500 (retried).
    emulator().faults.next({ kind: 'hang' }, { path: /\/archive$/ });
    emulator().faults.next({ kind: 'status', status: 500 }, { path: /\/archive$/ });
    const archive = await server.startArchive('rec-faults');
    expect(archive.status).toBe('started');
    expect(emulator().countRequests(START) - starts).toBe(2);
    expect(emulator().countRequests(LIST) - lists).toBe(2);
    const order = emulator()
      .requests.filter((entry) => entry.path.endsWith('/archive'))
      .slice(-4)
      .map((entry) => `${entry.method} ${entry.status}`);
    expect(order).toEqual(['POST hang', 'GET 500', 'GET 200', 'POST 200']);
    const page = await server.listArchives({ room: 'rec-faults' });
    expect(page.items.filter((entry) => entry.sessionId === sessionId)).toHaveLength(1);
    await server.stopArchive(archive.id);
  });

  it('adopts the archive a lost attempt started instead of starting a second one', async () => {
    const server = rooms({ opentok: { timeoutMs: 300, retries: 2 } });
    await roomWithClient(server, 'rec-lost');
    // The first attempt reaches OpenTok and starts recording, but its answer is lost (a 502 from
    // a proxy on the way back): simulated by starting it directly, then failing the next answer.
    const first = await server.startArchive('rec-lost', { name: 'Lost answer' });
    emulator().faults.next({ kind: 'status', status: 502 }, { path: /\/archive$/ });
    const adopted = await server.startArchive('rec-lost', { name: 'Lost answer' });
    expect(adopted.id).toBe(first.id);
    const page = await server.listArchives({ room: 'rec-lost' });
    expect(page.items.filter((entry) => entry.status === 'started')).toHaveLength(1);
    await server.stopArchive(first.id);
  });

  it('maps OpenTok 409/404/400 and gives up after retries on 500', async () => {
    const server = rooms({ opentok: { retries: 1 } });
    await expect(server.getArchive('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
    emulator().faults.next({ kind: 'status', status: 500 }, { path: /\/archive\/x$/, times: 2 });
    await expect(server.getArchive('x')).rejects.toMatchObject({ code: 'opentok_unavailable' });
    await expect(server.listArchives({ count: 0 })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'count',
    });
  });

  it('changes the layout and picks streams in manual mode', async () => {
    const server = rooms();
    const { client } = await roomWithClient(server, 'rec-manual');
    const streamId = await client.publish();
    const archive = await server.startArchive('rec-manual', { streamMode: 'manual' });
    await server.setArchiveLayout(archive.id, { type: 'bestFit', screenshareType: 'pip' });
    await expect(server.setArchiveLayout(archive.id, { type: 'custom' })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'layout.stylesheet',
    });
    await server.addArchiveStream(archive.id, streamId, { hasVideo: false });
    expect((await server.getArchive(archive.id)).streams).toEqual([
      { streamId, hasAudio: true, hasVideo: false },
    ]);
    await server.removeArchiveStream(archive.id, streamId);
    await expect(server.removeArchiveStream(archive.id, streamId)).rejects.toMatchObject({
      code: 'not_found',
    });
    await server.stopArchive(archive.id);
    const auto = await server.startArchive('rec-manual');
    await expect(server.addArchiveStream(auto.id, streamId)).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'streamMode',
    });
    await server.stopArchive(auto.id);
  });
});

describe('room-server archives with a Vonage application', () => {
  it('records a room through the Bearer RS256 REST path (same archive paths)', async () => {
    const vonage = await startEmulator({ account: 'vonage' });
    try {
      const server = createRoomServer({
        applicationId: vonage.applicationId,
        privateKey: vonage.privateKey,
        apiUrl: vonage.url,
      });
      const joined = await server.joinRoom('vonage-rec');
      const client = await connectSignallingClient(vonage, joined.sessionId, joined.token);
      clients.push(client);
      const archive = await server.startArchive('vonage-rec');
      expect(archive.status).toBe('started');
      expect((await server.stopArchive(archive.id)).status).toBe('stopped');
      expect(vonage.countRequests({ method: 'POST', path: /\/archive$/ })).toBe(1);
    } finally {
      await vonage.close();
    }
  });
});
