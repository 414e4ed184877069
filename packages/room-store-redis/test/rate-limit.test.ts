// The rate limits of room-server's HTTP handler, counted in Redis: two processes share one window,
// and two handlers sharing the store answer 429 for each other's clients.
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, createRoomHttpServer } from '@opentok-rooms/room-server/http';
import { requireServer, testBuildPath } from '@opentok-rooms/store-testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisRateLimitStore, redisRoomStore } from '../src/index.js';
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

  it('two room servers sharing it: 10 creations a minute for one client in all, then 429 with Retry-After from either', async () => {
    // Far enough from a minute's end that all the requests fall in one window.
    const toWindowEnd = 60_000 - (Date.now() % 60_000);
    if (toWindowEnd < 5000) await new Promise((resolve) => setTimeout(resolve, toWindowEnd + 50));
    const emulator = await startEmulator();
    const servers = [0, 1].map(() => {
      // Each instance has its own clients (store, limits), as two processes would.
      const rooms = createRoomServer({
        apiKey: emulator.apiKey,
        apiSecret: emulator.apiSecret,
        apiUrl: emulator.url,
        store: redisRoomStore({ url: REDIS_URL, keyPrefix }),
      });
      const limits = redisRateLimitStore({ url: REDIS_URL, keyPrefix });
      const http = createRoomHttpServer(
        createRoomHandler({ rooms, createOnJoin: true, limits: { store: limits } }),
      );
      return { rooms, limits, http };
    });
    try {
      const urls = await Promise.all(
        servers.map(
          ({ http }) =>
            new Promise<string>((resolve) =>
              http.listen(0, '127.0.0.1', () =>
                resolve(`http://127.0.0.1:${(http.address() as AddressInfo).port}`),
              ),
            ),
        ),
      );
      const [first, second] = urls as [string, string];
      const join = async (base: string, i: number) => {
        const response = await fetch(`${base}/rooms/shared-limit-${i}/join`, { method: 'POST' });
        const body = (await response.json()) as { error?: { code: string } };
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
      };
      // 6 creations through the first instance, 4 through the second: 10, the per-client limit.
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await join(i < 6 ? first : second, i)).status);
      expect(statuses).toEqual(Array(10).fill(200));
      for (const [i, base] of [second, first].entries()) {
        const refused = await join(base, 10 + i);
        expect(refused.status).toBe(429);
        expect(refused.body.error?.code).toBe('rate_limited');
        expect(refused.retryAfter).toMatch(/^\d+$/);
        expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      }
      expect(emulator.countRequests({ method: 'POST', path: '/session/create' })).toBe(10);
    } finally {
      for (const { rooms, limits, http } of servers) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await rooms.close();
        await limits.close();
      }
      await emulator.close();
    }
  });
});
