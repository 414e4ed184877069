import { describeRoomStoreConformance } from '@opentok-rooms/room-server/testing';
import { requireServer } from '@opentok-rooms/store-testkit';
import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { redisRoomStore } from '../src/index.js';
import { deleteKeys, REDIS_URL, redisProblem, START_REDIS, uniquePrefix } from './support/redis.js';

const available = requireServer('Redis', await redisProblem(REDIS_URL), START_REDIS);

describe.skipIf(!available)('redisRoomStore', () => {
  // One client the tests own, shared by every store; each test gets a key prefix of its own.
  const client = new Redis(REDIS_URL, { lazyConnect: true });
  const prefixes: string[] = [];
  afterAll(async () => {
    await deleteKeys(client, prefixes);
    await client.quit();
  });

  describeRoomStoreConformance('redisRoomStore with a client', () => {
    const keyPrefix = uniquePrefix();
    prefixes.push(keyPrefix);
    return redisRoomStore({ client, keyPrefix });
  });

  describeRoomStoreConformance('redisRoomStore with a URL', () => {
    const keyPrefix = uniquePrefix();
    prefixes.push(keyPrefix);
    return redisRoomStore({ url: REDIS_URL, keyPrefix });
  });
});
