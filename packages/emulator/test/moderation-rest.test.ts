import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, type SessionCallbackBody, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';
import { connectRawClient, type RawClient } from './helpers/ws-client.js';

const STREAM = {
  type: 'publish',
  name: 'cam',
  hasAudio: true,
  hasVideo: true,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
};

/** Calls an SDK method and resolves with its first callback (the SDK can call back twice). */
function call<T extends unknown[]>(run: (callback: (...args: T) => void) => void): Promise<T> {
  return new Promise((resolve) => run((...args) => resolve(args)));
}

describe('moderation REST API through the real opentok SDK', () => {
  let emulator: Emulator;
  let sessionId: string;
  const clients: RawClient[] = [];
  const connect = async (role = 'publisher') => {
    const token = sdkFor(emulator).generateToken(sessionId, { role });
    const connected = await connectRawClient(emulator, sessionId, token);
    clients.push(connected.client);
    return connected;
  };

  beforeEach(async () => {
    emulator = await startEmulator();
    sessionId = (await createSessionViaSdk(sdkFor(emulator))).sessionId!;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await emulator.close();
  });

  it('signal reaches every client, or one connection, with from = null', async () => {
    const a = await connect();
    const b = await connect();
    const opentok = sdkFor(emulator);
    const [error] = await call<[Error | null]>((cb) =>
      opentok.signal(sessionId, null, { type: 'notice', data: 'to all' }, cb),
    );
    expect(error).toBeNull();
    const expected = { type: 'signal', signalType: 'notice', data: 'to all', from: null };
    expect(await a.client.waitFor((message) => message.type === 'signal')).toEqual(expected);
    expect(await b.client.waitFor((message) => message.type === 'signal')).toEqual(expected);

    const [oneError] = await call<[Error | null]>((cb) =>
      opentok.signal(sessionId, b.result.connection.connectionId, { data: 'to b' }, cb),
    );
    expect(oneError).toBeNull();
    await b.client.waitFor((message) => message.type === 'signal' && message.data === 'to b');
    expect(a.client.messages.filter((message) => message.type === 'signal')).toHaveLength(1);

    const [missing] = await call<[Error | null]>((cb) =>
      opentok.signal(sessionId, 'no-such-connection', { data: 'x' }, cb),
    );
    expect(missing?.message).toMatch(/not found/i);
  });

  it('forceDisconnect removes a client with reason forceDisconnected', async () => {
    const a = await connect();
    const b = await connect();
    const [error] = await call<[Error | null]>((cb) =>
      sdkFor(emulator).forceDisconnect(sessionId, b.result.connection.connectionId, cb),
    );
    expect(error).toBeNull();
    await b.client.closed;
    expect(
      await a.client.waitFor((message) => message.type === 'connectionDestroyed'),
    ).toMatchObject({
      reason: 'forceDisconnected',
    });
    const [again] = await call<[Error | null]>((cb) =>
      sdkFor(emulator).forceDisconnect(sessionId, b.result.connection.connectionId, cb),
    );
    expect(again?.message).toMatch(/not found/i);
  });

  it('listStreams lists the published streams; forceMuteAll and forceMuteStream reach publishers', async () => {
    const a = await connect();
    const b = await connect();
    const streamA = (await a.client.request(STREAM)).result as { streamId: string };
    const streamB = (await b.client.request({ ...STREAM, name: 'other' })).result as {
      streamId: string;
    };
    const opentok = sdkFor(emulator);
    const [error, streams] = await call<[Error | null, Array<{ id: string; name: string }>?]>(
      (cb) => opentok.listStreams(sessionId, cb),
    );
    expect(error).toBeNull();
    expect(streams?.map((stream) => ({ id: stream.id, name: stream.name }))).toEqual([
      { id: streamA.streamId, name: 'cam' },
      { id: streamB.streamId, name: 'other' },
    ]);

    const [muteError] = await call<[Error | null]>((cb) =>
      opentok.forceMuteAll(sessionId, { excludedStreamIds: [streamB.streamId] }, cb),
    );
    expect(muteError).toBeNull();
    expect(await a.client.waitFor((message) => message.type === 'muteForced')).toEqual({
      type: 'muteForced',
      streamId: streamA.streamId,
    });
    const [oneError] = await call<[Error | null]>((cb) =>
      opentok.forceMuteStream(sessionId, streamB.streamId, cb),
    );
    expect(oneError).toBeNull();
    await b.client.waitFor((message) => message.type === 'muteForced');
    expect(a.client.messages.filter((message) => message.type === 'muteForced')).toHaveLength(1);
  });

  it('rejects moderation calls signed with another secret', async () => {
    const [error] = await call<[Error | null]>((cb) =>
      sdkFor(emulator, 'wrong-secret').signal(sessionId, null, { data: 'x' }, cb),
    );
    expect(error?.message).toMatch(/Invalid API key or secret/);
  });
});

describe('session-monitoring callbacks', () => {
  let receiver: Server;
  let received: SessionCallbackBody[];
  let emulator: Emulator;

  beforeEach(async () => {
    received = [];
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push(JSON.parse(body) as SessionCallbackBody);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    emulator = await startEmulator({ callbackUrl: `http://127.0.0.1:${port}/opentok/events` });
  });
  afterEach(async () => {
    await emulator.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('posts connection and stream events in OpenTok’s JSON shape, in order', async () => {
    const sessionId = (await createSessionViaSdk(sdkFor(emulator))).sessionId!;
    const token = sdkFor(emulator).generateToken(sessionId, { data: 'name=Ada' });
    const { client, result } = await connectRawClient(emulator, sessionId, token);
    const stream = (await client.request(STREAM)).result as { streamId: string };
    client.send({ type: 'disconnect' });
    await client.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await emulator.callbacksSettled();

    const connection = {
      id: result.connection.connectionId,
      createdAt: result.connection.creationTime,
      data: 'name=Ada',
    };
    const common = { sessionId, projectId: emulator.apiKey, timestamp: expect.any(Number) };
    const streamJson = {
      id: stream.streamId,
      connection,
      createdAt: expect.any(Number),
      name: 'cam',
      videoType: 'camera',
    };
    expect(received).toEqual([
      { ...common, event: 'sessionCreated' },
      { ...common, event: 'connectionCreated', connection },
      { ...common, event: 'streamCreated', connection, stream: streamJson },
      {
        ...common,
        event: 'streamDestroyed',
        connection,
        stream: streamJson,
        reason: 'clientDisconnected',
      },
      { ...common, event: 'connectionDestroyed', connection, reason: 'clientDisconnected' },
      { ...common, event: 'sessionDestroyed' },
    ]);
  });
});
