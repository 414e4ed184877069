/**
 * The conformance suite for your own `RoomStore`.
 *
 * @module @opentok-rooms/room-server/testing
 */
export type { RoomStoreConformanceOptions } from './describe-room-store-conformance.js';
export { describeRoomStoreConformance } from './describe-room-store-conformance.js';
export type { OrphanPresenceBound, OrphanPresenceCase } from './orphan-presence-cases.js';
export { orphanPresenceCases } from './orphan-presence-cases.js';
export { presenceCases } from './presence-cases.js';
export type { RoomStoreCase } from './room-store-cases.js';
export { roomStoreCases, sampleRoom } from './room-store-cases.js';
