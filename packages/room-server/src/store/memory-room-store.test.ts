import { describe, expect, it } from 'vitest';
import { describeRoomStoreConformance } from '../testing/describe-room-store-conformance.js';
import { type OrphanPresenceBound, orphanPresenceCases } from '../testing/orphan-presence-cases.js';
import { presenceCases } from '../testing/presence-cases.js';
import { roomStoreCases, type sampleRoom } from '../testing/room-store-cases.js';
import { memoryRoomStore } from './memory-room-store.js';
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
