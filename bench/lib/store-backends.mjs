// The room stores the benchmarks compare: memory, and the local Redis and Postgres when reachable.
import { randomBytes } from 'node:crypto';
import { memoryRoomStore } from '@opentok-rooms/room-server';
import { postgresRoomStore } from '@opentok-rooms/room-store-postgres';
import { redisRoomStore } from '@opentok-rooms/room-store-redis';
import pg from 'pg';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Each backend: a store factory, and what to undo afterwards. Unreachable ones are left out. */
export async function backends() {
  const list = [{ name: 'memory', store: () => memoryRoomStore(), cleanUp: async () => {} }];

  const redis = redisRoomStore({
    url: REDIS_URL,
    keyPrefix: `bench:${randomBytes(6).toString('hex')}:`,
  });
  try {
    await redis.get('probe');
    list.push({ name: 'Redis', store: () => redis, cleanUp: async () => {} });
  } catch (error) {
    await redis.close();
    console.log(
      `skipping Redis: ${REDIS_URL} unreachable (${error.message}); start redis-server or set REDIS_URL`,
    );
  }

  const pool = new pg.Pool({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  pool.on('error', () => {});
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const postgres = postgresRoomStore({ pool, schema });
  try {
    await postgres.migrate();
    list.push({
      name: 'Postgres',
      store: () => postgres,
      cleanUp: async () => {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    });
  } catch (error) {
    await pool.end();
    console.log(
      `skipping Postgres: ${DATABASE_URL} unreachable (${error.message}); start Postgres or set DATABASE_URL`,
    );
  }
  return list;
}
