// The rate limits of room-server's HTTP handler, counted in Redis: two processes share one window.
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { requireServer, testBuildPath } from '@opentok-rooms/store-testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisRateLimitStore } from '../src/index.js';
import { deleteKeys, REDIS_URL, redisProblem, START_REDIS, uniquePrefix } from './support/redis.js';

const run = promisify(execFile);
const available = requireServer('Redis', await redisProblem(REDIS_URL), START_REDIS);
const WORKER = fileURLToPath(new URL('./support/rate-limit-worker.mjs', import.meta.url));
const BUILD = pathToFileURL(testBuildPath(fileURLToPath(new URL('..', import.meta.url)))).href;

describe.skipIf(!available)('redisRateLimitStore', () => {
  const keyPrefix = uniquePrefix();
  afterAll(async () => {
    const client = new Redis(REDIS_URL);
    await deleteKeys(client, [keyPrefix]);
    await client.quit();
  });

  it('two processes count into one window, atomically: every count from 1 to the total once', async () => {
    const now = Date.now();
    const answers = await Promise.all(
      [0, 1].map(async () => {
        const { stdout } = await run(process.execPath, [
          WORKER,
          BUILD,
          REDIS_URL,
          keyPrefix,
          'join:203.0.113.7',
          '40',
          String(now),
        ]);
        return JSON.parse(stdout) as { pid: number; counts: number[] };
      }),
    );
    expect(new Set(answers.map((answer) => answer.pid)).size).toBe(2);
    const counts = answers.flatMap((answer) => answer.counts).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('starts a new count in the next window, and the counter expires with its window', async () => {
    const store = redisRateLimitStore({ url: REDIS_URL, keyPrefix });
    try {
      const windowMs = 60_000;
      const start = Math.floor(Date.now() / windowMs) * windowMs;
      expect(await store.hit('k', windowMs, start + 5)).toEqual({
        count: 1,
        resetAt: start + windowMs,
      });
      expect((await store.hit('k', windowMs, start + 10)).count).toBe(2);
      expect((await store.hit('k', windowMs, start + windowMs + 1)).count).toBe(1);
      const client = new Redis(REDIS_URL);
      const ttl = await client.pttl(`${keyPrefix}limit:${start}:k`);
      await client.quit();
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(windowMs);
    } finally {
      await store.close();
    }
  });
});
