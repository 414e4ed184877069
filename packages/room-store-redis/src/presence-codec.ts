import type {
  PresenceChange,
  PresentConnection,
  PresentStream,
  SessionPresence,
} from '@opentok-rooms/room-server';
import { LAST_ACTIVITY_FIELD, TOMBSTONE } from './redis-keys.js';

/**
 * What a presence field holds for a `created` change: the details, as JSON.
 *
 * @param change - the change
 * @returns JSON of the details kept for the connection or stream
 */
export function encodePresenceDetails(change: PresenceChange): string {
  return JSON.stringify(
    change.kind === 'connection'
      ? { createdAt: change.at, data: change.data }
      : {
          createdAt: change.at,
          connectionId: change.connectionId,
          name: change.name,
          videoType: change.videoType,
        },
  );
}

/**
 * Reads a session's presence hash: tombstones are left out, and so are streams whose connection is
 * destroyed.
 *
 * @param hash - the presence hash, as `HGETALL` answers it
 * @returns who is in the session
 */
export function decodePresence(hash: Record<string, string>): SessionPresence {
  const connections: PresentConnection[] = [];
  const candidates: PresentStream[] = [];
  const destroyedConnections = new Set<string>();
  for (const [field, value] of Object.entries(hash)) {
    if (field === LAST_ACTIVITY_FIELD) continue;
    const id = field.slice(2);
    if (field.startsWith('c:')) {
      if (value === TOMBSTONE) destroyedConnections.add(id);
      else connections.push({ id, ...JSON.parse(value) });
    } else if (field.startsWith('s:') && value !== TOMBSTONE) {
      candidates.push({ id, ...JSON.parse(value) });
    }
  }
  const streams = candidates.filter(
    (stream) => stream.connectionId === undefined || !destroyedConnections.has(stream.connectionId),
  );
  const last = hash[LAST_ACTIVITY_FIELD];
  return {
    connections: connections.sort(byCreation),
    streams: streams.sort(byCreation),
    ...(last === undefined ? {} : { lastActivityAt: Number(last) }),
  };
}

function byCreation(a: { createdAt: number }, b: { createdAt: number }): number {
  return a.createdAt - b.createdAt;
}
