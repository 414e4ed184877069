import { invalidArgument, RoomError } from './errors.js';
import type { OpenTokAdapter } from './opentok/opentok-adapter.js';
import { assertRoomName } from './room-name.js';
import type { RoomServer } from './room-server-types.js';
import { assertSignal } from './signal-options.js';
import type { RoomRecord, RoomStore } from './store/room-store.js';

/**
 * The moderation part of a room server, through the OpenTok adapter.
 *
 * @param store - the guarded store
 * @param adapter - the OpenTok adapter
 * @returns the moderation methods of {@link RoomServer}
 */
export function createModerationMethods(
  store: RoomStore,
  adapter: OpenTokAdapter,
): Pick<RoomServer, 'forceDisconnect' | 'signal' | 'muteAll'> {
  async function roomOf(name: string): Promise<RoomRecord> {
    assertRoomName(name);
    const room = await store.get(name);
    if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
    return room;
  }
  return {
    async forceDisconnect(name, connectionId) {
      if (typeof connectionId !== 'string' || connectionId === '' || connectionId.length > 256) {
        throw invalidArgument('connectionId', 'connectionId must be a connection id.');
      }
      const room = await roomOf(name);
      await adapter.forceDisconnect(room.sessionId, connectionId);
    },
    async signal(name, signal) {
      assertSignal(signal);
      const room = await roomOf(name);
      await adapter.signal(room.sessionId, { type: signal.type, data: signal.data }, signal.to);
    },
    async muteAll(name, options = {}) {
      const excluded = options.excludedStreamIds ?? [];
      if (!Array.isArray(excluded) || excluded.some((id) => typeof id !== 'string')) {
        throw invalidArgument(
          'excludedStreamIds',
          'excludedStreamIds must be an array of stream ids.',
        );
      }
      const room = await roomOf(name);
      await adapter.muteAll(room.sessionId, excluded);
    },
  };
}
