import type { RoomRecord } from './store/room-store.js';

/**
 * Where a room server made by `createRoomServer` keeps a read of a room's record alone (no recording
 * state, so one store call): what the HTTP join needs to learn whether the room exists. Registered
 * with `Symbol.for`, so the root entry and `/http` agree even as separate bundles; a room server of
 * another making lacks it and is asked `getRoom`.
 */
export const ROOM_RECORD: unique symbol = Symbol.for('opentok-rooms.roomRecord') as never;

/** A room server that can read a record alone. */
export interface RoomRecordAccess {
  [ROOM_RECORD]?: (name: string) => Promise<RoomRecord | undefined>;
}
