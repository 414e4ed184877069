import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { describeRoomStoreConformance } from '../testing/describe-room-store-conformance.js';
import { type OrphanPresenceBound, orphanPresenceCases } from '../testing/orphan-presence-cases.js';
import { presenceCases } from '../testing/presence-cases.js';
import { roomStoreCases, sampleRoom } from '../testing/room-store-cases.js';
import { memoryRoomStore } from './memory-room-store.js';
import type { PresenceChange } from './presence.js';
import type { RoomStore } from './room-store.js';

/** The memory store keeps `maxOrphanSessions` orphans: a newer one pushes the oldest out. */
function countBound(maxOrphanSessions: number): OrphanPresenceBound {
  return {
    createStore: () => memoryRoomStore({ maxOrphanSessions }),
    async lapse(store) {
      for (let i = 0; i < Math.max(1, maxOrphanSessions); i++) {
        await store.recordPresence(`1_filler-${i}`, {
          kind: 'connection',
          id: 'c',
          change: 'created',
          at: Date.now(),
        });
      }
    },
  };
}

describeRoomStoreConformance('memoryRoomStore', () => memoryRoomStore(), {
  orphanPresence: countBound(1),
});

// The suite must be able to fail: each broken store below breaks one rule and must be caught.
async function failingCases(store: () => RoomStore): Promise<string[]> {
  const failed: string[] = [];
  for (const testCase of [...roomStoreCases, ...presenceCases]) {
    try {
      await testCase.run(store());
    } catch {
      failed.push(testCase.name);
    }
  }
  return failed;
}

function racyStore(): RoomStore {
  // Check-then-set with an await in between: the classic lost-update bug.
  const inner = memoryRoomStore();
  return {
    ...inner,
    async insertIfAbsent(room) {
      const existing = await inner.get(room.name);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (existing) return { room: existing, inserted: false };
      await inner.delete(room.name);
      return inner.insertIfAbsent(room);
    },
  };
}

function sharingStore(): RoomStore {
  // Hands out its own objects: callers can corrupt it.
  const rooms = new Map<string, ReturnType<typeof sampleRoom>>();
  const inner = memoryRoomStore();
  return {
    ...inner,
    async insertIfAbsent(room) {
      const existing = rooms.get(room.name);
      if (existing) return { room: existing, inserted: false };
      rooms.set(room.name, room);
      await inner.insertIfAbsent(room);
      return { room, inserted: true };
    },
    async get(name) {
      return rooms.get(name);
    },
  };
}

function offByOnePager(): RoomStore {
  const inner = memoryRoomStore();
  return {
    ...inner,
    async list(options) {
      const page = await inner.list({ ...options, limit: options.limit + 1 });
      return page;
    },
  };
}

function noTombstones(): RoomStore {
  // Deletes on "destroyed", so a late "created" revives the connection.
  const inner = memoryRoomStore();
  const live = new Map<string, { id: string; createdAt: number }>();
  return {
    ...inner,
    async recordPresence(_sessionId, change) {
      if (change.change === 'destroyed') live.delete(change.id);
      else live.set(change.id, { id: change.id, createdAt: change.at });
    },
    async getPresence() {
      return { connections: [...live.values()], streams: [], lastActivityAt: 0 };
    },
  };
}

async function failingOrphanCases(bound: OrphanPresenceBound): Promise<string[]> {
  const failed: string[] = [];
  for (const testCase of orphanPresenceCases) {
    try {
      await testCase.run(await bound.createStore(), bound);
    } catch {
      failed.push(testCase.name);
    }
  }
  return failed;
}

describe('the conformance suite catches broken stores', () => {
  it('a store that keeps orphan presence for good fails the orphan cases', async () => {
    // One filler write stays far under a bound of 1000: nothing is removed.
    const keeping = { ...countBound(1), createStore: () => memoryRoomStore() };
    expect(await failingOrphanCases(keeping)).toEqual([
      orphanPresenceCases[0]!.name,
      orphanPresenceCases[2]!.name,
    ]);
  });
  it('a store that drops every session’s presence fails the kept-room case', async () => {
    const inner = countBound(1);
    const forgetful: OrphanPresenceBound = {
      createStore: async () => {
        const store = await inner.createStore();
        return { ...store, getPresence: async () => ({ connections: [], streams: [] }) };
      },
      lapse: inner.lapse,
    };
    expect(await failingOrphanCases(forgetful)).toEqual([
      orphanPresenceCases[0]!.name,
      orphanPresenceCases[1]!.name,
    ]);
  });
  it('a racy insertIfAbsent fails the concurrency case', async () => {
    expect(await failingCases(racyStore)).toContain(
      'of 50 concurrent inserts of one name exactly one wins and all see its session',
    );
  });
  it('a store that shares its objects fails the isolation case', async () => {
    expect(await failingCases(sharingStore)).toContain(
      'rooms are independent of the objects passed in and returned',
    );
  });
  it('a pager that returns one room too many fails the paging case', async () => {
    expect(await failingCases(offByOnePager)).toContain(
      'list pages through every room once, ordered by name',
    );
  });
  it('presence without tombstones fails the reordering case', async () => {
    expect(await failingCases(noTombstones)).toContain(
      'a destroyed that arrives before its created keeps the id gone',
    );
  });
  it('the memory store fails none', async () => {
    expect(await failingCases(memoryRoomStore)).toEqual([]);
  });
});

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function connection(id: string, change: 'created' | 'destroyed', at: number): PresenceChange {
  return { kind: 'connection', id, change, at, ...(change === 'created' ? { data: 'n=Ada' } : {}) };
}

describe('the memory store’s bound', () => {
  it('a live room with 100k connection events keeps at most maxTombstones tombstones (10,000: about 3 MB)', async () => {
    const store = memoryRoomStore();
    const room = sampleRoom('busy');
    await store.insertIfAbsent(room);
    await store.recordPresence(room.sessionId, connection('stays', 'created', 1));
    const before = heapAfterGc();
    for (let i = 0; i < 50_000; i++) {
      const id = `d6f5c1a2-0b7e-4c1f-9a3e-${String(i).padStart(12, '0')}`;
      await store.recordPresence(room.sessionId, connection(id, 'created', 10 + 2 * i));
      await store.recordPresence(room.sessionId, connection(id, 'destroyed', 11 + 2 * i));
    }
    const grownBy = heapAfterGc() - before;
    // Before, every tombstone was kept for good (8 MB here, growing with each event); now the last
    // 10,000 are (about 3 MB).
    expect(grownBy).toBeLessThan(5 * 1024 * 1024);
    const presence = await store.getPresence(room.sessionId);
    expect(presence.connections.map((c) => c.id)).toEqual(['stays']);
    expect(presence.lastActivityAt).toBe(11 + 2 * 49_999);
  });

  it('a late created of a dropped tombstone does not revive it; a newer connection is kept', async () => {
    const store = memoryRoomStore({ maxTombstones: 2 });
    const { sessionId } = sampleRoom('late');
    await store.insertIfAbsent(sampleRoom('late'));
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) {
      await store.recordPresence(sessionId, connection(id, 'created', 100 + i * 10));
      await store.recordPresence(sessionId, connection(id, 'destroyed', 105 + i * 10));
    }
    // a and b were dropped; their repeated (or late) created events stay ignored.
    await store.recordPresence(sessionId, connection('a', 'created', 100));
    await store.recordPresence(sessionId, connection('b', 'created', 110));
    // c and d are still tombstones.
    await store.recordPresence(sessionId, connection('d', 'created', 130));
    await store.recordPresence(sessionId, connection('e', 'created', 200));
    expect((await store.getPresence(sessionId)).connections.map((c) => c.id)).toEqual(['e']);
  });

  it('streams of a destroyed connection stay gone once its tombstone is dropped', async () => {
    const store = memoryRoomStore({ maxTombstones: 3 });
    const { sessionId } = sampleRoom('streams');
    await store.insertIfAbsent(sampleRoom('streams'));
    await store.recordPresence(sessionId, connection('pub', 'created', 1));
    await store.recordPresence(sessionId, {
      kind: 'stream',
      id: 'cam',
      connectionId: 'pub',
      change: 'created',
      at: 2,
    });
    // The stream's own destroyed event is lost; its connection goes.
    await store.recordPresence(sessionId, connection('pub', 'destroyed', 3));
    for (let i = 0; i < 5; i++) {
      await store.recordPresence(sessionId, connection(`churn-${i}`, 'created', 10 + i));
      await store.recordPresence(sessionId, connection(`churn-${i}`, 'destroyed', 20 + i));
    }
    expect(await store.getPresence(sessionId)).toMatchObject({ connections: [], streams: [] });
  });

  it('archive states of sessions with no room are kept for at most maxOrphanSessions sessions; a room’s stay', async () => {
    const store = memoryRoomStore({ maxOrphanSessions: 2 });
    const room = sampleRoom('recorded');
    await store.insertIfAbsent(room);
    const started = { archiveId: 'a1', status: 'started', at: 1, createdAt: 1 } as const;
    await store.recordArchiveStatus(room.sessionId, started);
    for (let i = 0; i < 5; i++) await store.recordArchiveStatus(`1_no-room-${i}`, started);
    expect((await store.getRecording(room.sessionId)).active).toBe(true);
    expect((await store.getRecording('1_no-room-0')).active).toBe(false);
    expect((await store.getRecording('1_no-room-4')).active).toBe(true);
    // A room stored later for an orphan session keeps its states.
    await store.insertIfAbsent(sampleRoom('late-room', { sessionId: '1_no-room-4' }));
    for (let i = 5; i < 10; i++) await store.recordArchiveStatus(`1_no-room-${i}`, started);
    expect((await store.getRecording('1_no-room-4')).active).toBe(true);
  });

  it('refuses a bad maxTombstones', () => {
    expect(() => memoryRoomStore({ maxTombstones: -1 })).toThrow(/maxTombstones/);
  });
});
