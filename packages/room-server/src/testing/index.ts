/**
 * The conformance suite for your own `RoomStore`.
 *
 * @module @opentok-rooms/room-server/testing
 */
export { describeRoomStoreConformance } from './describe-room-store-conformance.js';
export { presenceCases } from './presence-cases.js';
export type { RoomStoreCase } from './room-store-cases.js';
export { roomStoreCases, sampleRoom } from './room-store-cases.js';
