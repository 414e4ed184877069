// Archive status callbacks: the room's recording state from signed callbacks, end to end with the
// emulator, and harmless when OpenTok repeats or reorders them.
import { type Emulator, type EmulatorOptions, startEmulator } from '@opentok-rooms/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomHandler, signCallback, toNodeListener } from '../../src/http/index.js';
import { createRoomServer, type RoomServer } from '../../src/index.js';
import { connectSignallingClient, type SignallingClient } from '../support/emulator-client.js';
import { send, serve } from '../support/serve.js';

const SECRET = 'archive-callback-secret-0123456789';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  options: EmulatorOptions = {},
): Promise<{ url: string; server: RoomServer; emulator: Emulator }> {
  let server: RoomServer | undefined;
  const served = await serve((request, response) =>
    toNodeListener(
      createRoomHandler({
        rooms: server!,
        authorize: () => true,
        webhooks: { signatureSecret: SECRET },
      }),
    )(request, response),
  );
  cleanups.push(served.close);
  const emulator = await startEmulator({
    ...options,
    callbackUrl: `${served.url}/webhooks/opentok`,
    callbackSignatureSecret: SECRET,
  });
  cleanups.push(() => emulator.close());
  server = createRoomServer({
    apiKey: emulator.apiKey,
    apiSecret: emulator.apiSecret,
    apiUrl: emulator.url,
  });
  return { url: served.url, server, emulator };
}

function archiveCallback(sessionId: string, status: string, updatedAt: number, id = 'arch-1') {
  return {
    id,
    event: 'archive',
    status,
    name: 'Standup',
    sessionId,
    projectId: 123,
    createdAt: 1000,
    updatedAt,
    duration: 0,
    size: 0,
    reason: '',
    outputMode: 'composed',
    url: null,
  };
}

async function deliver(url: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return send(`${url}/webhooks/opentok`, 'POST', body, {
    authorization: signCallback(body, SECRET),
  });
}

describe('archive status callbacks', () => {
  it('a recording started and stopped through the emulator shows in getRoom and the room list', async () => {
    const { url, server, emulator } = await setup();
    const joined = await server.joinRoom('standup');
    const client: SignallingClient = await connectSignallingClient(
      emulator,
      joined.sessionId,
      joined.token,
    );
    cleanups.push(() => client.leave());
    const archive = await server.startArchive('standup', { name: 'Standup' });
    await emulator.callbacksSettled();
    expect((await server.getRoom('standup'))?.recording).toEqual({
      active: true,
      archiveId: archive.id,
      name: 'Standup',
      startedAt: archive.createdAt,
      status: 'started',
    });
    const listed = await send(`${url}/rooms`, 'GET');
    expect(listed.body.rooms).toEqual([
      expect.objectContaining({ name: 'standup', recording: true }),
    ]);

    await server.stopArchive(archive.id);
    await emulator.callbacksSettled();
    expect((await server.getRecording('standup')).active).toBe(false);
    expect((await send(`${url}/rooms`, 'GET')).body.rooms[0].recording).toBe(false);
  });

  it('repeated and reordered callbacks leave the right state; unsigned ones are refused', async () => {
    const { url, server } = await setup();
    const { sessionId } = await server.joinRoom('standup');
    for (const payload of [
      archiveCallback(sessionId, 'started', 1000),
      archiveCallback(sessionId, 'started', 1000),
    ]) {
      expect((await deliver(url, payload)).status).toBe(204);
    }
    expect((await server.getRecording('standup')).active).toBe(true);
    // `available` overtakes `stopped`; the late `stopped` and a stray `started` change nothing.
    for (const status of ['available', 'stopped', 'started']) {
      expect((await deliver(url, archiveCallback(sessionId, status, 1500))).status).toBe(204);
    }
    expect((await server.getRecording('standup')).active).toBe(false);

    const unsigned = await send(
      `${url}/webhooks/opentok`,
      'POST',
      archiveCallback(sessionId, 'started', 9000, 'arch-2'),
    );
    expect(unsigned.status).toBe(401);
    expect((await server.getRecording('standup')).active).toBe(false);

    const bad = await deliver(url, { event: 'archive', id: 'x', status: 'exploded', sessionId });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_argument');
  });

  it('paused while nobody publishes: still recording, with status paused; resumed; stopped when all leave', async () => {
    const { url, server, emulator } = await setup({ archivePauseTimeouts: { unattendedMs: 500 } });
    const joined = await server.joinRoom('standup');
    const client = await connectSignallingClient(emulator, joined.sessionId, joined.token);
    cleanups.push(() => client.leave());
    const streamId = await client.publish();
    const archive = await server.startArchive('standup', { name: 'Standup' });

    await client.unpublish(streamId);
    await emulator.callbacksSettled();
    expect(await server.getRecording('standup')).toMatchObject({
      active: true,
      archiveId: archive.id,
      status: 'paused',
    });
    expect((await send(`${url}/rooms`, 'GET')).body.rooms[0].recording).toBe(true);

    await client.publish();
    await emulator.callbacksSettled();
    expect((await server.getRecording('standup')).status).toBe('started');

    // Everyone leaves: paused, then OpenTok's (here shortened) timeout stops it.
    client.leave();
    await expect
      .poll(async () => (await server.getArchive(archive.id)).status, { timeout: 5000 })
      .toMatch(/stopped|available/);
    await emulator.callbacksSettled();
    expect(await server.getRecording('standup')).toEqual({ active: false });
    expect((await server.getArchive(archive.id)).reason).toBe('all clients disconnected');
  });
});
