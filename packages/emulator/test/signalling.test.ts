import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';
import { connectRawClient, openRawClient, type RawClient } from './helpers/ws-client.js';

const STREAM = {
  type: 'publish',
  name: 'cam',
  hasAudio: true,
  hasVideo: true,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
};

describe('WebSocket signalling', () => {
  let emulator: Emulator;
  let sessionId: string;
  const clients: RawClient[] = [];
  const token = (role = 'publisher', id = sessionId, data?: string): string =>
    sdkFor(emulator).generateToken(id, { role, ...(data === undefined ? {} : { data }) });
  const connect = async (role = 'publisher', data?: string) => {
    const connected = await connectRawClient(emulator, sessionId, token(role, sessionId, data));
    clients.push(connected.client);
    return connected;
  };

  beforeEach(async () => {
    emulator = await startEmulator({ reconnectWindowMs: 200 });
    sessionId = (await createSessionViaSdk(sdkFor(emulator))).sessionId!;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await emulator.close();
  });

  it('connects with a room token and reports every connection and the remote streams', async () => {
    const first = await connect('publisher', 'name=A');
    const published = await first.client.request(STREAM);
    expect(published.error).toBeUndefined();
    const second = await connect('subscriber', 'name=B');
    expect(second.result.role).toBe('subscriber');
    expect(second.result.connections.map((entry) => entry.data)).toEqual(['name=A', 'name=B']);
    expect(second.result.streams).toHaveLength(1);
    expect(second.result.streams[0]).toMatchObject({
      connectionId: first.result.connection.connectionId,
    });
    await first.client.waitFor((message) => message.type === 'connectionCreated');
    expect(first.client.messages).toEqual([
      { type: 'connectionCreated', connection: second.result.connection },
    ]);
    expect(emulator.connections(sessionId).map((entry) => entry.role)).toEqual([
      'publisher',
      'subscriber',
    ]);
  });

  it.each([
    ['a tampered signature', (good: string) => `${good.slice(0, -3)}AAA`],
    ['garbage', () => 'not-a-token'],
  ])('rejects %s with OT_AUTHENTICATION_ERROR', async (_label, mangle) => {
    const client = await openRawClient(emulator);
    clients.push(client);
    const reply = await client.request({
      type: 'connect',
      apiKey: emulator.apiKey,
      sessionId,
      token: mangle(token()),
    });
    expect(reply.error).toMatchObject({ name: 'OT_AUTHENTICATION_ERROR', code: 1004 });
    await client.closed;
  });

  it('rejects an expired token, a token of another session and another API key', async () => {
    const other = (await createSessionViaSdk(sdkFor(emulator))).sessionId!;
    const expired = sdkFor(emulator).generateToken(sessionId, {
      expireTime: Math.floor(Date.now() / 1000) + 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (const [tokenText, apiKey] of [
      [expired, emulator.apiKey],
      [token('publisher', other), emulator.apiKey],
      [token(), '999'],
    ] as const) {
      const client = await openRawClient(emulator);
      clients.push(client);
      const reply = await client.request({ type: 'connect', apiKey, sessionId, token: tokenText });
      expect(reply.error?.name).toBe('OT_AUTHENTICATION_ERROR');
    }
    const client = await openRawClient(emulator);
    clients.push(client);
    const bad = await client.request({
      type: 'connect',
      apiKey: emulator.apiKey,
      sessionId: 'nope',
      token: token(),
    });
    expect(bad.error).toMatchObject({ name: 'OT_INVALID_SESSION_ID', code: 1005 });
  });

  it("says that another API key's credentials come from a real account or another emulator", async () => {
    const client = await openRawClient(emulator);
    clients.push(client);
    const reply = await client.request({
      type: 'connect',
      apiKey: '999',
      sessionId,
      token: token(),
    });
    expect(reply.error).toEqual({
      name: 'OT_AUTHENTICATION_ERROR',
      code: 1004,
      message:
        "Invalid token: the API key is not this emulator's: these credentials come from a real account or another emulator (start the page and the server with the same OPENTOK_EMULATOR_PORT or OPENTOK_EMULATOR_URL, and the same account variables).",
    });
  });

  it('enforces roles: a subscriber cannot publish, a publisher cannot force-disconnect', async () => {
    const viewer = await connect('subscriber');
    expect((await viewer.client.request(STREAM)).error).toMatchObject({
      name: 'OT_PERMISSION_DENIED',
      code: 1500,
    });
    const publisher = await connect('publisher');
    const denied = await publisher.client.request({
      type: 'forceDisconnect',
      connectionId: viewer.result.connection.connectionId,
    });
    expect(denied.error).toMatchObject({ name: 'OT_PERMISSION_DENIED', code: 1520 });

    const moderator = await connect('moderator');
    const done = await moderator.client.request({
      type: 'forceDisconnect',
      connectionId: viewer.result.connection.connectionId,
    });
    expect(done.error).toBeUndefined();
    expect(await viewer.client.waitFor((message) => message.type === 'disconnected')).toEqual({
      type: 'disconnected',
      reason: 'forceDisconnected',
    });
    await viewer.client.closed;
    expect(
      await publisher.client.waitFor((message) => message.type === 'connectionDestroyed'),
    ).toEqual({
      type: 'connectionDestroyed',
      connectionId: viewer.result.connection.connectionId,
      reason: 'forceDisconnected',
    });
  });

  it('delivers signals to everyone including the sender, or only to `to`', async () => {
    const a = await connect();
    const b = await connect();
    expect(
      (await a.client.request({ type: 'signal', signalType: 'chat', data: 'hi' })).error,
    ).toBeUndefined();
    const expected = {
      type: 'signal',
      signalType: 'chat',
      data: 'hi',
      from: a.result.connection.connectionId,
    };
    expect(await a.client.waitFor((message) => message.type === 'signal')).toEqual(expected);
    expect(await b.client.waitFor((message) => message.type === 'signal')).toEqual(expected);

    await a.client.request({ type: 'signal', data: 'psst', to: b.result.connection.connectionId });
    await b.client.waitFor((message) => message.type === 'signal' && message.data === 'psst');
    expect(a.client.messages.filter((message) => message.type === 'signal')).toHaveLength(1);

    const tooLong = await a.client.request({ type: 'signal', data: 'x'.repeat(8193) });
    expect(tooLong.error?.name).toBe('OT_INVALID_PARAMETER');
    const badType = await a.client.request({ type: 'signal', signalType: 'no spaces' });
    expect(badType.error?.name).toBe('OT_INVALID_PARAMETER');
  });

  it('relays subscribe and WebRTC messages between the two ends of a stream only', async () => {
    const pub = await connect();
    const sub = await connect();
    const stream = (await pub.client.request(STREAM)).result as { streamId: string };
    await sub.client.request({ type: 'subscribe', streamId: stream.streamId, subscriberId: 's1' });
    expect(await pub.client.waitFor((message) => message.type === 'subscribe')).toEqual({
      type: 'subscribe',
      from: sub.result.connection.connectionId,
      streamId: stream.streamId,
      subscriberId: 's1',
    });
    const payload = { kind: 'description', description: { type: 'offer', sdp: 'v=0' } };
    pub.client.send({
      type: 'rtc',
      to: sub.result.connection.connectionId,
      streamId: stream.streamId,
      subscriberId: 's1',
      payload,
    });
    expect(await sub.client.waitFor((message) => message.type === 'rtc')).toMatchObject({
      from: pub.result.connection.connectionId,
      payload,
    });
    const missing = await sub.client.request({
      type: 'subscribe',
      streamId: 'nope',
      subscriberId: 's2',
    });
    expect(missing.error?.name).toBe('OT_NOT_FOUND');
  });

  it('lets a dropped client resume its connection, and ends it after the reconnect window', async () => {
    const a = await connect();
    const b = await connect();
    const id = a.result.connection.connectionId;
    expect(emulator.dropClient(id)).toBe(true);
    await a.client.closed;
    expect(emulator.connections(sessionId).find((entry) => entry.connectionId === id)?.online).toBe(
      false,
    );
    await b.client.request({ type: 'signal', data: 'while away' });

    const back = await openRawClient(emulator);
    clients.push(back);
    const resumed = await back.request({
      type: 'connect',
      apiKey: emulator.apiKey,
      sessionId,
      token: token(),
      resume: { connectionId: id, resumeKey: a.result.resumeKey },
    });
    expect(resumed.error).toBeUndefined();
    // What happened during the gap is delivered after the reply.
    expect(await back.waitFor((message) => message.type === 'signal')).toMatchObject({
      data: 'while away',
    });
    expect(b.client.messages.filter((message) => message.type === 'connectionDestroyed')).toEqual(
      [],
    );

    expect(emulator.dropClient(id, { reconnect: false })).toBe(true);
    expect(await b.client.waitFor((message) => message.type === 'connectionDestroyed')).toEqual({
      type: 'connectionDestroyed',
      connectionId: id,
      reason: 'networkDisconnected',
    });
    const again = await openRawClient(emulator);
    clients.push(again);
    const refused = await again.request({
      type: 'connect',
      apiKey: emulator.apiKey,
      sessionId,
      token: token(),
      resume: { connectionId: id, resumeKey: a.result.resumeKey },
    });
    expect(refused.error?.name).toBe('OT_CONNECT_FAILED');

    // Without a resume, the window (200 ms here) ends the connection for everyone else.
    const c = await connect();
    emulator.dropClient(c.result.connection.connectionId);
    const gone = await b.client.waitFor(
      (message) =>
        message.type === 'connectionDestroyed' &&
        message.connectionId === c.result.connection.connectionId,
    );
    expect(gone).toMatchObject({ reason: 'networkDisconnected' });
  });
});
