// The room API around the session: get, list, metadata, delete, tokens for existing rooms, stores
// that fail. Sessions come from the emulator through the real SDK.
import { describe, expect, it } from 'vitest';
import { memoryRoomStore, type RoomServerOptions, type RoomStore } from '../src/index.js';
import type { OpenTokAdapter } from '../src/opentok/opentok-adapter.js';
import { useEmulator } from './support/emulated-rooms.js';

const { emulator, rooms, createSessionRequests } = useEmulator();

describe('rooms', () => {
  it('getRoom, setRoomMetadata, listRooms and deleteRoom', async () => {
    const server = rooms();
    const { room } = await server.getOrCreateRoom('review', { metadata: { topic: 'Q3' } });
    expect(room).toMatchObject({
      name: 'review',
      metadata: { topic: 'Q3' },
      sessionOptions: { mediaMode: 'routed' },
    });
    expect(Date.parse(room.createdAt)).toBeGreaterThan(Date.now() - 10_000);
    expect(await server.getRoom('review')).toEqual({ ...room, recording: { active: false } });

    const updated = await server.setRoomMetadata('review', { topic: 'Q4', owner: 'ada' });
    expect(updated).toEqual({ ...room, metadata: { topic: 'Q4', owner: 'ada' } });

    for (const name of ['a-room', 'b-room', 'c-room']) await server.getOrCreateRoom(name);
    const first = await server.listRooms({ limit: 2 });
    expect(first.rooms.map((r) => r.name)).toEqual(['a-room', 'b-room']);
    const rest = await server.listRooms({ limit: 2, cursor: first.nextCursor! });
    expect(rest.rooms.map((r) => r.name)).toEqual(['c-room', 'review']);
    expect(rest.nextCursor).toBeUndefined();

    expect(await server.deleteRoom('review')).toBe(true);
    expect(await server.deleteRoom('review')).toBe(false);
    expect(await server.getRoom('review')).toBeUndefined();
  });

  it('issueToken needs an existing room', async () => {
    const server = rooms();
    await expect(server.issueToken('nowhere')).rejects.toMatchObject({ code: 'not_found' });
    const { room } = await server.getOrCreateRoom('somewhere');
    const issued = await server.issueToken('somewhere', { role: 'subscriber', expiresIn: 60 });
    expect(issued).toMatchObject({
      sessionId: room.sessionId,
      role: 'subscriber',
      apiKey: emulator().apiKey,
    });
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeLessThanOrEqual(61_000);
  });

  it('setRoomMetadata of a missing room is not_found; bad metadata is invalid_argument', async () => {
    const server = rooms();
    await expect(server.setRoomMetadata('nowhere', {})).rejects.toMatchObject({
      code: 'not_found',
    });
    await server.getOrCreateRoom('meta');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(server.setRoomMetadata('meta', cyclic as never)).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'metadata',
    });
    await expect(server.setRoomMetadata('meta', { big: 'x'.repeat(17_000) })).rejects.toMatchObject(
      { code: 'invalid_argument' },
    );
    await expect(server.setRoomMetadata('meta', { n: Number.NaN })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });

  it('listRooms validates its query', async () => {
    const server = rooms();
    for (const query of [{ limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { cursor: '' }]) {
      await expect(server.listRooms(query)).rejects.toMatchObject({ code: 'invalid_argument' });
    }
  });

  it('createToken signs for a session id held elsewhere, and refuses another project', async () => {
    const server = rooms();
    const { room } = await server.getOrCreateRoom('direct');
    expect(server.createToken(room.sessionId).sessionId).toBe(room.sessionId);
    expect(() =>
      server.createToken(`1_${Buffer.from('1~123~~0~x~~').toString('base64url')}`),
    ).toThrow(/not a session of this project/);
  });

  it('needs credentials and valid options up front', () => {
    expect(() => rooms({ apiKey: '' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field: 'apiKey' }),
    );
    expect(() => rooms({ sessionDefaults: { mediaMode: 'p2p' as never } })).toThrow(/mediaMode/);
    expect(() => rooms({ storeTimeoutMs: -1 })).toThrow(/storeTimeoutMs/);
    expect(() => rooms({ opentok: { timeoutMs: 0 } })).toThrow(/timeoutMs/);
  });
});

describe('maxRooms', () => {
  /** A server whose sessions cost nothing, for counts in the thousands. */
  function countingServer(options: Partial<RoomServerOptions> = {}) {
    let sessions = 0;
    const adapter = {
      createSession: async () => `stub-session-${++sessions}`,
    } as unknown as OpenTokAdapter;
    return { server: rooms({ adapter, ...options }), sessions: () => sessions };
  }

  it('defaults to 10,000 rooms: the next creation is capacity_reached and makes no session', async () => {
    const { server, sessions } = countingServer();
    for (let i = 0; i < 10_000; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) => server.getOrCreateRoom(`r-${i + j}`)),
      );
    }
    await expect(server.getOrCreateRoom('one-too-many')).rejects.toMatchObject({
      code: 'capacity_reached',
    });
    expect(sessions()).toBe(10_000);
    // Existing rooms are still there to join.
    expect((await server.getOrCreateRoom('r-42')).created).toBe(false);
  });

  it('Infinity turns the cap off; other values must be positive integers', async () => {
    const { server } = countingServer({ maxRooms: Infinity, store: memoryRoomStore() });
    await Promise.all(Array.from({ length: 10_001 }, (_, i) => server.getOrCreateRoom(`x-${i}`)));
    expect(await server.listRooms({ limit: 1 })).toMatchObject({ nextCursor: 'x-0' });
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(() => rooms({ maxRooms: bad })).toThrow(
        expect.objectContaining({ code: 'invalid_argument', field: 'maxRooms' }),
      );
    }
  });

  it('a store without countRooms has no default cap, and refuses an explicit one', () => {
    const { countRooms: _, ...uncounted } = memoryRoomStore();
    expect(() => rooms({ store: uncounted })).not.toThrow();
    expect(() => rooms({ store: uncounted, maxRooms: 5 })).toThrow(/countRooms/);
  });

  it('concurrent getOrCreateRoom calls never pass the cap, whatever the store answers when', async () => {
    // Counts answered late (after other creations' inserts) or early: the cap still holds.
    const store = memoryRoomStore();
    const countRooms = store.countRooms!.bind(store);
    let calls = 0;
    store.countRooms = async () => {
      const count = await countRooms();
      await new Promise((resolve) => setTimeout(resolve, calls++ % 2 ? 0 : 5));
      return count;
    };
    const { server, sessions } = countingServer({ store, maxRooms: 3 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => server.getOrCreateRoom(`c-${i}`)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    expect(sessions()).toBe(3);
    expect(await countRooms()).toBe(3);
  });
});

describe('a failing store', () => {
  function brokenStore(overrides: Partial<RoomStore>): RoomStore {
    return { ...memoryRoomStore(), ...overrides };
  }

  it('a store that throws gives store_unavailable with the cause kept', async () => {
    const cause = new Error('ECONNREFUSED 127.0.0.1:6390');
    const server = rooms({ store: brokenStore({ get: () => Promise.reject(cause) }) });
    const error = await server.joinRoom('x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store_unavailable', cause });
    expect(createSessionRequests()).toBe(0);
  });

  it('a store that never answers gives store_unavailable within storeTimeoutMs', async () => {
    const server = rooms({
      store: brokenStore({ get: () => new Promise(() => {}) }),
      storeTimeoutMs: 100,
    });
    const started = Date.now();
    await expect(server.getRoom('x')).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an insert that fails after the session was created reports store_unavailable and keeps nothing', async () => {
    const server = rooms({
      store: brokenStore({ insertIfAbsent: () => Promise.reject(new Error('disk full')) }),
    });
    await expect(server.joinRoom('half')).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(createSessionRequests()).toBe(1);
    expect(await server.getRoom('half')).toBeUndefined();
  });

  it('close() closes the store', async () => {
    let closed = false;
    const server = rooms({
      store: brokenStore({
        close: async () => {
          closed = true;
        },
      }),
    });
    await server.close();
    expect(closed).toBe(true);
  });
});
