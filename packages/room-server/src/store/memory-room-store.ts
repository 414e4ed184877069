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

/**
 * A presence entry; a destroyed one stays as a tombstone (its `createdAt` only) so a late `created`
 * cannot revive it, until the store's tombstone bound drops it.
 */
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
  /** Live streams by the connection that publishes them: a destroyed connection takes them along. */
  streamsOf: Map<string, Set<string>>;
  lastActivityAt: number;
  /**
   * The latest `createdAt` of a tombstone dropped for the bound: a `created` at or before it may be
   * the late event of a dropped tombstone, so it is ignored (no event is that late in practice).
   */
  forgottenUpTo: number;
}

/** Where a tombstone lives, in the store-wide queue of tombstones (oldest first). */
interface TombstoneRef {
  state: SessionPresenceState;
  entries: Map<string, PresenceEntry>;
  id: string;
  entry: PresenceEntry;
}

/** Options of {@link memoryRoomStore}. */
export interface MemoryRoomStoreOptions {
  /**
   * How many sessions with presence but no room (callbacks of sessions this store has no room for)
   * are kept; the oldest are dropped beyond it. Default 1000.
   */
  maxOrphanSessions?: number;
  /**
   * Destroyed connections and streams kept, across all sessions, so that a late or repeated
   * `created` cannot revive them; the oldest are dropped beyond it (a `created` older than a dropped
   * one is then ignored). Default 10,000 (about 3 MB).
   */
  maxTombstones?: number;
}

/**
 * A {@link RoomStore} in this process's memory: the default, and right for one server process.
 * Records are copied in and handed out deep-frozen, so callers cannot change what is stored.
 *
 * Memory is bounded by default: the rooms (about 0.6 KiB each plus their metadata, at most 16 KiB;
 * `maxRooms` of `createRoomServer` caps them, 10,000 by default), the live connections and streams
 * the callbacks report (about 0.2 KiB each), at most `maxTombstones` destroyed ones (10,000, about
 * 3 MB) and at most `maxOrphanSessions` sessions with presence or archive states but no room
 * (1,000). Expire idle rooms with `idleExpiry` so that the cap is not reached.
 *
 * @param options - the bounds of sessions without a room and of tombstones
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
  const maxTombstones = options.maxTombstones ?? 10_000;
  if (!Number.isInteger(maxTombstones) || maxTombstones < 0) {
    throw invalidArgument('maxTombstones', 'maxTombstones must be a non-negative integer.');
  }
  const rooms = new Map<string, RoomRecord>();
  // Names kept sorted, so a page costs a binary search instead of a sort of every room.
  const sortedNames: string[] = [];
  const presence = new Map<string, SessionPresenceState>();
  // Session ids of stored rooms, and (oldest first) sessions with presence but no room: callbacks
  // of another app's sessions, or of deleted rooms, which nothing else would ever remove.
  const roomSessions = new Set<string>();
  const orphans = new Set<string>();
  const archives = new Map<string, Map<string, StoredArchiveState>>();
  // Every tombstone, oldest first, from `tombstonesHead` on. A forgotten session's stay until their
  // turn: they hold places in the bound, never memory beyond it.
  let tombstones: TombstoneRef[] = [];
  let tombstonesHead = 0;

  function forgetOldOrphans(sessionId: string): void {
    orphans.add(sessionId);
    for (const oldest of orphans) {
      if (orphans.size <= maxOrphanSessions) break;
      orphans.delete(oldest);
      forgetSession(oldest);
    }
  }

  /** Drops a session's presence and archive states. */
  function forgetSession(sessionId: string): void {
    const state = presence.get(sessionId);
    if (state) {
      // Emptied, since its places in the tombstone queue still point at it.
      state.connections.clear();
      state.streams.clear();
      state.streamsOf.clear();
      presence.delete(sessionId);
    }
    archives.delete(sessionId);
  }

  /** Makes an entry a tombstone and drops the oldest tombstones beyond the bound. */
  function bury(
    state: SessionPresenceState,
    kind: 'connection' | 'stream',
    id: string,
    createdAt: number,
  ): void {
    const entries = entriesOf(state, kind);
    const entry: PresenceEntry = { destroyed: true, createdAt };
    entries.set(id, entry);
    tombstones.push({ state, entries, id, entry });
    while (tombstones.length - tombstonesHead > maxTombstones) {
      const oldest = tombstones[tombstonesHead]!;
      tombstones[tombstonesHead++] = undefined as never;
      // Unless it has been replaced since (or its session forgotten, which changes nothing).
      if (oldest.entries.get(oldest.id) === oldest.entry) {
        oldest.entries.delete(oldest.id);
        oldest.state.forgottenUpTo = Math.max(oldest.state.forgottenUpTo, oldest.entry.createdAt);
      }
    }
    if (tombstonesHead > 1024 && tombstonesHead * 2 > tombstones.length) {
      tombstones = tombstones.slice(tombstonesHead);
      tombstonesHead = 0;
    }
  }

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
      forgetSession(room.sessionId);
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
        state = {
          connections: new Map(),
          streams: new Map(),
          streamsOf: new Map(),
          lastActivityAt: change.at,
          forgottenUpTo: Number.NEGATIVE_INFINITY,
        };
        presence.set(sessionId, state);
        if (!roomSessions.has(sessionId)) forgetOldOrphans(sessionId);
      }
      state.lastActivityAt = Math.max(state.lastActivityAt, change.at);
      const entries = entriesOf(state, change.kind);
      const existing = entries.get(change.id);
      if (change.change === 'destroyed') {
        if (existing?.destroyed) return;
        if (existing?.connectionId !== undefined) {
          unlink(state.streamsOf, existing.connectionId, change.id);
        }
        bury(state, change.kind, change.id, existing?.createdAt ?? change.at);
        if (change.kind === 'connection') {
          // Its streams go with it, so they stay gone when its tombstone is dropped.
          for (const streamId of state.streamsOf.get(change.id) ?? []) {
            const stream = state.streams.get(streamId);
            if (stream) bury(state, 'stream', streamId, stream.createdAt);
          }
          state.streamsOf.delete(change.id);
        }
      } else if (!existing && change.at > state.forgottenUpTo) {
        const { connectionId } = change;
        if (change.kind === 'stream' && connectionId !== undefined) {
          if (isGone(state.connections, connectionId)) {
            bury(state, 'stream', change.id, change.at);
            return;
          }
          let streams = state.streamsOf.get(connectionId);
          if (!streams) {
            streams = new Set();
            state.streamsOf.set(connectionId, streams);
          }
          streams.add(change.id);
        }
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
      // A session with no room is an orphan here too: its archive states go with its bound.
      if (!roomSessions.has(sessionId)) {
        forgetOldOrphans(sessionId);
        if (!orphans.has(sessionId)) return;
      }
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

function entriesOf(
  state: SessionPresenceState,
  kind: 'connection' | 'stream',
): Map<string, PresenceEntry> {
  return kind === 'connection' ? state.connections : state.streams;
}

function unlink(streamsOf: Map<string, Set<string>>, connectionId: string, streamId: string): void {
  const streams = streamsOf.get(connectionId);
  if (!streams) return;
  streams.delete(streamId);
  if (streams.size === 0) streamsOf.delete(connectionId);
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
