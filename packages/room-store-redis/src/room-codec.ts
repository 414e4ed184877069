import type { RoomRecord } from '@opentok-rooms/room-server';

/**
 * The fields of a room hash, in `HSET` argument order after the name.
 *
 * @param room - the room
 * @returns sessionId, sessionOptions (JSON), metadata (JSON), createdAt
 */
export function encodeRoom(room: RoomRecord): [string, string, string, string] {
  return [
    room.sessionId,
    JSON.stringify(room.sessionOptions),
    JSON.stringify(room.metadata),
    room.createdAt,
  ];
}

/**
 * Reads a room hash, as `HGETALL` answers it (an object, or a flat field/value list from a script).
 *
 * @param name - the room name
 * @param fields - the hash
 * @returns the room, or undefined when the hash is empty
 * @throws Error when the hash is not a room this store wrote
 */
export function decodeRoom(
  name: string,
  fields: Record<string, string> | readonly unknown[],
): RoomRecord | undefined {
  const hash = Array.isArray(fields) ? pairs(fields) : (fields as Record<string, string>);
  if (Object.keys(hash).length === 0) return undefined;
  const { sessionId, sessionOptions, metadata, createdAt } = hash;
  if (
    sessionId === undefined ||
    sessionOptions === undefined ||
    metadata === undefined ||
    createdAt === undefined
  ) {
    throw new Error(`The Redis hash of room "${name}" is not a room record.`);
  }
  return {
    name,
    sessionId,
    sessionOptions: JSON.parse(sessionOptions),
    metadata: JSON.parse(metadata),
    createdAt,
  };
}

function pairs(list: readonly unknown[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) hash[String(list[i])] = String(list[i + 1]);
  return hash;
}
