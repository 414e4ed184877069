import type { PresenceChange } from '../store/presence.js';
import type { RoomStoreCase } from './room-store-cases.js';
import { sampleRoom } from './room-store-cases.js';

const SESSION = '1_presence-session';

function connection(
  id: string,
  change: 'created' | 'destroyed',
  at: number,
  data?: string,
): PresenceChange {
  return data === undefined
    ? { kind: 'connection', id, change, at }
    : { kind: 'connection', id, change, at, data };
}

function stream(
  id: string,
  connectionId: string,
  change: 'created' | 'destroyed',
  at: number,
): PresenceChange {
  return { kind: 'stream', id, connectionId, change, at, name: `cam-${id}`, videoType: 'camera' };
}

function fail(message: string): never {
  throw new Error(`RoomStore conformance (presence): ${message}`);
}

function ids(items: readonly { id: string }[]): string {
  return items.map((item) => item.id).join(',');
}

/** Presence behaviours every RoomStore must have. */
export const presenceCases: readonly RoomStoreCase[] = [
  {
    name: 'presence of an unknown session is empty',
    async run(store) {
      const presence = await store.getPresence('1_nobody');
      if (presence.connections.length || presence.streams.length) fail('expected no one');
      if (presence.lastActivityAt !== undefined) fail('expected no lastActivityAt');
    },
  },
  {
    name: 'connections and streams appear and go, ordered by creation, with their details',
    async run(store) {
      await store.recordPresence(SESSION, connection('c2', 'created', 2000, 'name=Grace'));
      await store.recordPresence(SESSION, connection('c1', 'created', 1000, 'name=Ada'));
      await store.recordPresence(SESSION, stream('s1', 'c1', 'created', 1500));
      let presence = await store.getPresence(SESSION);
      if (ids(presence.connections) !== 'c1,c2') fail(`connections ${ids(presence.connections)}`);
      if (
        presence.connections[0]?.data !== 'name=Ada' ||
        presence.connections[0]?.createdAt !== 1000
      ) {
        fail('connection details lost');
      }
      const s1 = presence.streams[0];
      if (s1?.connectionId !== 'c1' || s1.name !== 'cam-s1' || s1.videoType !== 'camera') {
        fail('stream details lost');
      }
      if (presence.lastActivityAt !== 2000) fail(`lastActivityAt ${presence.lastActivityAt}`);
      await store.recordPresence(SESSION, stream('s1', 'c1', 'destroyed', 2500));
      await store.recordPresence(SESSION, connection('c1', 'destroyed', 3000));
      presence = await store.getPresence(SESSION);
      if (ids(presence.connections) !== 'c2' || presence.streams.length !== 0)
        fail('destroy not applied');
      if (presence.lastActivityAt !== 3000) fail('lastActivityAt must follow the latest change');
    },
  },
  {
    name: 'repeated deliveries count once',
    async run(store) {
      for (let i = 0; i < 3; i++) {
        await store.recordPresence(SESSION, connection('c1', 'created', 1000));
        await store.recordPresence(SESSION, stream('s1', 'c1', 'created', 1100));
      }
      const presence = await store.getPresence(SESSION);
      if (presence.connections.length !== 1 || presence.streams.length !== 1)
        fail('duplicates counted');
    },
  },
  {
    name: 'a destroyed that arrives before its created keeps the id gone',
    async run(store) {
      await store.recordPresence(SESSION, connection('late', 'destroyed', 2000));
      await store.recordPresence(SESSION, connection('late', 'created', 1000));
      await store.recordPresence(SESSION, stream('gone', 'other', 'destroyed', 2000));
      await store.recordPresence(SESSION, stream('gone', 'other', 'created', 1000));
      const presence = await store.getPresence(SESSION);
      if (presence.connections.length !== 0) fail('a late created revived a destroyed connection');
      if (presence.streams.length !== 0) fail('a late created revived a destroyed stream');
    },
  },
  {
    name: 'a stream of a destroyed connection is gone even if its own event was lost',
    async run(store) {
      await store.recordPresence(SESSION, connection('c1', 'created', 1000));
      await store.recordPresence(SESSION, stream('s1', 'c1', 'created', 1100));
      await store.recordPresence(SESSION, connection('c1', 'destroyed', 2000));
      if ((await store.getPresence(SESSION)).streams.length !== 0)
        fail('orphan stream still present');
    },
  },
  {
    name: 'concurrent changes of one session are all kept',
    async run(store) {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.recordPresence(SESSION, connection(`c${i}`, 'created', 1000 + i)),
        ),
      );
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.recordPresence(SESSION, connection(`c${i * 2}`, 'destroyed', 5000)),
        ),
      );
      const presence = await store.getPresence(SESSION);
      if (presence.connections.length !== 20)
        fail(`expected 20 connections, got ${presence.connections.length}`);
      if (presence.connections.some((c) => Number(c.id.slice(1)) % 2 === 0))
        fail('a destroyed connection survived');
    },
  },
  {
    name: 'sessions are independent',
    async run(store) {
      await store.recordPresence(SESSION, connection('c1', 'created', 1000));
      await store.recordPresence('1_other-session', connection('c9', 'created', 1000));
      if (ids((await store.getPresence(SESSION)).connections) !== 'c1') fail('sessions mixed up');
    },
  },
  {
    name: 'deleting a room clears the presence of its session',
    async run(store) {
      await store.insertIfAbsent(sampleRoom('alpha', { sessionId: SESSION }));
      await store.recordPresence(SESSION, connection('c1', 'created', 1000));
      await store.delete('alpha');
      const presence = await store.getPresence(SESSION);
      if (presence.connections.length !== 0 || presence.lastActivityAt !== undefined) {
        fail('presence kept after the room was deleted');
      }
    },
  },
];
