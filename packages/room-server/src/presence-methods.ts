import { invalidArgument, RoomError } from './errors.js';
import { assertRoomName } from './room-name.js';
import type { RoomServer } from './room-server-types.js';
import { parseSessionEvent, presenceChangeOf } from './session-event.js';
import type { RoomStore } from './store/room-store.js';

const PAGE = 200;

/**
 * The presence part of a room server: session-monitoring events in, who is where out.
 *
 * @param store - the guarded store
 * @returns the presence methods of {@link RoomServer}
 */
export function createPresenceMethods(
  store: RoomStore,
): Pick<RoomServer, 'recordSessionEvent' | 'getPresence' | 'expireIdleRooms'> {
  return {
    async recordSessionEvent(body) {
      const event = parseSessionEvent(body);
      const change = presenceChangeOf(event);
      if (change) await store.recordPresence(event.sessionId, change);
      return { recorded: change !== undefined, event };
    },
    async getPresence(name) {
      assertRoomName(name);
      const room = await store.get(name);
      if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
      return store.getPresence(room.sessionId);
    },
    async expireIdleRooms({ idleForMs, unusedForMs = idleForMs, now = Date.now() }) {
      for (const [field, value] of [
        ['idleForMs', idleForMs],
        ['unusedForMs', unusedForMs],
      ] as const) {
        if (!Number.isFinite(value) || value < 0) {
          throw invalidArgument(field, `${field} must be a non-negative number of milliseconds.`);
        }
      }
      const expired: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(
          cursor === undefined ? { limit: PAGE } : { limit: PAGE, cursor },
        );
        for (const room of page.rooms) {
          const presence = await store.getPresence(room.sessionId);
          // A room no one ever connected to (a join that never got a connection) goes sooner.
          const used = presence.lastActivityAt !== undefined;
          const lastActivity = presence.lastActivityAt ?? Date.parse(room.createdAt);
          const limit = used ? idleForMs : unusedForMs;
          if (presence.connections.length === 0 && now - lastActivity >= limit) {
            if (await store.delete(room.name)) expired.push(room.name);
          }
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return expired;
    },
  };
}
