// The HTTP API through the node:http adapter, with rooms on the emulator through the real SDK.
import { verifyClientToken } from '@opentok-rooms/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Authorize,
  createRoomHandler,
  type RoomHandlerOptions,
  toNodeListener,
} from '../../src/http/index.js';
import type { RoomStore } from '../../src/index.js';
import { memoryRoomStore, RoomError } from '../../src/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { send, serve } from '../support/serve.js';

const { emulator, rooms, createSessionRequests } = useEmulator();
const allowAll: Authorize = (_request, { requested }) => ({
  role: requested?.role ?? 'publisher',
  ...(requested?.data ? { data: requested.data } : {}),
});
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function api(options: Partial<RoomHandlerOptions> = {}, server = rooms()) {
  const served = await serve(toNodeListener(createRoomHandler({ rooms: server, ...options })));
  closers.push(served.close);
  return served.url;
}

function expectError(response: { status: number; body: any }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
}

describe('default policy: anyone may join an existing room as publisher, nothing else', () => {
  it('refuses a join that would create a room, and creates nothing', async () => {
    const server = rooms();
    const url = await api({}, server);
    expectError(await send(`${url}/rooms/standup/join`, 'POST'), 403, 'forbidden');
    expect(createSessionRequests()).toBe(0);
    await server.getOrCreateRoom('standup');
    const join = await send(`${url}/rooms/standup/join`, 'POST');
    expect(join.status).toBe(200);
    expect(join.body).toMatchObject({ room: 'standup', role: 'publisher', created: false });
    expect(createSessionRequests()).toBe(1);
  });

  it('tells authorize whether the join creates the room', async () => {
    const seen: unknown[] = [];
    const url = await api({
      authorize: (_request, context) => {
        seen.push(context.creating);
        return true;
      },
    });
    await send(`${url}/rooms/fresh/join`, 'POST');
    await send(`${url}/rooms/fresh/join`, 'POST');
    expect(seen).toEqual([true, false]);
  });

  it('with createOnJoin, POST /rooms/:name/join creates the room, with a token OpenTok accepts', async () => {
    const url = await api({ createOnJoin: true });
    const { status, body } = await send(`${url}/rooms/standup/join`, 'POST');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      room: 'standup',
      apiKey: emulator().apiKey,
      role: 'publisher',
      created: true,
    });
    expect(Object.keys(body).sort()).toEqual([
      'apiKey',
      'created',
      'expiresAt',
      'role',
      'room',
      'sessionId',
      'token',
    ]);
    expect(verifyClientToken(body.token, emulator())).toMatchObject({
      sessionId: body.sessionId,
      role: 'publisher',
    });
    const again = await send(`${url}/rooms/standup/join`, 'POST', {});
    expect(again.body).toMatchObject({ sessionId: body.sessionId, created: false });
    expect(createSessionRequests()).toBe(1);
  });

  it('refuses every other action with 403', async () => {
    const server = rooms();
    await server.getOrCreateRoom('existing');
    const url = await api({}, server);
    expectError(await send(`${url}/rooms`, 'POST', { name: 'x' }), 403, 'forbidden');
    expectError(await send(`${url}/rooms`, 'GET'), 403, 'forbidden');
    expectError(await send(`${url}/rooms/existing`, 'GET'), 403, 'forbidden');
    expectError(await send(`${url}/rooms/existing`, 'DELETE'), 403, 'forbidden');
    expectError(
      await send(`${url}/rooms/existing/signal`, 'POST', { type: 't', data: 'd' }),
      403,
      'forbidden',
    );
    expectError(await send(`${url}/rooms/existing/mute`, 'POST', {}), 403, 'forbidden');
    expectError(await send(`${url}/rooms/existing/connections/abc`, 'DELETE'), 403, 'forbidden');
  });

  it('never grants a role or connection data the policy did not, and creates nothing then', async () => {
    const url = await api();
    expectError(
      await send(`${url}/rooms/r1/join`, 'POST', { role: 'moderator' }),
      403,
      'forbidden',
    );
    expectError(
      await send(`${url}/rooms/r1/join`, 'POST', { data: 'name=admin' }),
      403,
      'forbidden',
    );
    expect(createSessionRequests()).toBe(0);
  });
});

describe('a custom authorize hook', () => {
  const hostOrGuest: Authorize = (request, { action, requested }) => {
    if (action !== 'joinRoom') return false;
    const user = request.headers.get('x-user');
    if (!user) return false;
    // Connection data comes from who the user is, never from what the client asked for.
    void requested;
    return {
      role: user === 'host' ? 'moderator' : 'subscriber',
      data: `name=${user}`,
      expiresIn: 600,
    };
  };

  it('decides the role, data and lifetime of the token', async () => {
    const url = await api({ authorize: hostOrGuest });
    const host = await send(`${url}/rooms/talk/join`, 'POST', {}, { 'x-user': 'host' });
    expect(host.body.role).toBe('moderator');
    expect(verifyClientToken(host.body.token, emulator())).toMatchObject({
      role: 'moderator',
      connectionData: 'name=host',
    });
    expect(Date.parse(host.body.expiresAt) - Date.now()).toBeLessThanOrEqual(601_000);
    const guest = await send(
      `${url}/rooms/talk/join`,
      'POST',
      { role: 'subscriber' },
      { 'x-user': 'ann' },
    );
    expect(guest.body.role).toBe('subscriber');
    expectError(
      await send(`${url}/rooms/talk/join`, 'POST', { role: 'moderator' }, { 'x-user': 'ann' }),
      403,
      'forbidden',
    );
    expectError(await send(`${url}/rooms/talk/join`, 'POST'), 403, 'forbidden');
  });

  it('a RoomError thrown by the hook answers with its code', async () => {
    const url = await api({
      authorize: () => {
        throw new RoomError('unauthorized', 'Log in first.');
      },
    });
    expectError(await send(`${url}/rooms/x/join`, 'POST'), 401, 'unauthorized');
  });

  it('a hook that crashes gives a 500 with no details, reported to onServerError', async () => {
    const reported: unknown[] = [];
    const url = await api({
      authorize: () => {
        throw new Error('db password is hunter2');
      },
      onServerError: (error) => reported.push(error),
    });
    const response = await send(`${url}/rooms/x/join`, 'POST');
    expectError(response, 500, 'internal');
    expect(response.text).not.toContain('hunter2');
    expect(reported).toHaveLength(1);
  });
});

describe('the OpenTok sample-server routes', () => {
  it('GET /room/:name and GET /session answer { apiKey, sessionId, token }', async () => {
    const url = await api();
    const first = await send(`${url}/room/lobby`, 'GET');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['apiKey', 'sessionId', 'token']);
    expect((await send(`${url}/room/lobby`, 'GET')).body.sessionId).toBe(first.body.sessionId);
    const session = await send(`${url}/session`, 'GET');
    expect(session.body.sessionId).not.toBe(first.body.sessionId);
    expect(verifyClientToken(session.body.token, emulator()).sessionId).toBe(
      session.body.sessionId,
    );
  });

  it('can be turned off', async () => {
    const url = await api({ compat: false });
    expectError(await send(`${url}/session`, 'GET'), 404, 'not_found');
  });
});

describe('rooms over HTTP, with an admin policy', () => {
  it('create (named, generated, existing), list with counts, get with presence, delete', async () => {
    const url = await api({ authorize: allowAll });
    const created = await send(`${url}/rooms`, 'POST', {
      name: 'board',
      session: { mediaMode: 'relayed' },
      metadata: { topic: 'Q3' },
    });
    expect(created.status).toBe(201);
    expect(created.body.room).toMatchObject({
      name: 'board',
      sessionOptions: { mediaMode: 'relayed' },
      metadata: { topic: 'Q3' },
    });
    expect((await send(`${url}/rooms`, 'POST', { name: 'board' })).status).toBe(200);
    expectError(
      await send(`${url}/rooms`, 'POST', { name: 'board', session: { mediaMode: 'routed' } }),
      409,
      'conflict',
    );
    const generated = await send(`${url}/rooms`, 'POST');
    expect(generated.status).toBe(201);
    expect(generated.body.room.name).toMatch(/^room-[A-Za-z0-9_-]{12}$/);

    const list = await send(`${url}/rooms?limit=1`, 'GET');
    expect(list.body.rooms).toHaveLength(1);
    expect(list.body.rooms[0]).toMatchObject({
      name: 'board',
      connectionCount: 0,
      streamCount: 0,
      recording: false,
    });
    const rest = await send(
      `${url}/rooms?limit=10&cursor=${encodeURIComponent(list.body.nextCursor)}`,
      'GET',
    );
    expect(rest.body.rooms.map((r: { name: string }) => r.name)).toEqual([
      generated.body.room.name,
    ]);

    const one = await send(`${url}/rooms/board`, 'GET');
    expect(one.body).toEqual({
      room: { ...created.body.room, recording: { active: false } },
      presence: { connections: [], streams: [] },
    });
    expect((await send(`${url}/rooms/board`, 'DELETE')).status).toBe(204);
    expectError(await send(`${url}/rooms/board`, 'DELETE'), 404, 'not_found');
    expectError(await send(`${url}/rooms/board`, 'GET'), 404, 'not_found');
  });

  it('serves under a base path', async () => {
    const url = await api({ basePath: '/api/v1/', createOnJoin: true });
    expect((await send(`${url}/api/v1/rooms/a/join`, 'POST')).status).toBe(200);
    expectError(await send(`${url}/rooms/a/join`, 'POST'), 404, 'not_found');
  });
});

describe('errors: one shape, the documented statuses', () => {
  it('maps caller mistakes to 4xx', async () => {
    const url = await api({ authorize: allowAll, maxBodyBytes: 1024 });
    expectError(await send(`${url}/rooms/a/join`, 'POST', '{"role":'), 400, 'invalid_argument');
    expectError(
      await send(`${url}/rooms/a/join`, 'POST', 'role=publisher', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
      'unsupported_media_type',
    );
    expectError(
      await send(`${url}/rooms/a/join`, 'POST', { data: 'x'.repeat(2000) }),
      413,
      'payload_too_large',
    );
    expectError(
      await send(`${url}/rooms/a/join`, 'POST', { rol: 'publisher' }),
      400,
      'invalid_argument',
    );
    expectError(
      await send(`${url}/rooms/a/join`, 'POST', { role: 'admin' }),
      400,
      'invalid_argument',
    );
    expectError(await send(`${url}/rooms/bad%20name/join`, 'POST'), 400, 'invalid_argument');
    expectError(await send(`${url}/rooms?limit=abc`, 'GET'), 400, 'invalid_argument');
    expectError(await send(`${url}/nowhere`, 'GET'), 404, 'not_found');
    const wrongMethod = await send(`${url}/rooms/a/join`, 'GET');
    expectError(wrongMethod, 405, 'method_not_allowed');
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('maps OpenTok and store failures to 502/503/504 without upstream details', async () => {
    const url = await api(
      { createOnJoin: true },
      rooms({ opentok: { retries: 0, timeoutMs: 300 } }),
    );
    emulator().faults.next(
      { kind: 'status', status: 503, body: '{"message":"upstream secret detail"}' },
      { path: '/session/create' },
    );
    const down = await send(`${url}/rooms/a/join`, 'POST');
    expectError(down, 503, 'opentok_unavailable');
    expect(down.text).not.toContain('upstream secret detail');
    emulator().faults.next({ kind: 'hang' }, { path: '/session/create' });
    expectError(await send(`${url}/rooms/b/join`, 'POST'), 504, 'timeout');

    const badSecret = 'wrong-secret-0000000000000000000000000000';
    const authUrl = await api({ createOnJoin: true }, rooms({ apiSecret: badSecret }));
    const auth = await send(`${authUrl}/rooms/c/join`, 'POST');
    expectError(auth, 502, 'opentok_auth');
    expect(auth.text).not.toContain(badSecret);

    const broken: RoomStore = {
      ...memoryRoomStore(),
      get: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const storeUrl = await api({ createOnJoin: true }, rooms({ store: broken }));
    expectError(await send(`${storeUrl}/rooms/d/join`, 'POST'), 503, 'store_unavailable');
  });
});

describe('CORS', () => {
  it('is off by default', async () => {
    const url = await api();
    const response = await send(
      `${url}/rooms/a/join`,
      'POST',
      {},
      { origin: 'https://evil.example' },
    );
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers only the listed origins, preflight included', async () => {
    const url = await api({ cors: { origins: ['https://app.example'] } });
    const ok = await send(`${url}/rooms/a/join`, 'POST', {}, { origin: 'https://app.example' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await send(`${url}/rooms/a/join`, 'POST', {}, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/rooms/a/join`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('store calls of an HTTP join', () => {
  it('an existing room costs one store read on both join routes; a new one a read, a read and an insert', async () => {
    const calls: string[] = [];
    const inner = memoryRoomStore();
    const store = new Proxy(inner, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(key));
          return value.apply(target, args);
        };
      },
    }) as RoomStore;
    const url = await api({ createOnJoin: true, limits: false }, rooms({ store }));
    expect((await send(`${url}/rooms/counted/join`, 'POST')).status).toBe(200);
    // getRoom of the handler (the miss), then the join's own read, the default maxRooms's count and
    // the insert.
    expect(calls).toEqual(['get', 'get', 'countRooms', 'insertIfAbsent']);
    for (const [path, method] of [
      ['/rooms/counted/join', 'POST'],
      ['/room/counted', 'GET'],
      ['/rooms/counted/join?via=fetch', 'POST'],
    ] as const) {
      calls.length = 0;
      expect((await send(`${url}${path}`, method)).status).toBe(200);
      expect(calls).toEqual(['get']);
    }
  });
});
