import { invalidArgument } from '../errors.js';
import { EMPTY_PRESENCE, type PresenceChange, type SessionPresence } from './presence.js';
import {
  type ArchiveStatusChange,
  archiveChangeWins,
  recordingOf,
  type StoredArchiveState,
} from './recording.js';
import type {
  InsertRoomResult,
  ListRoomsOptions,
  RoomMetadata,
  RoomPage,
  RoomRecord,
  RoomStore,
} from './room-store.js';

/** A presence entry; a destroyed one stays as a tombstone so a late `created` cannot revive it. */
interface PresenceEntry {
  destroyed: boolean;
  createdAt: number;
  data?: string;
  connectionId?: string;
  name?: string;
  videoType?: string;
}

interface SessionPresenceState {
  connections: Map<string, PresenceEntry>;
  streams: Map<string, PresenceEntry>;
  lastActivityAt: number;
}

/** Options of {@link memoryRoomStore}. */
export interface MemoryRoomStoreOptions {
  /**
   * How many sessions with presence but no room (callbacks of sessions this store has no room for)
   * are kept; the oldest are dropped beyond it. Default 1000.
   */
  maxOrphanSessions?: number;
}

/**
 * A {@link RoomStore} in this process's memory: the default, and right for one server process.
 * Records are copied in and handed out deep-frozen, so callers cannot change what is stored.
 * Memory grows with the rooms stored (about 1 KiB each plus metadata) and their presence; cap rooms
 * with `maxRooms` of `createRoomServer` and expire idle ones with `expireIdleRooms`.
 *
 * @returns an empty store
 * @example
 * ```ts
 * const rooms = createRoomServer({ apiKey, apiSecret, store: memoryRoomStore() });
 * ```
 */
export function memoryRoomStore(options: MemoryRoomStoreOptions = {}): RoomStore {
  const maxOrphanSessions = options.maxOrphanSessions ?? 1000;
  if (!Number.isInteger(maxOrphanSessions) || maxOrphanSessions < 0) {
    throw invalidArgument('maxOrphanSessions', 'maxOrphanSessions must be a non-negative integer.');
  }
  const rooms = new Map<string, RoomRecord>();
  // Names kept sorted, so a page costs a binary search instead of a sort of every room.
  const sortedNames: string[] = [];
  const presence = new Map<string, SessionPresenceState>();
  // Session ids of stored rooms, and (oldest first) sessions with presence but no room: callbacks
  // of another app's sessions, or of deleted rooms, which nothing else would ever remove.
  const roomSessions = new Set<string>();
  const orphans = new Set<string>();

  function forgetOldOrphans(sessionId: string): void {
    orphans.add(sessionId);
    for (const oldest of orphans) {
      if (orphans.size <= maxOrphanSessions) break;
      orphans.delete(oldest);
      presence.delete(oldest);
    }
  }
  const archives = new Map<string, Map<string, StoredArchiveState>>();

  return {
    async insertIfAbsent(room): Promise<InsertRoomResult> {
      const existing = rooms.get(room.name);
      if (existing) return { room: existing, inserted: false };
      const stored = frozenCopy(room);
      rooms.set(room.name, stored);
      sortedNames.splice(lowerBound(sortedNames, room.name), 0, room.name);
      roomSessions.add(room.sessionId);
      orphans.delete(room.sessionId);
      return { room: stored, inserted: true };
    },
    async get(name) {
      return rooms.get(name);
    },
    async delete(name) {
      const room = rooms.get(name);
      if (!room) return false;
      rooms.delete(name);
      roomSessions.delete(room.sessionId);
      presence.delete(room.sessionId);
      archives.delete(room.sessionId);
      sortedNames.splice(lowerBound(sortedNames, name), 1);
      return true;
    },
    async list({ limit, cursor }: ListRoomsOptions): Promise<RoomPage> {
      const start = cursor === undefined ? 0 : upperBound(sortedNames, cursor);
      const names = sortedNames.slice(start, start + limit);
      const page = names.map((name) => rooms.get(name)!);
      const last = names[names.length - 1];
      return start + limit < sortedNames.length && last !== undefined
        ? { rooms: page, nextCursor: last }
        : { rooms: page };
    },
    async countRooms() {
      return rooms.size;
    },
    async setMetadata(name, metadata: RoomMetadata) {
      const room = rooms.get(name);
      if (!room) return undefined;
      const updated = frozenCopy({ ...room, metadata });
      rooms.set(name, updated);
      return updated;
    },
    async recordPresence(sessionId, change: PresenceChange) {
      let state = presence.get(sessionId);
      if (!state) {
        state = { connections: new Map(), streams: new Map(), lastActivityAt: change.at };
        presence.set(sessionId, state);
        if (!roomSessions.has(sessionId)) forgetOldOrphans(sessionId);
      }
      state.lastActivityAt = Math.max(state.lastActivityAt, change.at);
      const entries = change.kind === 'connection' ? state.connections : state.streams;
      const existing = entries.get(change.id);
      if (change.change === 'destroyed') {
        entries.set(change.id, { ...(existing ?? { createdAt: change.at }), destroyed: true });
      } else if (!existing) {
        entries.set(change.id, entryOf(change));
      }
    },
    async getPresence(sessionId): Promise<SessionPresence> {
      const state = presence.get(sessionId);
      if (!state) return EMPTY_PRESENCE;
      const connections = [...state.connections]
        .filter(([, entry]) => !entry.destroyed)
        .map(([id, entry]) => ({
          id,
          createdAt: entry.createdAt,
          ...optional({ data: entry.data }),
        }))
        .sort((a, b) => a.createdAt - b.createdAt);
      const streams = [...state.streams]
        .filter(([, entry]) => !entry.destroyed && !isGone(state.connections, entry.connectionId))
        .map(([id, entry]) => ({
          id,
          createdAt: entry.createdAt,
          ...optional({
            connectionId: entry.connectionId,
            name: entry.name,
            videoType: entry.videoType,
          }),
        }))
        .sort((a, b) => a.createdAt - b.createdAt);
      return { connections, streams, lastActivityAt: state.lastActivityAt };
    },
    async recordArchiveStatus(sessionId, change: ArchiveStatusChange) {
      let states = archives.get(sessionId);
      if (!states) {
        states = new Map();
        archives.set(sessionId, states);
      }
      if (archiveChangeWins(states.get(change.archiveId), change)) {
        states.set(change.archiveId, { ...change });
      }
    },
    async getRecording(sessionId) {
      return recordingOf(archives.get(sessionId)?.values() ?? []);
    },
  };
}

function entryOf(change: PresenceChange): PresenceEntry {
  return {
    destroyed: false,
    createdAt: change.at,
    ...optional({
      data: change.data,
      connectionId: change.connectionId,
      name: change.name,
      videoType: change.videoType,
    }),
  };
}

/** A stream whose connection has been destroyed is gone too, even if its own event was lost. */
function isGone(
  connections: Map<string, PresenceEntry>,
  connectionId: string | undefined,
): boolean {
  return connectionId !== undefined && connections.get(connectionId)?.destroyed === true;
}

/** Drops undefined fields, so records compare equal whatever store they come from. */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** Stored records are deep-frozen copies, handed out as they are: no copy per read. */
function frozenCopy(room: RoomRecord): RoomRecord {
  return deepFreeze(structuredClone(room));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** First index whose name is >= target. */
function lowerBound(names: readonly string[], target: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (names[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose name is > target. */
function upperBound(names: readonly string[], target: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (names[mid]! <= target) low = mid + 1;
    else high = mid;
  }
  return low;
}
