// The archive REST API, driven by the real `opentok` SDK: its archive methods work unchanged.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type OpenTok from 'opentok';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor, viaSdk } from './helpers/sdk.js';
import { connectRawClient, type RawClient, CAMERA_STREAM as STREAM } from './helpers/ws-client.js';

describe('archive REST API (real opentok SDK)', () => {
  let emulator: Emulator;
  let opentok: OpenTok;
  let receiver: Server;
  let callbacks: Array<Record<string, unknown>>;
  const clients: RawClient[] = [];

  const routedSession = async (options: OpenTok.SessionOptions = {}): Promise<string> =>
    (await createSessionViaSdk(opentok, { mediaMode: 'routed', ...options })).sessionId!;
  const join = async (sessionId: string, role = 'publisher') => {
    const joined = await connectRawClient(
      emulator,
      sessionId,
      opentok.generateToken(sessionId, { role }),
    );
    clients.push(joined.client);
    return joined;
  };
  const start = (sessionId: string, options: OpenTok.ArchiveOptions = {}) =>
    viaSdk<OpenTok.Archive>((done) => opentok.startArchive(sessionId, options, done));
  const archiveCallbacks = () => callbacks.filter((body) => body.event === 'archive');

  beforeEach(async () => {
    callbacks = [];
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        callbacks.push(JSON.parse(body) as Record<string, unknown>);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    emulator = await startEmulator({ callbackUrl: `http://127.0.0.1:${port}/callbacks` });
    opentok = sdkFor(emulator);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await emulator.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('starts, stops, gets, lists and deletes an archive; clients hear archive events', async () => {
    const sessionId = await routedSession();
    const { client } = await join(sessionId);
    const started = await start(sessionId, { name: 'Weekly call', resolution: '1280x720' });
    expect(started).toMatchObject({
      status: 'started',
      name: 'Weekly call',
      sessionId,
      outputMode: 'composed',
      streamMode: 'auto',
      resolution: '1280x720',
      hasAudio: true,
      hasVideo: true,
      url: null,
      size: 0,
    });
    await client.waitFor((message) => message.type === 'archive');
    expect(client.messages.at(-1)).toEqual({
      type: 'archive',
      archive: { id: started.id, name: 'Weekly call', status: 'started' },
    });

    const stopped = await viaSdk<OpenTok.Archive>((done) => opentok.stopArchive(started.id, done));
    expect(stopped).toMatchObject({ id: started.id, status: 'stopped', reason: 'user initiated' });
    await client.waitFor(
      (message) => message.type === 'archive' && message.archive.status === 'stopped',
    );

    await emulator.callbacksSettled();
    const got = await viaSdk<OpenTok.Archive>((done) => opentok.getArchive(started.id, done));
    expect(got.status).toBe('available');
    expect(got.url).toMatch(new RegExp(`^${emulator.url}/v2/archive-media/${started.id}/`));
    expect(got.size).toBeGreaterThan(44);
    expect(archiveCallbacks().map((body) => body.status)).toEqual([
      'started',
      'stopped',
      'available',
    ]);
    expect(archiveCallbacks()[2]).toMatchObject({ id: started.id, sessionId, url: got.url });

    const listed = await new Promise<{ archives: OpenTok.Archive[]; total: number }>(
      (resolve, reject) =>
        opentok.listArchives({ sessionId }, (error, archives, total) =>
          error ? reject(error) : resolve({ archives: archives ?? [], total: total ?? -1 }),
        ),
    );
    expect(listed.total).toBe(1);
    expect(listed.archives.map((archive) => archive.id)).toEqual([started.id]);

    await viaSdk((done) => opentok.deleteArchive(started.id, done));
    await expect(
      viaSdk<OpenTok.Archive>((done) => opentok.getArchive(started.id, done)),
    ).rejects.toThrow('Archive not found');
  });

  it('serves a real (placeholder) WAV file at url when no media router recorded', async () => {
    const sessionId = await routedSession();
    await join(sessionId);
    const { id } = await start(sessionId);
    await viaSdk<OpenTok.Archive>((done) => opentok.stopArchive(id, done));
    await emulator.callbacksSettled();
    const { url } = await viaSdk<OpenTok.Archive>((done) => opentok.getArchive(id, done));
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('x-emulator-placeholder')).toBe('true');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
    expect(bytes.readUInt32LE(24)).toBe(8000); // sample rate: a playable file, ≥ 1 s long
    expect(bytes.length).toBeGreaterThanOrEqual(44 + 8000);

    const early = await fetch(`${emulator.url}/v2/archive-media/nope/archive.wav`);
    expect(early.status).toBe(404);
    expect(await early.json()).toMatchObject({
      message: expect.stringContaining('does not exist'),
    });
  });

  it('refuses a second archive (409), a relayed session (400), no clients (404), a wrong key (403)', async () => {
    const sessionId = await routedSession();
    await expect(start(sessionId)).rejects.toThrow('Session not found');
    await join(sessionId);
    await start(sessionId);
    await expect(start(sessionId)).rejects.toThrow(/already being recorded/);
    expect(emulator.countRequests({ method: 'POST', path: /\/archive$/ })).toBe(3);
    expect(
      emulator.requests
        .filter((entry) => entry.path.endsWith('/archive'))
        .map((entry) => entry.status),
    ).toEqual([404, 200, 409]);

    const relayed = (await createSessionViaSdk(opentok, { mediaMode: 'relayed' })).sessionId!;
    await join(relayed);
    await expect(start(relayed)).rejects.toThrow(/routed session/);

    const wrong = sdkFor(emulator, 'f'.repeat(40));
    await expect(
      viaSdk<OpenTok.Archive>((done) => wrong.startArchive(sessionId, {}, done)),
    ).rejects.toThrow('Invalid API key or secret');
  });

  it('checks start options like OpenTok', async () => {
    const sessionId = await routedSession();
    await join(sessionId);
    for (const [options, message] of [
      [{ hasAudio: false, hasVideo: false }, 'both be false'],
      [{ outputMode: 'individual', resolution: '640x480' }, 'only for composed'],
      [{ resolution: '800x600' }, 'resolution must be one of'],
      [{ layout: { type: 'custom' } }, 'needs a stylesheet'],
      [{ layout: { type: 'pip', screenshareType: 'pip' } }, 'needs the layout type bestFit'],
      [{ maxDuration: 10 }, 'maxDuration'],
    ] as const) {
      await expect(start(sessionId, options as OpenTok.ArchiveOptions)).rejects.toThrow(message);
    }
  });

  it('changes the layout and picks streams by hand in manual stream mode', async () => {
    const sessionId = await routedSession();
    const { client } = await join(sessionId);
    const stream = (await client.request(STREAM)).result as { streamId: string };
    const manual = await start(sessionId, { streamMode: 'manual' });
    await viaSdk((done) => opentok.setArchiveLayout(manual.id, 'bestFit', null, 'pip', done));
    await expect(
      viaSdk((done) => opentok.setArchiveLayout(manual.id, 'custom', null, null, done)),
    ).rejects.toThrow();
    await viaSdk((done) =>
      opentok.addArchiveStream(manual.id, stream.streamId, { hasVideo: false }, done),
    );
    let got = await viaSdk<OpenTok.Archive>((done) => opentok.getArchive(manual.id, done));
    expect(got.streams).toEqual([{ streamId: stream.streamId, hasAudio: true, hasVideo: false }]);
    await expect(
      viaSdk((done) => opentok.addArchiveStream(manual.id, 'no-such-stream', {}, done)),
    ).rejects.toThrow('Archive or stream not found');
    await viaSdk((done) => opentok.removeArchiveStream(manual.id, stream.streamId, done));
    got = await viaSdk<OpenTok.Archive>((done) => opentok.getArchive(manual.id, done));
    expect(got.streams).toEqual([]);
    await viaSdk<OpenTok.Archive>((done) => opentok.stopArchive(manual.id, done));

    const auto = await start(sessionId);
    await expect(
      viaSdk((done) => opentok.addArchiveStream(auto.id, stream.streamId, {}, done)),
    ).rejects.toThrow('Unsupported Stream Mode');
    got = await viaSdk<OpenTok.Archive>((done) => opentok.getArchive(auto.id, done));
    expect(got.streams.map((entry) => entry.streamId)).toEqual([stream.streamId]);
  });

  it('stops twice: 409 the second time; unknown archives are 404', async () => {
    const sessionId = await routedSession();
    await join(sessionId);
    const { id } = await start(sessionId);
    await viaSdk<OpenTok.Archive>((done) => opentok.stopArchive(id, done));
    await expect(viaSdk<OpenTok.Archive>((done) => opentok.stopArchive(id, done))).rejects.toThrow(
      /not being recorded/,
    );
    await expect(
      viaSdk<OpenTok.Archive>((done) => opentok.stopArchive('nope', done)),
    ).rejects.toThrow('Archive not found');
    await expect(viaSdk((done) => opentok.deleteArchive('nope', done))).rejects.toThrow(
      'Archive not found',
    );
  });

  it('pages listArchives newest first, with the total count', async () => {
    const sessionId = await routedSession();
    await join(sessionId);
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const { id } = await start(sessionId);
      await viaSdk<OpenTok.Archive>((done) => opentok.stopArchive(id, done));
      ids.push(id);
    }
    const page = await new Promise<{ archives: OpenTok.Archive[]; total: number }>(
      (resolve, reject) =>
        opentok.listArchives({ offset: 1, count: 1 }, (error, archives, total) =>
          error ? reject(error) : resolve({ archives: archives ?? [], total: total ?? -1 }),
        ),
    );
    expect(page.total).toBe(3);
    expect(page.archives.map((archive) => archive.id)).toEqual([ids[1]]);
  });

  it("archiveMode 'always' starts on the first publish; the last client leaving pauses it", async () => {
    const sessionId = await routedSession({ archiveMode: 'always' });
    const { client } = await join(sessionId);
    const watcher = await join(sessionId, 'subscriber');
    expect(archiveCallbacks()).toEqual([]);
    await client.request(STREAM);
    await watcher.client.waitFor(
      (message) => message.type === 'archive' && message.archive.status === 'started',
    );
    // A client joining now is told in its connect reply (its SDK fires archiveStarted after connect).
    const late = await join(sessionId);
    expect(late.result.archives).toEqual([
      expect.objectContaining({ status: 'started', name: '' }),
    ]);
    for (const entry of clients.splice(0)) {
      entry.send({ type: 'disconnect' });
      entry.close();
    }
    await expect.poll(() => emulator.connections(sessionId).length, { timeout: 5000 }).toBe(0);
    await emulator.callbacksSettled();
    // OpenTok stops it 60 s later (archive-pause.test.ts shortens that).
    expect(archiveCallbacks().map((body) => [body.status, body.reason])).toEqual([
      ['started', ''],
      ['paused', ''],
    ]);
  });

  it('refuses e2ee with archiveMode always, and archiving an e2ee session', async () => {
    const refused = await createSessionViaSdk(opentok, {
      mediaMode: 'routed',
      archiveMode: 'always',
      e2ee: true,
    });
    expect(refused.error?.message).toMatch(/Unexpected response/);
    const sessionId = await routedSession({ e2ee: true });
    await join(sessionId);
    await expect(start(sessionId)).rejects.toThrow(/end-to-end encrypted/);
  });
});
