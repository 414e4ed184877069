import type { RoomRecord } from './store/room-store.js';
import type { TokenOptions } from './token/token-options.js';
import type { IssuedToken } from './token/token-signer.js';

/**
 * Where a room server made by `createRoomServer` keeps a read of a room's record alone (no recording
 * state, so one store call): what the HTTP join needs to learn whether the room exists. Registered
 * with `Symbol.for`, so the root entry and `/http` agree even as separate bundles; a room server of
 * another making lacks it and is asked `getRoom`.
 */
export const ROOM_RECORD: unique symbol = Symbol.for('opentok-rooms.roomRecord') as never;

/**
 * Where the same room server keeps `createToken` signed off the event loop where that pays (a
 * Vonage application's RSA, in the thread pool: `TokenSigner.signAsync`), for the HTTP join of an
 * existing room. A room server of another making lacks it and is asked `createToken`.
 */
export const SIGN_ASYNC: unique symbol = Symbol.for('opentok-rooms.signAsync') as never;

/** A room server that can read a record alone and sign off the event loop. */
export interface RoomRecordAccess {
  [ROOM_RECORD]?: (name: string) => Promise<RoomRecord | undefined>;
  [SIGN_ASYNC]?: (sessionId: string, options?: TokenOptions) => Promise<IssuedToken>;
}
