import {
  describeRoomStoreConformance,
  type OrphanPresenceBound,
} from '@opentok-rooms/room-server/testing';
import { requireServer } from '@opentok-rooms/store-testkit';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { postgresRoomStore } from '../src/index.js';
import {
  DATABASE_URL,
  dropSchemas,
  postgresProblem,
  START_POSTGRES,
  uniqueSchema,
} from './support/postgres.js';

const available = requireServer('Postgres', await postgresProblem(DATABASE_URL), START_POSTGRES);

describe.skipIf(!available)('postgresRoomStore', () => {
  // One pool the tests own, shared by every store; each test gets a schema of its own.
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  const schemas: string[] = [];
  afterAll(async () => {
    await dropSchemas(pool, schemas);
    await pool.end();
  });

  // Orphan presence older than 200 ms goes with the next presence write.
  const ORPHAN_TTL_MS = 200;
  const orphanPresence: OrphanPresenceBound = {
    async createStore() {
      const schema = uniqueSchema();
      schemas.push(schema);
      const store = postgresRoomStore({ pool, schema, orphanPresenceTtlMs: ORPHAN_TTL_MS });
      await store.migrate();
      return store;
    },
    async lapse(store) {
      await new Promise((resolve) => setTimeout(resolve, ORPHAN_TTL_MS * 2));
      await store.recordPresence('1_sweep-trigger', {
        kind: 'connection',
        id: 'c',
        change: 'created',
        at: Date.now(),
      });
    },
  };

  describeRoomStoreConformance(
    'postgresRoomStore with a pool',
    async () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      const store = postgresRoomStore({ pool, schema });
      await store.migrate();
      return store;
    },
    { orphanPresence },
  );

  describeRoomStoreConformance('postgresRoomStore with a connection string', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const store = postgresRoomStore({ connectionString: DATABASE_URL, schema, tablePrefix: 'x_' });
    await store.migrate();
    return store;
  });
});
