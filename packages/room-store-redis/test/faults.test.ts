import { createRoomServer, isRoomError, type RoomServer } from '@opentok-rooms/room-server';
import { API_KEY, API_SECRET, requireServer, stubAdapter } from '@opentok-rooms/store-testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisRoomStore } from '../src/index.js';
import {
  type RedisProcess,
  redisServerProblem,
  startRedisProcess,
} from './support/redis-process.js';

const STORE_TIMEOUT_MS = 1000;
const ORPHAN_TTL_MS = 300;
const BOUND_MS = 5000;

const available = requireServer(
  'redis-server',
  redisServerProblem(),
  'Install Redis (`apt-get install redis-server`, `brew install redis`) so the fault tests can start one of their own.',
);

/** Runs `call` and answers the error it failed with and how long that took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('the call succeeded while the store was unreachable');
}

/** Retries `call` until it succeeds; answers how long that took. */
async function recovery(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      await call();
      return performance.now() - started;
    } catch (error) {
      if (performance.now() - started > 15_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function expectStoreUnavailable({ error, ms }: { error: unknown; ms: number }): void {
  expect(isRoomError(error) && error.code).toBe('store_unavailable');
  expect(ms).toBeLessThan(BOUND_MS);
}

const event = (sessionId: string, id: string) => ({
  sessionId,
  projectId: API_KEY,
  event: 'connectionCreated',
  timestamp: Date.now(),
  connection: { id, createdAt: Date.now() },
});

describe.skipIf(!available)('redisRoomStore when Redis goes away', () => {
  let redis: RedisProcess;
  let rooms: RoomServer;
  const stub = stubAdapter();
  beforeAll(async () => {
    redis = await startRedisProcess();
    const store = redisRoomStore({
      url: redis.url,
      commandTimeoutMs: 2000,
      orphanPresenceTtlMs: ORPHAN_TTL_MS,
    });
    rooms = createRoomServer({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      adapter: stub.adapter,
      store,
      storeTimeoutMs: STORE_TIMEOUT_MS,
    });
  });
  afterAll(async () => {
    await rooms?.close();
    await redis?.dispose();
  });

  it('stopped: calls fail with store_unavailable in bounded time, and work again once it is back', async () => {
    await rooms.joinRoom('before-stop');
    await redis.stop();

    const sessionsBefore = stub.created();
    const join = await failure(() => rooms.joinRoom('during-stop'));
    expectStoreUnavailable(join);
    // A server that is down is known at once: the store fails fast, not at room-server's deadline.
    expect(join.ms).toBeLessThan(STORE_TIMEOUT_MS / 2);
    expectStoreUnavailable(await failure(() => rooms.getRoom('before-stop')));
    expectStoreUnavailable(await failure(() => rooms.listRooms()));
    expectStoreUnavailable(
      await failure(() => rooms.recordSessionEvent(event('1_some-session', 'c1'))),
    );
    // The failed join stopped at its first store call: no OpenTok session was spent on it.
    expect(stub.created()).toBe(sessionsBefore);

    await redis.start();
    const recoveredMs = await recovery(() => rooms.getRoom('anything'));
    console.log(
      `[redis stopped] join failed with store_unavailable after ${Math.round(join.ms)} ms; ` +
        `calls succeeded again ${Math.round(recoveredMs)} ms after the restart`,
    );
    expect(recoveredMs).toBeLessThan(BOUND_MS);
    expect(await rooms.getRoom('during-stop')).toBeUndefined();
    const joined = await rooms.joinRoom('after-restart');
    expect(joined.created).toBe(true);
  });

  it('frozen: calls time out with store_unavailable, nothing is half written, and it recovers', async () => {
    const before = await rooms.joinRoom('before-freeze');
    await rooms.recordSessionEvent(event(before.sessionId, 'c1'));
    redis.freeze();
    try {
      const join = await failure(() => rooms.joinRoom('during-freeze'));
      expectStoreUnavailable(join);
      expectStoreUnavailable(
        await failure(() => rooms.recordSessionEvent(event(before.sessionId, 'c2'))),
      );
      console.log(
        `[redis frozen] join failed with store_unavailable after ${Math.round(join.ms)} ms`,
      );
    } finally {
      redis.thaw();
    }
    const recoveredMs = await recovery(() => rooms.getRoom('anything'));
    expect(recoveredMs).toBeLessThan(BOUND_MS);
    expect(await rooms.getRoom('during-freeze')).toBeUndefined();
    expect((await rooms.getRoom('before-freeze'))?.sessionId).toBe(before.sessionId);
    // The presence write sent while Redis was frozen is one atomic script: all there or not at all.
    const presence = await rooms.getPresence('before-freeze');
    expect(presence.connections.map((c) => c.id).filter((id) => id !== 'c2')).toEqual(['c1']);
  });

  it('restarted empty (scripts and data gone): webhooks of a session without a room still expire', async () => {
    await redis.stop();
    await redis.start();
    await recovery(() => rooms.getRoom('anything'));
    const room = await rooms.joinRoom('after-empty-restart');
    // Through the webhook path, as OpenTok delivers them; the first script call reloads the script.
    await rooms.recordSessionEvent(event('1_another-apps-session', 'c-orphan'));
    await rooms.recordSessionEvent(event(room.sessionId, 'c-room'));
    const orphan = new Redis(redis.url);
    try {
      const ttl = await orphan.pttl('opentok-rooms:presence:1_another-apps-session');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(ORPHAN_TTL_MS);
      await new Promise((resolve) => setTimeout(resolve, ORPHAN_TTL_MS * 2));
      expect(await orphan.exists('opentok-rooms:presence:1_another-apps-session')).toBe(0);
    } finally {
      orphan.disconnect();
    }
    const presence = await rooms.getPresence('after-empty-restart');
    expect(presence.connections.map((c) => c.id)).toEqual(['c-room']);
  });
});
