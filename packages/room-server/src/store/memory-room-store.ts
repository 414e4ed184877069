import type {
  InsertRoomResult,
  ListRoomsOptions,
  RoomMetadata,
  RoomPage,
  RoomRecord,
  RoomStore,
} from './room-store.js';

/**
 * A {@link RoomStore} in this process's memory: the default, and right for one server process.
 * Records are copied in and out, so callers cannot change what is stored by mutating an object.
 *
 * @returns an empty store
 * @example
 * ```ts
 * const rooms = createRoomServer({ apiKey, apiSecret, store: memoryRoomStore() });
 * ```
 */
export function memoryRoomStore(): RoomStore {
  const rooms = new Map<string, RoomRecord>();
  // Names kept sorted, so a page costs a binary search instead of a sort of every room.
  const sortedNames: string[] = [];

  return {
    async insertIfAbsent(room): Promise<InsertRoomResult> {
      const existing = rooms.get(room.name);
      if (existing) return { room: copy(existing), inserted: false };
      const stored = copy(room);
      rooms.set(room.name, stored);
      sortedNames.splice(lowerBound(sortedNames, room.name), 0, room.name);
      return { room: copy(stored), inserted: true };
    },
    async get(name) {
      const room = rooms.get(name);
      return room && copy(room);
    },
    async delete(name) {
      if (!rooms.delete(name)) return false;
      sortedNames.splice(lowerBound(sortedNames, name), 1);
      return true;
    },
    async list({ limit, cursor }: ListRoomsOptions): Promise<RoomPage> {
      const start = cursor === undefined ? 0 : upperBound(sortedNames, cursor);
      const names = sortedNames.slice(start, start + limit);
      const page = names.map((name) => copy(rooms.get(name)!));
      const last = names[names.length - 1];
      return start + limit < sortedNames.length && last !== undefined
        ? { rooms: page, nextCursor: last }
        : { rooms: page };
    },
    async setMetadata(name, metadata: RoomMetadata) {
      const room = rooms.get(name);
      if (!room) return undefined;
      const updated = { ...room, metadata: structuredClone(metadata) };
      rooms.set(name, updated);
      return copy(updated);
    },
  };
}

function copy(room: RoomRecord): RoomRecord {
  return structuredClone(room);
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
