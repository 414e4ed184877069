import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import {
  requireServer,
  sessionIdOfToken,
  startWorkers,
  type Worker,
} from '@opentok-rooms/store-testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisRoomStore } from '../src/index.js';
import { deleteKeys, REDIS_URL, redisProblem, START_REDIS, uniquePrefix } from './support/redis.js';

const PROCESSES = 4;
const JOINS = 200;

const available = requireServer('Redis', await redisProblem(REDIS_URL), START_REDIS);

describe.skipIf(!available)('room servers in separate processes over one Redis', () => {
  const keyPrefix = uniquePrefix();
  let emulator: Emulator;
  let workers: Worker[] = [];
  beforeAll(async () => {
    emulator = await startEmulator();
    workers = await startWorkers(PROCESSES, {
      packageRoot: fileURLToPath(new URL('..', import.meta.url)),
      storeFactory: 'redisRoomStore',
      storeOptions: { url: REDIS_URL, keyPrefix },
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    await emulator?.close();
    const client = new Redis(REDIS_URL);
    await deleteKeys(client, [keyPrefix]);
    await client.quit();
  });

  it(`${JOINS} concurrent joins of one new room across ${PROCESSES} processes share one session`, async () => {
    expect(new Set(workers.map((worker) => worker.pid)).size).toBe(PROCESSES);
    const room = `race-${Date.now()}`;
    const results = (
      await Promise.all(workers.map((worker) => worker.join(room, JOINS / PROCESSES)))
    ).flat();

    expect(results.filter((result) => result.error !== undefined)).toEqual([]);
    expect(results).toHaveLength(JOINS);
    const sessionIds = new Set(results.map((result) => result.sessionId));
    const tokenSessionIds = new Set(results.map((result) => sessionIdOfToken(result.token!)));
    expect(sessionIds.size).toBe(1);
    expect(tokenSessionIds).toEqual(sessionIds);
    expect(results.filter((result) => result.created)).toHaveLength(1);

    const store = redisRoomStore({ url: REDIS_URL, keyPrefix });
    expect((await store.get(room))?.sessionId).toBe([...sessionIds][0]);
    await store.close?.();

    const created = emulator.countRequests({ path: '/session/create' });
    console.log(
      `[redis] ${JOINS} joins over ${PROCESSES} processes: 1 room, 1 session id in every token, ` +
        `${created} create-session request(s) to the emulator (at most one per process; ` +
        'the losers adopted the winner)',
    );
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(PROCESSES);
  });
});
