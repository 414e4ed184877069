import { describe, expect, it } from 'vitest';
import { RoomError } from '../errors.js';
import { guardStore } from './guarded-store.js';
import { memoryRoomStore } from './memory-room-store.js';
import type { RoomStore } from './room-store.js';

/** The memory store with some methods replaced, under a 50 ms guard. */
function guarded(overrides: Partial<RoomStore>): RoomStore {
  return guardStore({ ...memoryRoomStore(), ...overrides }, 50);
}

describe('guardStore', () => {
  it('answers what the store answers', async () => {
    const room = { name: 'a', sessionId: 's' } as never;
    await expect(guarded({ get: async () => room }).get('a')).resolves.toBe(room);
  });

  it('maps a store that throws before answering, rejects, or answers no promise', async () => {
    const cause = new Error('socket closed');
    const throwing = guarded({
      get: () => {
        throw cause;
      },
    });
    await expect(throwing.get('a')).rejects.toMatchObject({
      code: 'store_unavailable',
      message: 'The room store failed on get.',
      cause,
    });
    await expect(guarded({ get: () => Promise.reject(cause) }).get('a')).rejects.toMatchObject({
      code: 'store_unavailable',
      cause,
    });
    const notAPromise = guarded({ get: (() => undefined) as never });
    await expect(notAPromise.get('a')).rejects.toMatchObject({ code: 'store_unavailable' });
  });

  it("passes a store's own RoomError on as it is", async () => {
    const own = new RoomError('invalid_argument', 'bad metadata');
    await expect(
      guarded({ setMetadata: () => Promise.reject(own) }).setMetadata('a', {}),
    ).rejects.toBe(own);
  });

  it('gives up at the deadline and ignores the late answer', async () => {
    let answer: (value: undefined) => void = () => {};
    const slow = guarded({ get: () => new Promise((resolve) => (answer = resolve)) });
    const started = performance.now();
    await expect(slow.get('a')).rejects.toMatchObject({
      code: 'store_unavailable',
      message: 'The room store did not answer get within 50 ms.',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    answer(undefined);
    // A call after the expired one has a deadline of its own and its own answer.
    await expect(guarded({ get: async () => undefined }).get('a')).resolves.toBeUndefined();
  });

  it('keeps countRooms and close only when the store has them, called on the store', async () => {
    const store = memoryRoomStore();
    const withBoth = guardStore(store, 50);
    await expect(withBoth.countRooms?.()).resolves.toBe(0);
    const { countRooms: _count, close: _close, ...without } = store;
    const bare = guardStore(without as RoomStore, 50);
    expect(bare.countRooms).toBeUndefined();
    expect(bare.close).toBeUndefined();
  });
});
