import {
  describeRoomStoreConformance,
  type OrphanPresenceBound,
} from '@opentok-rooms/room-server/testing';
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

  // Orphan presence expires in Redis itself, 200 ms after its latest change here.
  const ORPHAN_TTL_MS = 200;
  const orphanPresence: OrphanPresenceBound = {
    createStore() {
      const keyPrefix = uniquePrefix();
      prefixes.push(keyPrefix);
      return redisRoomStore({ client, keyPrefix, orphanPresenceTtlMs: ORPHAN_TTL_MS });
    },
    lapse: () => new Promise((resolve) => setTimeout(resolve, ORPHAN_TTL_MS * 2)),
  };

  describeRoomStoreConformance(
    'redisRoomStore with a client',
    () => {
      const keyPrefix = uniquePrefix();
      prefixes.push(keyPrefix);
      return redisRoomStore({ client, keyPrefix });
    },
    { orphanPresence },
  );

  describeRoomStoreConformance('redisRoomStore with a URL', () => {
    const keyPrefix = uniquePrefix();
    prefixes.push(keyPrefix);
    return redisRoomStore({ url: REDIS_URL, keyPrefix });
  });
});
