// idleExpiry: expireIdleRooms on a timer, with fake timers (and a fake clock) and a stub OpenTok, so
// minutes pass in milliseconds. Rooms no one connected to go after unusedForMs, used ones after
// idleForMs from their last change; sweeps never overlap, failures are reported, close() stops them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startIdleExpiry } from '../src/idle-expiry.js';
import {
  createRoomServer,
  memoryRoomStore,
  type RoomServerOptions,
  type RoomStore,
} from '../src/index.js';
import type { OpenTokAdapter } from '../src/opentok/opentok-adapter.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function server(idleExpiry: RoomServerOptions['idleExpiry'], store: RoomStore = memoryRoomStore()) {
  let sessions = 0;
  const adapter = {
    createSession: async () => `1_stub-${++sessions}`,
  } as unknown as OpenTokAdapter;
  const rooms = createRoomServer({
    apiKey: '12345678',
    apiSecret: 'a'.repeat(40),
    adapter,
    store,
    ...(idleExpiry ? { idleExpiry } : {}),
  });
  return { rooms, store };
}

const names = async (rooms: ReturnType<typeof server>['rooms']) =>
  (await rooms.listRooms()).rooms.map((room) => room.name);

describe('idleExpiry', () => {
  it('expires rooms no one connected to after unusedForMs, used ones idleForMs after their last change', async () => {
    const expired: Array<{ at: number; names: string[] }> = [];
    const { rooms, store } = server({
      idleForMs: 3000,
      unusedForMs: 800,
      everyMs: 100,
      onExpired: (names) => expired.push({ at: Date.now() - T0, names }),
    });
    const { room: used } = await rooms.getOrCreateRoom('used');
    await rooms.getOrCreateRoom('unused');
    const { room: busy } = await rooms.getOrCreateRoom('busy');
    const change = (id: string, what: 'created' | 'destroyed', at: number) =>
      ({ kind: 'connection', id, change: what, at: T0 + at }) as const;
    await store.recordPresence(used.sessionId, change('u1', 'created', 100));
    await store.recordPresence(used.sessionId, change('u1', 'destroyed', 400));
    await store.recordPresence(busy.sessionId, change('b1', 'created', 100));

    await vi.advanceTimersByTimeAsync(700);
    expect(await names(rooms)).toEqual(['busy', 'unused', 'used']);
    await vi.advanceTimersByTimeAsync(200); // 900 ms: the first sweep past 800 ms
    expect(expired).toEqual([{ at: 800, names: ['unused'] }]);
    await vi.advanceTimersByTimeAsync(2500); // 3.4 s: used has been quiet for 3 s
    expect(expired).toEqual([
      { at: 800, names: ['unused'] },
      { at: 3400, names: ['used'] },
    ]);
    // A room with someone in it stays, however long.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await names(rooms)).toEqual(['busy']);
    await rooms.close();
  });

  it('unusedForMs defaults to idleForMs, everyMs to a quarter of it', async () => {
    const expired: number[] = [];
    const { rooms } = server({ idleForMs: 8000, onExpired: () => expired.push(Date.now() - T0) });
    await rooms.getOrCreateRoom('never-joined');
    await vi.advanceTimersByTimeAsync(7999);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(2001); // sweeps every 2 s: the one at 8 s finds it due
    expect(expired).toEqual([8000]);
    await rooms.close();
  });

  it('close() stops the sweeps and waits for the one under way', async () => {
    const inner = memoryRoomStore();
    let lists = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store: RoomStore = {
      ...inner,
      list: async (options) => {
        lists++;
        await held;
        return inner.list(options);
      },
    };
    const { rooms } = server({ idleForMs: 1000, everyMs: 100 }, store);
    await vi.advanceTimersByTimeAsync(1000);
    // The first sweep is still waiting for its page: no other one started meanwhile.
    expect(lists).toBe(1);
    let closed = false;
    const closing = rooms.close().then(() => {
      closed = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(false);
    release();
    await closing;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lists).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failed sweep is reported to onError and the next one runs', async () => {
    const inner = memoryRoomStore();
    let fail = true;
    const store: RoomStore = {
      ...inner,
      list: async (options) => {
        if (fail) throw new Error('store down');
        return inner.list(options);
      },
    };
    const errors: unknown[] = [];
    const expired: string[] = [];
    const { rooms } = server(
      {
        idleForMs: 500,
        everyMs: 100,
        onError: (error) => errors.push(error),
        onExpired: (names) => expired.push(...names),
      },
      store,
    );
    await rooms.getOrCreateRoom('kept-by-failures');
    await vi.advanceTimersByTimeAsync(600);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toMatchObject({ code: 'store_unavailable' });
    expect(expired).toEqual([]);
    fail = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(expired).toEqual(['kept-by-failures']);
    await rooms.close();
  });

  it('refuses bad periods and limits up front', () => {
    const expire = async () => [];
    expect(() => startIdleExpiry(expire, { idleForMs: 0 })).toThrow(/idleForMs/);
    expect(() => startIdleExpiry(expire, { idleForMs: 1000, everyMs: 5 })).toThrow(/everyMs/);
    expect(() => server({ idleForMs: Number.NaN })).toThrow(/idleForMs/);
    expect(vi.getTimerCount()).toBe(0);
  });
});
