export { postgresRoomStore } from './postgres-room-store.js';
export type {
  PostgresRoomStore,
  PostgresRoomStoreOptions,
  PostgresRoomStoreTables,
} from './postgres-room-store-options.js';
