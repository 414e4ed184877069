import { createRoomServer, isRoomError, type RoomServer } from '@opentok-rooms/room-server';
import { API_KEY, API_SECRET, requireServer, stubAdapter } from '@opentok-rooms/store-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresRoomStore, postgresRoomStore } from '../src/index.js';
import {
  type PostgresCluster,
  postgresBinariesProblem,
  startPostgresCluster,
} from './support/postgres-cluster.js';

const STORE_TIMEOUT_MS = 1000;
const BOUND_MS = 5000;

const available = requireServer(
  'A Postgres cluster of the tests’ own',
  postgresBinariesProblem(),
  'Install the Postgres server (`apt-get install postgresql`, `brew install postgresql`) so the ' +
    'fault tests can run initdb and pg_ctl.',
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

describe.skipIf(!available)('postgresRoomStore when Postgres goes away', () => {
  let cluster: PostgresCluster;
  let store: PostgresRoomStore;
  let rooms: RoomServer;
  const stub = stubAdapter();
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    store = postgresRoomStore({ connectionString: cluster.connectionString });
    await store.migrate();
    rooms = createRoomServer({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      adapter: stub.adapter,
      store,
      storeTimeoutMs: STORE_TIMEOUT_MS,
    });
  }, 60_000);
  afterAll(async () => {
    await rooms?.close();
    await cluster?.dispose();
  });

  it('stopped: calls fail with store_unavailable in bounded time, nothing is half written, and it recovers', async () => {
    const before = await rooms.joinRoom('before-stop');
    await rooms.recordSessionEvent(event(before.sessionId, 'c1'));
    await cluster.stop();

    const sessionsBefore = stub.created();
    const join = await failure(() => rooms.joinRoom('during-stop'));
    expectStoreUnavailable(join);
    // A server that is down is known at once: the store fails fast, not at room-server's deadline.
    expect(join.ms).toBeLessThan(STORE_TIMEOUT_MS / 2);
    expectStoreUnavailable(await failure(() => rooms.getRoom('before-stop')));
    expectStoreUnavailable(await failure(() => rooms.listRooms()));
    expectStoreUnavailable(
      await failure(() => rooms.recordSessionEvent(event(before.sessionId, 'c2'))),
    );
    // The failed join stopped at its first store call: no OpenTok session was spent on it.
    expect(stub.created()).toBe(sessionsBefore);

    await cluster.start();
    const recoveredMs = await recovery(() => rooms.getRoom('anything'));
    console.log(
      `[postgres stopped] join failed with store_unavailable after ${Math.round(join.ms)} ms; ` +
        `calls succeeded again ${Math.round(recoveredMs)} ms after the restart`,
    );
    expect(recoveredMs).toBeLessThan(BOUND_MS);
    // Same data directory: what was written before the stop is there, the failed calls left nothing.
    expect(await rooms.getRoom('during-stop')).toBeUndefined();
    expect((await rooms.getRoom('before-stop'))?.sessionId).toBe(before.sessionId);
    expect((await rooms.getPresence('before-stop')).connections.map((c) => c.id)).toEqual(['c1']);
    expect((await rooms.joinRoom('after-restart')).created).toBe(true);
  });

  it('stopped in the middle of a burst of joins: every join either fully happened or left nothing', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    const joins = names.map((name, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 5)).then(() => rooms.joinRoom(name)),
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cluster.stop();
    const settled = await Promise.allSettled(joins);
    await cluster.start();
    await recovery(() => rooms.getRoom('anything'));
    const failed = settled.filter((result) => result.status === 'rejected');
    for (const result of failed) {
      expect(isRoomError(result.reason) && result.reason.code).toBe('store_unavailable');
    }
    for (const [i, result] of settled.entries()) {
      const stored = await rooms.getRoom(names[i]!);
      if (result.status === 'fulfilled') expect(stored?.sessionId).toBe(result.value.sessionId);
      // A join that failed may have stored its room just before the stop; then it is whole.
      else if (stored) {
        expect(stored).toEqual({
          name: names[i],
          sessionId: expect.stringMatching(/^1_/),
          sessionOptions: { mediaMode: 'routed', archiveMode: 'manual', e2ee: false },
          metadata: {},
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        });
      }
    }
    console.log(
      `[postgres burst] ${settled.length - failed.length} joins succeeded, ${failed.length} failed ` +
        'with store_unavailable; every stored room is whole',
    );
  });

  it('restarted: orphan presence recorded before the stop still goes with the first write after its TTL', async () => {
    const ttlMs = 300;
    const sweeping = postgresRoomStore({
      connectionString: cluster.connectionString,
      orphanPresenceTtlMs: ttlMs,
    });
    const server = createRoomServer({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      adapter: stub.adapter,
      store: sweeping,
      storeTimeoutMs: STORE_TIMEOUT_MS,
    });
    try {
      const room = await server.joinRoom('sweep-room');
      await server.recordSessionEvent(event(room.sessionId, 'c-room'));
      await server.recordSessionEvent(event('1_orphan-before-stop', 'c-orphan'));
      await cluster.stop();
      expectStoreUnavailable(
        await failure(() => server.recordSessionEvent(event('1_orphan-during-stop', 'c-x'))),
      );
      await cluster.start();
      await recovery(() => server.getRoom('anything'));
      await new Promise((resolve) => setTimeout(resolve, ttlMs * 2));
      await server.recordSessionEvent(event(room.sessionId, 'c-room-2'));
      const orphans = await sweeping.getPresence('1_orphan-before-stop');
      expect(orphans.connections).toEqual([]);
      expect(await sweeping.getPresence('1_orphan-during-stop')).toEqual({
        connections: [],
        streams: [],
      });
      expect((await server.getPresence('sweep-room')).connections.map((c) => c.id)).toEqual([
        'c-room',
        'c-room-2',
      ]);
    } finally {
      await server.close();
    }
  });
});
