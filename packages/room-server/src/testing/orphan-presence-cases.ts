import type { PresenceChange } from '../store/presence.js';
import type { RoomStore } from '../store/room-store.js';
import { sampleRoom } from './room-store-cases.js';

/**
 * How a store bounds the presence of sessions it has no room for (webhooks of another app's
 * sessions, or late ones of deleted rooms): what the orphan cases of the conformance suite need.
 */
export interface OrphanPresenceBound {
  /** Makes a new, empty store with a small bound (a short TTL, a low count). */
  createStore(): RoomStore | Promise<RoomStore>;
  /**
   * Does whatever makes the store's bound pass for everything recorded so far: wait out its TTL,
   * record presence of other sessions, or both.
   *
   * @param store - the store from `createStore`
   */
  lapse(store: RoomStore): Promise<void>;
}

/** One orphan-presence behaviour; `run` throws when the store breaks it. */
export interface OrphanPresenceCase {
  readonly name: string;
  run(store: RoomStore, bound: OrphanPresenceBound): Promise<void>;
}

const connected = (id: string, at = Date.now()): PresenceChange => ({
  kind: 'connection',
  id,
  change: 'created',
  at,
});

function fail(message: string): never {
  throw new Error(`RoomStore conformance (orphan presence): ${message}`);
}

async function connectionCount(store: RoomStore, sessionId: string): Promise<number> {
  return (await store.getPresence(sessionId)).connections.length;
}

/** Presence of sessions without a room is removed once the store's bound passes; a room's stays. */
export const orphanPresenceCases: readonly OrphanPresenceCase[] = [
  {
    name: 'presence of a session with no room is removed once its bound passes; a room’s is kept',
    async run(store, bound) {
      const room = sampleRoom('kept', { sessionId: '1_orphans-room' });
      await store.insertIfAbsent(room);
      await store.recordPresence(room.sessionId, connected('c-room'));
      await store.recordPresence('1_orphans-nobody', connected('c-orphan'));
      await bound.lapse(store);
      if ((await connectionCount(store, '1_orphans-nobody')) !== 0) {
        fail('presence of a session without a room is still there');
      }
      if ((await store.getPresence('1_orphans-nobody')).lastActivityAt !== undefined) {
        fail('an emptied orphan session still reports lastActivityAt');
      }
      if ((await connectionCount(store, room.sessionId)) !== 1) {
        fail('presence of a stored room was removed with the orphans');
      }
    },
  },
  {
    name: 'presence recorded before its room was stored belongs to the room from then on',
    async run(store, bound) {
      await store.recordPresence('1_orphans-early', connected('c-early'));
      await store.insertIfAbsent(sampleRoom('early', { sessionId: '1_orphans-early' }));
      await bound.lapse(store);
      if ((await connectionCount(store, '1_orphans-early')) !== 1) {
        fail('presence of a room stored after its first event was removed as an orphan');
      }
    },
  },
  {
    name: 'late events of a deleted room are orphans: removed once the bound passes',
    async run(store, bound) {
      const room = sampleRoom('deleted', { sessionId: '1_orphans-deleted' });
      await store.insertIfAbsent(room);
      await store.recordPresence(room.sessionId, connected('c1'));
      await store.delete(room.name);
      await store.recordPresence(room.sessionId, connected('c-late'));
      await bound.lapse(store);
      if ((await connectionCount(store, room.sessionId)) !== 0) {
        fail('a late event of a deleted room was kept for good');
      }
    },
  },
];
