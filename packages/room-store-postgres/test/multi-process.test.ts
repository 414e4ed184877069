import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import {
  requireServer,
  sessionIdOfToken,
  startWorkers,
  type Worker,
} from '@opentok-rooms/store-testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresRoomStore } from '../src/index.js';
import {
  DATABASE_URL,
  dropSchemas,
  postgresProblem,
  START_POSTGRES,
  uniqueSchema,
} from './support/postgres.js';

const PROCESSES = 4;
const JOINS = 200;

const available = requireServer('Postgres', await postgresProblem(DATABASE_URL), START_POSTGRES);

describe.skipIf(!available)('room servers in separate processes over one Postgres', () => {
  const schema = uniqueSchema();
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  const store = postgresRoomStore({ pool, schema });
  let emulator: Emulator;
  let workers: Worker[] = [];
  beforeAll(async () => {
    await store.migrate();
    emulator = await startEmulator();
    workers = await startWorkers(PROCESSES, {
      packageRoot: fileURLToPath(new URL('..', import.meta.url)),
      storeFactory: 'postgresRoomStore',
      storeOptions: { connectionString: DATABASE_URL, schema },
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    await emulator?.close();
    await dropSchemas(pool, [schema]);
    await pool.end();
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
    expect((await store.get(room))?.sessionId).toBe([...sessionIds][0]);

    const created = emulator.countRequests({ path: '/session/create' });
    console.log(
      `[postgres] ${JOINS} joins over ${PROCESSES} processes: 1 room, 1 session id in every token, ` +
        `${created} create-session request(s) to the emulator (at most one per process; ` +
        'the losers adopted the winner)',
    );
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(PROCESSES);
  });
});
