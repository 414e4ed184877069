// Session-monitoring callbacks: presence that survives retried and reordered deliveries, and
// signature checks when a secret is configured.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRoomHandler,
  type RoomHandlerOptions,
  signCallback,
  toNodeListener,
  verifyCallbackSignature,
} from '../../src/http/index.js';
import type { RoomServer } from '../../src/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { send, serve } from '../support/serve.js';

const { emulator, rooms } = useEmulator();
const SECRET = 'signature-secret-for-tests-0123456789';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

async function setup(options: Partial<RoomHandlerOptions>) {
  const server = rooms();
  const handler = createRoomHandler({ rooms: server, authorize: () => true, ...options });
  const served = await serve(toNodeListener(handler));
  close = served.close;
  const { body } = await send(`${served.url}/rooms/standup/join`, 'POST');
  return { url: served.url, server, sessionId: body.sessionId as string };
}

function events(sessionId: string, projectId: string) {
  const base = { sessionId, projectId, timestamp: 0 };
  return {
    connCreated: (id: string, at: number, data = '') => ({
      ...base,
      event: 'connectionCreated',
      timestamp: at,
      connection: { id, createdAt: at, data },
    }),
    connDestroyed: (id: string, at: number) => ({
      ...base,
      event: 'connectionDestroyed',
      timestamp: at,
      reason: 'clientDisconnected',
      connection: { id, createdAt: 0, data: '' },
    }),
    streamCreated: (id: string, connectionId: string, at: number) => ({
      ...base,
      event: 'streamCreated',
      timestamp: at,
      stream: {
        id,
        connection: { id: connectionId, createdAt: 0, data: '' },
        createdAt: at,
        name: '',
        videoType: 'camera',
      },
    }),
    streamDestroyed: (id: string, connectionId: string, at: number) => ({
      ...base,
      event: 'streamDestroyed',
      timestamp: at,
      reason: 'clientDisconnected',
      stream: { id, connection: { id: connectionId }, createdAt: 0, videoType: 'camera' },
    }),
    sessionCreated: (at: number) => ({ ...base, event: 'sessionCreated', timestamp: at }),
  };
}

async function deliver(url: string, payload: unknown, secret?: string) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = secret
    ? { authorization: signCallback(body, secret) }
    : {};
  return send(`${url}/webhooks/opentok`, 'POST', body, headers);
}

async function presenceOf(server: RoomServer) {
  const presence = await server.getPresence('standup');
  return {
    connections: presence.connections.map((c) => c.id),
    streams: presence.streams.map((s) => s.id),
  };
}

describe('presence from session-monitoring callbacks', () => {
  it('is off unless configured', async () => {
    const { url } = await setup({});
    expect((await send(`${url}/webhooks/opentok`, 'POST', {})).status).toBe(404);
  });

  it('tracks connections and streams, and shows counts in the room list', async () => {
    const { url, server, sessionId } = await setup({ webhooks: { allowUnsigned: true } });
    const e = events(sessionId, emulator().apiKey);
    for (const payload of [
      e.sessionCreated(900),
      e.connCreated('c1', 1000, 'name=Ada'),
      e.connCreated('c2', 1100),
      e.streamCreated('s1', 'c1', 1200),
    ]) {
      expect((await deliver(url, payload)).status).toBe(204);
    }
    expect(await presenceOf(server)).toEqual({ connections: ['c1', 'c2'], streams: ['s1'] });
    const list = await send(`${url}/rooms`, 'GET');
    expect(list.body.rooms[0]).toMatchObject({
      name: 'standup',
      connectionCount: 2,
      streamCount: 1,
    });
    const one = await send(`${url}/rooms/standup`, 'GET');
    expect(one.body.presence.connections[0]).toEqual({
      id: 'c1',
      createdAt: 1000,
      data: 'name=Ada',
    });
  });

  it('is idempotent under duplicated deliveries and correct under reordered ones', async () => {
    const { url, server, sessionId } = await setup({ webhooks: { allowUnsigned: true } });
    const e = events(sessionId, emulator().apiKey);
    const history = [
      e.connCreated('c1', 1000),
      e.connCreated('c2', 1100),
      e.streamCreated('s1', 'c1', 1200),
      e.streamCreated('s2', 'c2', 1300),
      e.streamDestroyed('s1', 'c1', 2000),
      e.connDestroyed('c1', 2100),
    ];
    // Every event twice, in an order where destroys overtake their creates.
    const shuffled = [
      history[5],
      history[4],
      history[0],
      history[3],
      history[1],
      history[2],
      ...history.slice().reverse(),
    ];
    for (const payload of shuffled) expect((await deliver(url, payload)).status).toBe(204);
    expect(await presenceOf(server)).toEqual({ connections: ['c2'], streams: ['s2'] });
  });

  it('rejects a body that is not a session event with 400 and records nothing', async () => {
    const { url, server } = await setup({ webhooks: { allowUnsigned: true } });
    for (const bad of [
      '{',
      '[]',
      '{"event":"connectionCreated"}',
      JSON.stringify({ sessionId: 'x', projectId: '1', event: 'archiveStarted', timestamp: 1 }),
    ]) {
      const response = await send(`${url}/webhooks/opentok`, 'POST', bad);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_argument');
    }
    expect(await presenceOf(server)).toEqual({ connections: [], streams: [] });
  });
});

describe('signed callbacks', () => {
  it('accepts a callback signed with the signature secret', async () => {
    const { url, server, sessionId } = await setup({ webhooks: { signatureSecret: SECRET } });
    expect(
      (await deliver(url, events(sessionId, emulator().apiKey).connCreated('c1', 1000), SECRET))
        .status,
    ).toBe(204);
    expect((await presenceOf(server)).connections).toEqual(['c1']);
  });

  it('answers 401 to a missing, wrong, stale or tampered signature, and records nothing', async () => {
    const { url, server, sessionId } = await setup({ webhooks: { signatureSecret: SECRET } });
    const body = JSON.stringify(events(sessionId, emulator().apiKey).connCreated('c1', 1000));
    const tampered = JSON.stringify(events(sessionId, emulator().apiKey).connCreated('c666', 1000));
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: signCallback(body, 'another-secret') },
      { authorization: signCallback(body, SECRET, Date.now() - 3_600_000) },
      { authorization: 'Bearer not.a.jwt' },
    ];
    for (const headers of attempts) {
      const response = await send(`${url}/webhooks/opentok`, 'POST', body, headers);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
      expect(response.text).not.toContain(SECRET);
    }
    const swapped = await send(`${url}/webhooks/opentok`, 'POST', tampered, {
      authorization: signCallback(body, SECRET),
    });
    expect(swapped.status).toBe(401);
    expect((await presenceOf(server)).connections).toEqual([]);
  });

  it('verifyCallbackSignature checks algorithm, signature, payload hash and age', () => {
    const body = '{"a":1}';
    const now = Date.now();
    expect(() =>
      verifyCallbackSignature(signCallback(body, SECRET, now), body, {
        secret: SECRET,
        nowMs: now,
      }),
    ).not.toThrow();
    expect(() =>
      verifyCallbackSignature(signCallback(body, SECRET, now).slice(7), body, {
        secret: SECRET,
        nowMs: now,
      }),
    ).not.toThrow();
    expect(() =>
      verifyCallbackSignature(signCallback(body, SECRET, now), '{"a":2}', {
        secret: SECRET,
        nowMs: now,
      }),
    ).toThrow(/payload_hash/);
    expect(() =>
      verifyCallbackSignature(signCallback(body, SECRET, now + 3_600_000), body, {
        secret: SECRET,
        nowMs: now,
      }),
    ).toThrow(/future/);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${signCallback(body, SECRET, now).split('.')[1]}.`;
    expect(() => verifyCallbackSignature(none, body, { secret: SECRET, nowMs: now })).toThrow(
      /HS256/,
    );
  });
});
