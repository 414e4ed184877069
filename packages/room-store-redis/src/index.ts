export type { RedisRateLimitStoreOptions } from './redis-rate-limit-store.js';
export { redisRateLimitStore } from './redis-rate-limit-store.js';
export { redisRoomStore } from './redis-room-store.js';
export type { RedisRoomStoreOptions } from './redis-room-store-options.js';
