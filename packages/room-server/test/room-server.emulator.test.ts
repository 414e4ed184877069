// room-server through the real `opentok` SDK against the emulator's HTTP server.
import { inspect } from 'node:util';
import { verifyClientToken } from '@opentok-rooms/emulator';
import { describe, expect, it } from 'vitest';
import { isRoomError, memoryRoomStore, type RoomError, type RoomStore } from '../src/index.js';
import { useEmulator } from './support/emulated-rooms.js';

const { emulator, rooms, createSessionRequests } = useEmulator();

async function caught(promise: Promise<unknown>): Promise<RoomError> {
  try {
    await promise;
  } catch (error) {
    if (isRoomError(error)) return error;
    throw error;
  }
  throw new Error('expected a RoomError, got success');
}

describe('joinRoom', () => {
  it('creates the room once and issues tokens OpenTok accepts', async () => {
    const server = rooms();
    const first = await server.joinRoom('standup', { data: 'name=Ada' });
    expect(first).toMatchObject({
      room: 'standup',
      apiKey: emulator().apiKey,
      role: 'publisher',
      created: true,
    });
    const claims = verifyClientToken(first.token, emulator());
    expect(claims).toMatchObject({
      format: 'jwt',
      sessionId: first.sessionId,
      role: 'publisher',
      connectionData: 'name=Ada',
    });
    expect(Date.parse(first.expiresAt) / 1000 - Date.now() / 1000).toBeGreaterThan(86_390);

    const second = await server.joinRoom('standup', { role: 'subscriber' });
    expect(second).toMatchObject({
      sessionId: first.sessionId,
      role: 'subscriber',
      created: false,
    });
    expect(second.token).not.toBe(first.token);
    expect(createSessionRequests()).toBe(1);
    expect(
      emulator()
        .sessions()
        .map((s) => s.sessionId),
    ).toContain(first.sessionId);
  });

  it('issues legacy T1 tokens that OpenTok accepts', async () => {
    const server = rooms({ tokenFormat: 't1' });
    const join = await server.joinRoom('legacy', { role: 'moderator', data: 'a=1&b=2' });
    expect(join.token.startsWith('T1==')).toBe(true);
    expect(verifyClientToken(join.token, emulator())).toMatchObject({
      format: 't1',
      role: 'moderator',
      connectionData: 'a=1&b=2',
    });
  });

  it('a token signed with another secret is rejected by OpenTok', async () => {
    const join = await rooms().joinRoom('tamper');
    const [header, payload] = join.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'moderator' })).toString('base64url')}.${join.token.split('.')[2]}`;
    expect(() => verifyClientToken(forged, emulator())).toThrow(
      expect.objectContaining({ reason: 'bad_signature' }),
    );
  });

  it('passes session options through to OpenTok', async () => {
    const server = rooms();
    const relayed = await server.joinRoom('p2p-room', { session: { mediaMode: 'relayed' } });
    const archived = await server.joinRoom('archived', {
      session: { archiveMode: 'always', location: '10.1.2.3' },
    });
    const encrypted = await server.joinRoom('encrypted', { session: { e2ee: true } });
    const sessions = new Map(
      emulator()
        .sessions()
        .map((s) => [s.sessionId, s]),
    );
    expect(sessions.get(relayed.sessionId)).toMatchObject({
      mediaMode: 'relayed',
      archiveMode: 'manual',
      e2ee: false,
    });
    expect(sessions.get(archived.sessionId)).toMatchObject({
      mediaMode: 'routed',
      archiveMode: 'always',
      e2ee: false,
      location: '10.1.2.3',
    });
    expect(sessions.get(encrypted.sessionId)).toMatchObject({ archiveMode: 'manual', e2ee: true });
    // Archiving is unsupported in end-to-end encrypted sessions: refused before any request.
    const before = createSessionRequests();
    await expect(
      server.joinRoom('encrypted-archived', { session: { archiveMode: 'always', e2ee: true } }),
    ).rejects.toMatchObject({ code: 'invalid_argument', field: 'session.archiveMode' });
    expect(createSessionRequests()).toBe(before);
  });
});

describe('exactly one session per room', () => {
  it('100 concurrent get-or-create calls of a new room make exactly 1 create-session request', async () => {
    const server = rooms();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => server.getOrCreateRoom('busy-room')),
    );
    expect(createSessionRequests()).toBe(1);
    expect(new Set(results.map((r) => r.room.sessionId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('100 concurrent joins of a new room all carry one session id', async () => {
    const server = rooms();
    const joins = await Promise.all(
      Array.from({ length: 100 }, (_, i) => server.joinRoom('launch', { data: `n=${i}` })),
    );
    expect(createSessionRequests()).toBe(1);
    expect(new Set(joins.map((j) => j.sessionId)).size).toBe(1);
    expect(new Set(joins.map((j) => j.token)).size).toBe(100);
  });

  it('two servers on one store (two processes) end with one session: the loser adopts the winner', async () => {
    const store = memoryRoomStore();
    const [a, b] = [rooms({ store }), rooms({ store })];
    const joins = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).joinRoom('shared')),
    );
    const stored = await a.getRoom('shared');
    expect(new Set(joins.map((j) => j.sessionId))).toEqual(new Set([stored!.sessionId]));
    expect(createSessionRequests()).toBeLessThanOrEqual(2);
    expect(joins.filter((j) => j.created)).toHaveLength(1);
  });

  it('asking for an existing room with other explicit session options is a conflict', async () => {
    const server = rooms();
    await server.getOrCreateRoom('routed-room', { session: { mediaMode: 'routed' } });
    const error = await caught(
      server.getOrCreateRoom('routed-room', { session: { mediaMode: 'relayed' } }),
    );
    expect(error.code).toBe('conflict');
    await expect(server.getOrCreateRoom('routed-room')).resolves.toMatchObject({ created: false });
  });
});

/** A store whose calls are counted by name, and whose next `get` can be held after it has read. */
function observedStore() {
  const inner = memoryRoomStore();
  const calls: string[] = [];
  let hold: Promise<void> | undefined;
  const store: RoomStore = new Proxy(inner, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls.push(String(key));
        const result = await value.apply(target, args);
        if (key === 'get' && hold) {
          const held = hold;
          hold = undefined;
          await held;
        }
        return result;
      };
    },
  });
  return {
    store,
    calls,
    /** Holds the answer of the next `get` (read now, answered on release). */
    holdNextGet() {
      let release!: () => void;
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}

describe('store calls of a join', () => {
  it('the first join of a room makes one read and one insert; a later join one read', async () => {
    const { store, calls } = observedStore();
    const server = rooms({ store, maxRooms: Infinity });
    await server.joinRoom('counted');
    expect(calls).toEqual(['get', 'insertIfAbsent']);
    calls.length = 0;
    await server.joinRoom('counted', { role: 'subscriber' });
    expect(calls).toEqual(['get']);
    calls.length = 0;
    await server.getOrCreateRoom('counted-too');
    expect(calls).toEqual(['get', 'insertIfAbsent']);
  });

  it('with the default maxRooms a creation counts the rooms first; a join of an existing room does not', async () => {
    const { store, calls } = observedStore();
    const server = rooms({ store });
    await server.joinRoom('capped');
    expect(calls).toEqual(['get', 'countRooms', 'insertIfAbsent']);
    calls.length = 0;
    await server.joinRoom('capped');
    expect(calls).toEqual(['get']);
  });

  it('a miss read before this process created the room is read again: no second session', async () => {
    const { store, calls, holdNextGet } = observedStore();
    const server = rooms({ store });
    const release = holdNextGet();
    const late = server.joinRoom('raced');
    // Let the held read happen, then create the room from another caller while it is held.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const first = await server.joinRoom('raced');
    expect(first.created).toBe(true);
    release();
    const second = await late;
    expect(second).toMatchObject({ created: false, sessionId: first.sessionId });
    expect(createSessionRequests()).toBe(1);
    expect(calls.filter((call) => call === 'insertIfAbsent')).toHaveLength(1);
  });
});

describe('OpenTok failures', () => {
  it('retries a 500 and succeeds', async () => {
    emulator().faults.next({ kind: 'status', status: 500 }, { path: '/session/create' });
    const { room } = await rooms().getOrCreateRoom('after-500');
    expect(room.sessionId).toMatch(/^1_/);
    expect(createSessionRequests()).toBe(2);
  });

  it('retries a 5xx with an empty JSON body and a reset socket', async () => {
    emulator().faults.next({ kind: 'status', status: 503, body: '' }, { path: '/session/create' });
    emulator().faults.next({ kind: 'reset' }, { path: '/session/create' });
    await expect(rooms().getOrCreateRoom('flaky')).resolves.toMatchObject({ created: true });
    expect(createSessionRequests()).toBe(3);
  });

  it('gives up after the retries with opentok_unavailable and stores nothing', async () => {
    emulator().faults.next({ kind: 'status', status: 502 }, { path: '/session/create', times: 3 });
    const server = rooms({ opentok: { retries: 2 } });
    const error = await caught(server.joinRoom('down'));
    expect(error.code).toBe('opentok_unavailable');
    expect(createSessionRequests()).toBe(3);
    expect(await server.getRoom('down')).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('Injected fault');
  });

  it('a hang past the deadline fails with timeout within the deadline and stores nothing', async () => {
    emulator().faults.next({ kind: 'hang' }, { path: '/session/create' });
    const server = rooms({ opentok: { timeoutMs: 300, retries: 0 } });
    const started = Date.now();
    const error = await caught(server.getOrCreateRoom('hung'));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await server.getRoom('hung')).toBeUndefined();
  });

  it('a hang is retried like a 5xx when retries remain', async () => {
    emulator().faults.next({ kind: 'hang' }, { path: '/session/create' });
    const server = rooms({ opentok: { timeoutMs: 300, retries: 1 } });
    await expect(server.getOrCreateRoom('hung-once')).resolves.toMatchObject({ created: true });
    expect(createSessionRequests()).toBe(2);
  });

  it('a text/plain answer is opentok_bad_response, never a stored undefined session', async () => {
    emulator().faults.next(
      { kind: 'malformed', contentType: 'text/plain', body: '[{"session_id":"1_abc"}]' },
      { path: '/session/create' },
    );
    const server = rooms();
    const error = await caught(server.getOrCreateRoom('plain'));
    expect(error.code).toBe('opentok_bad_response');
    expect(createSessionRequests()).toBe(1);
    expect(await server.getRoom('plain')).toBeUndefined();
  });

  it('403 (wrong secret) is opentok_auth, not retried, and the secret appears nowhere', async () => {
    const wrongSecret = 'not-the-secret-0123456789abcdef0123456789';
    const server = rooms({ apiSecret: wrongSecret });
    const error = await caught(server.joinRoom('auth'));
    expect(error.code).toBe('opentok_auth');
    expect(createSessionRequests()).toBe(1);
    for (const text of [
      JSON.stringify(error),
      String(error),
      error.stack ?? '',
      inspect(error, { depth: 10 }),
      inspect(server, { depth: 10 }),
    ]) {
      expect(text).not.toContain(wrongSecret);
    }
  });

  it('a failed creation can be retried by the next call (the single flight is released)', async () => {
    emulator().faults.next({ kind: 'status', status: 500 }, { path: '/session/create', times: 1 });
    const server = rooms({ opentok: { retries: 0 } });
    await expect(server.getOrCreateRoom('second-chance')).rejects.toMatchObject({
      code: 'opentok_unavailable',
    });
    await expect(server.getOrCreateRoom('second-chance')).resolves.toMatchObject({ created: true });
  });
});

describe('bad input gets a clear error and creates nothing', () => {
  const cases: Array<[string, string, object, string]> = [
    ['a name with a space', 'bad name', {}, 'name'],
    ['an empty name', '', {}, 'name'],
    ['an unknown role', 'ok-room', { role: 'admin' }, 'role'],
    ['data over 1000 characters', 'ok-room', { data: 'x'.repeat(1001) }, 'data'],
    ['an expiry in the past', 'ok-room', { expireTime: 1 }, 'expireTime'],
    ['an expiry past 30 days', 'ok-room', { expiresIn: 31 * 86_400 }, 'expiresIn'],
    [
      'relayed with archiving always',
      'ok-room',
      { session: { mediaMode: 'relayed', archiveMode: 'always' } },
      'session.archiveMode',
    ],
    ['metadata that is not an object', 'ok-room', { metadata: [1, 2] }, 'metadata'],
    ['an unknown option', 'ok-room', { roles: 'publisher' }, 'roles'],
  ];
  for (const [title, name, options, field] of cases) {
    it(`rejects ${title}`, async () => {
      const server = rooms();
      const error = await caught(server.joinRoom(name, options as never));
      expect(error).toMatchObject({ code: 'invalid_argument', field });
      expect(error.message.length).toBeGreaterThan(10);
      expect(createSessionRequests()).toBe(0);
      expect((await server.listRooms()).rooms).toHaveLength(0);
    });
  }
});
