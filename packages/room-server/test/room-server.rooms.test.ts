// The room API around the session: get, list, metadata, delete, tokens for existing rooms, stores
// that fail. Sessions come from the emulator through the real SDK.
import { describe, expect, it } from 'vitest';
import { memoryRoomStore, type RoomStore } from '../src/index.js';
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
