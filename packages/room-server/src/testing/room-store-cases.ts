import type { RoomRecord, RoomStore } from '../store/room-store.js';

/** One behaviour every {@link RoomStore} must have. `run` throws when the store breaks it. */
export interface RoomStoreCase {
  /** What the store must do, as a test title. */
  readonly name: string;
  /** Checks the behaviour on an empty store. */
  run(store: RoomStore): Promise<void>;
}

/** A room record for tests; `overrides` replace any field. */
export function sampleRoom(name: string, overrides: Partial<RoomRecord> = {}): RoomRecord {
  return {
    name,
    sessionId: `1_session-of-${name}`,
    sessionOptions: { mediaMode: 'routed', archiveMode: 'manual', e2ee: false },
    metadata: {},
    createdAt: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

function fail(message: string): never {
  throw new Error(`RoomStore conformance: ${message}`);
}

function assertEqualJson(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(sortKeys(actual));
  const e = JSON.stringify(sortKeys(expected));
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Every behaviour a RoomStore must have, as checks that throw. */
export const roomStoreCases: readonly RoomStoreCase[] = [
  {
    name: 'get of a missing room answers undefined',
    async run(store) {
      if ((await store.get('missing')) !== undefined) fail('get(missing) must be undefined');
    },
  },
  {
    name: 'insertIfAbsent stores a new room and get returns it unchanged',
    async run(store) {
      const room = sampleRoom('alpha', {
        sessionOptions: {
          mediaMode: 'relayed',
          archiveMode: 'manual',
          e2ee: false,
          location: '10.0.0.1',
        },
        metadata: { topic: 'Grüße 👋', nested: { list: [1, 'two', null, true] } },
      });
      const result = await store.insertIfAbsent(room);
      if (!result.inserted) fail('the first insert must report inserted: true');
      assertEqualJson(result.room, room, 'insertIfAbsent result');
      assertEqualJson(await store.get('alpha'), room, 'get after insert');
    },
  },
  {
    name: 'a second insert of the same name returns the existing room and changes nothing',
    async run(store) {
      await store.insertIfAbsent(sampleRoom('alpha', { sessionId: '1_first' }));
      const second = await store.insertIfAbsent(sampleRoom('alpha', { sessionId: '1_second' }));
      if (second.inserted) fail('the second insert must report inserted: false');
      if (second.room.sessionId !== '1_first') fail('the second insert must return the first room');
      if ((await store.get('alpha'))?.sessionId !== '1_first')
        fail('the first room must stay stored');
    },
  },
  {
    name: 'of 50 concurrent inserts of one name exactly one wins and all see its session',
    async run(store) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.insertIfAbsent(sampleRoom('race', { sessionId: `1_candidate-${i}` })),
        ),
      );
      const winners = results.filter((r) => r.inserted);
      if (winners.length !== 1) fail(`expected exactly 1 insert to win, got ${winners.length}`);
      const sessions = new Set(results.map((r) => r.room.sessionId));
      if (sessions.size !== 1) fail(`all inserts must return one session, got ${sessions.size}`);
      if ((await store.get('race'))?.sessionId !== winners[0]!.room.sessionId) {
        fail('the stored room must be the winner');
      }
    },
  },
  {
    name: 'rooms are independent of the objects passed in and returned',
    async run(store) {
      const room = sampleRoom('alpha', { metadata: { topic: 'original' } });
      const { room: returned } = await store.insertIfAbsent(room);
      try {
        (room.metadata as Record<string, unknown>).topic = 'changed by caller';
        (returned.metadata as Record<string, unknown>).topic = 'changed by caller';
      } catch {
        // Frozen objects are fine too.
      }
      if ((await store.get('alpha'))?.metadata.topic !== 'original') {
        fail('mutating a passed-in or returned record must not change the stored room');
      }
    },
  },
  {
    name: 'delete removes a room once, and the name can be used again',
    async run(store) {
      await store.insertIfAbsent(sampleRoom('alpha', { sessionId: '1_old' }));
      if ((await store.delete('alpha')) !== true) fail('delete of a stored room must answer true');
      if ((await store.delete('alpha')) !== false) fail('a second delete must answer false');
      if ((await store.get('alpha')) !== undefined) fail('get after delete must be undefined');
      const again = await store.insertIfAbsent(sampleRoom('alpha', { sessionId: '1_new' }));
      if (!again.inserted || again.room.sessionId !== '1_new')
        fail('re-insert after delete must win');
    },
  },
  {
    name: 'delete of a missing room answers false',
    async run(store) {
      if ((await store.delete('missing')) !== false) fail('delete(missing) must be false');
    },
  },
  {
    name: 'list of an empty store is one empty page',
    async run(store) {
      const page = await store.list({ limit: 10 });
      if (page.rooms.length !== 0 || page.nextCursor !== undefined)
        fail('expected no rooms and no cursor');
    },
  },
  {
    name: 'list pages through every room once, ordered by name',
    async run(store) {
      const names = Array.from({ length: 25 }, (_, i) => `room-${String(i).padStart(2, '0')}`);
      for (const name of [...names].reverse()) await store.insertIfAbsent(sampleRoom(name));
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.list(cursor === undefined ? { limit: 10 } : { limit: 10, cursor });
        sizes.push(page.rooms.length);
        seen.push(...page.rooms.map((r) => r.name));
        cursor = page.nextCursor;
        if (cursor === undefined) break;
      }
      assertEqualJson(seen, names, 'names over all pages');
      assertEqualJson(sizes, [10, 10, 5], 'page sizes');
    },
  },
  {
    name: 'list with a limit equal to the room count gives no cursor',
    async run(store) {
      for (const name of ['a', 'b', 'c']) await store.insertIfAbsent(sampleRoom(name));
      const page = await store.list({ limit: 3 });
      if (page.rooms.length !== 3) fail(`expected 3 rooms, got ${page.rooms.length}`);
      if (page.nextCursor !== undefined) fail('no cursor when nothing follows');
    },
  },
  {
    name: 'list skips rooms deleted between pages and carries on after the cursor',
    async run(store) {
      for (const name of ['a', 'b', 'c', 'd']) await store.insertIfAbsent(sampleRoom(name));
      const first = await store.list({ limit: 2 });
      await store.delete('b');
      await store.delete('c');
      const cursor = first.nextCursor;
      if (cursor === undefined) fail('expected a cursor after the first page');
      const second = await store.list({ limit: 2, cursor });
      assertEqualJson(
        second.rooms.map((r) => r.name),
        ['d'],
        'second page',
      );
    },
  },
  {
    name: 'setMetadata replaces metadata and keeps the rest of the room',
    async run(store) {
      const room = sampleRoom('alpha', { metadata: { old: true } });
      await store.insertIfAbsent(room);
      const updated = await store.setMetadata('alpha', { topic: 'new', count: 2 });
      assertEqualJson(
        updated,
        { ...room, metadata: { topic: 'new', count: 2 } },
        'setMetadata result',
      );
      assertEqualJson(await store.get('alpha'), updated, 'get after setMetadata');
    },
  },
  {
    name: 'setMetadata of a missing room answers undefined and creates nothing',
    async run(store) {
      if ((await store.setMetadata('missing', { a: 1 })) !== undefined) fail('expected undefined');
      if ((await store.get('missing')) !== undefined) fail('setMetadata must not create a room');
    },
  },
  {
    name: 'names differing only in case or punctuation are different rooms',
    async run(store) {
      for (const name of ['Standup', 'standup', 'stand.up', 'stand-up', 'stand_up']) {
        const result = await store.insertIfAbsent(sampleRoom(name, { sessionId: `1_${name}` }));
        if (!result.inserted) fail(`"${name}" must be a room of its own`);
      }
      if ((await store.get('standup'))?.sessionId !== '1_standup') fail('wrong room for "standup"');
    },
  },
  {
    name: 'countRooms (when the store has it) counts what was inserted and not deleted',
    async run(store) {
      if (!store.countRooms) return;
      if ((await store.countRooms()) !== 0) fail('an empty store must count 0 rooms');
      await store.insertIfAbsent(sampleRoom('one'));
      await store.insertIfAbsent(sampleRoom('two'));
      await store.insertIfAbsent(sampleRoom('two'));
      await store.delete('one');
      if ((await store.countRooms()) !== 1) fail('expected 1 room after 2 inserts and 1 delete');
    },
  },
];
