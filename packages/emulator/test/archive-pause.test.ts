// An archive's `paused` state, as OpenTok has it: the last stream ending pauses the archive, a new
// stream resumes it, and an archive that goes too long without a stream stops by itself (OpenTok:
// 60 s with nobody connected or nobody published yet, 60 min while clients idle). The timeouts are
// shortened here; the real `opentok` SDK reads the statuses.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type OpenTok from 'opentok';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArchivePauseTimeouts, type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor, viaSdk } from './helpers/sdk.js';
import { connectRawClient, type RawClient, CAMERA_STREAM as STREAM } from './helpers/ws-client.js';

describe('archive paused state (real opentok SDK)', () => {
  let emulator: Emulator | undefined;
  let receiver: Server | undefined;
  const clients: RawClient[] = [];
  const callbacks: Array<Record<string, unknown>> = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    callbacks.splice(0);
    await emulator?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  async function setup(archivePauseTimeouts: ArchivePauseTimeouts) {
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
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    const started = await startEmulator({
      callbackUrl: `http://127.0.0.1:${port}/callbacks`,
      archivePauseTimeouts,
    });
    emulator = started;
    const opentok = sdkFor(started);
    const { sessionId } = await createSessionViaSdk(opentok, { mediaMode: 'routed' });
    const join = async () => {
      const joined = await connectRawClient(
        started,
        sessionId!,
        opentok.generateToken(sessionId!, { role: 'publisher' }),
      );
      clients.push(joined.client);
      return joined.client;
    };
    const get = (id: string) =>
      viaSdk<OpenTok.Archive>((done) => opentok.getArchive(id, done)).then((a) => a.status);
    const start = () =>
      viaSdk<OpenTok.Archive>((done) => opentok.startArchive(sessionId!, {}, done));
    return { opentok, sessionId: sessionId!, join, get, start };
  }

  const statuses = () =>
    callbacks.filter((body) => body.event === 'archive').map((body) => [body.status, body.reason]);

  it('the last stream ending pauses; a new stream resumes', async () => {
    const { join, get, start } = await setup({ unattendedMs: 60_000, idleMs: 60_000 });
    const alice = await join();
    const published = await alice.request(STREAM);
    const streamId = (published.result as { streamId: string }).streamId;
    const archive = await start();
    expect(archive.status).toBe('started');

    await alice.request({ type: 'unpublish', streamId });
    expect(await get(archive.id)).toBe('paused');
    await alice.waitFor(
      (message) => message.type === 'archive' && message.archive.status === 'paused',
    );
    const again = await alice.request(STREAM);
    expect(again.error).toBeUndefined();
    expect(await get(archive.id)).toBe('started');

    await emulator!.callbacksSettled();
    expect(statuses()).toEqual([
      ['started', ''],
      ['paused', ''],
      ['started', ''],
    ]);
  });

  it('paused with nobody connected: stops after the unattended timeout, then available', async () => {
    const { join, get, start } = await setup({ unattendedMs: 400, idleMs: 60_000 });
    const alice = await join();
    await alice.request(STREAM);
    const archive = await start();
    alice.send({ type: 'disconnect' });
    alice.close();
    await expect.poll(() => emulator!.connections().length, { timeout: 5000 }).toBe(0);
    // Paused first: nothing is recorded, but the archive still counts as recording.
    expect(await get(archive.id)).toBe('paused');
    await expect.poll(() => get(archive.id), { timeout: 5000 }).not.toBe('paused');
    await emulator!.callbacksSettled();
    expect(await get(archive.id)).toBe('available');
    expect(statuses()).toEqual([
      ['started', ''],
      ['paused', ''],
      ['stopped', 'all clients disconnected'],
      ['available', 'all clients disconnected'],
    ]);
  });

  it('someone back within the timeout resumes the same archive', async () => {
    const { join, get, start } = await setup({ unattendedMs: 1500, idleMs: 60_000 });
    const alice = await join();
    await alice.request(STREAM);
    const archive = await start();
    alice.send({ type: 'disconnect' });
    alice.close();
    await expect.poll(() => get(archive.id), { timeout: 5000 }).toBe('paused');
    const bob = await join();
    await bob.request(STREAM);
    expect(await get(archive.id)).toBe('started');
    // Well past the first timeout: still recording.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await get(archive.id)).toBe('started');
  });

  it('connected clients that stop publishing: the idle timeout stops it', async () => {
    const { join, get, start } = await setup({ unattendedMs: 60_000, idleMs: 400 });
    const alice = await join();
    const published = await alice.request(STREAM);
    const archive = await start();
    await alice.request({
      type: 'unpublish',
      streamId: (published.result as { streamId: string }).streamId,
    });
    await expect.poll(() => get(archive.id), { timeout: 5000 }).not.toMatch(/paused|started/);
    await emulator!.callbacksSettled();
    expect(statuses().slice(0, 3)).toEqual([
      ['started', ''],
      ['paused', ''],
      ['stopped', 'no stream published'],
    ]);
  });

  it('an archive nobody publishes to stops after the unattended timeout, never paused', async () => {
    const { join, get, start } = await setup({ unattendedMs: 400, idleMs: 60_000 });
    await join();
    const archive = await start();
    expect(archive.status).toBe('started');
    await expect.poll(() => get(archive.id), { timeout: 5000 }).not.toBe('started');
    await emulator!.callbacksSettled();
    expect(statuses().map(([status]) => status)).toEqual(['started', 'stopped', 'available']);
    expect(statuses()[1]).toEqual(['stopped', 'no stream published']);
  });

  it('refuses a negative or non-finite timeout', async () => {
    await expect(startEmulator({ archivePauseTimeouts: { idleMs: -1 } })).rejects.toThrow(
      /archivePauseTimeouts\.idleMs/,
    );
    await expect(
      startEmulator({ archivePauseTimeouts: { unattendedMs: Number.NaN } }),
    ).rejects.toThrow(/archivePauseTimeouts\.unattendedMs/);
  });
});
