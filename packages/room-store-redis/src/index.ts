export { redisRoomStore } from './redis-room-store.js';
export type { RedisRoomStoreOptions } from './redis-room-store-options.js';
