import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The Postgres the tests use. */
export const DATABASE_URL: string =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** How to get a Postgres for the tests. */
export const START_POSTGRES: string =
  'Start one (e.g. `docker run -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test ' +
  '-p 5432:5432 postgres:16`), or set DATABASE_URL.';

/**
 * @param connectionString - a Postgres URL
 * @returns undefined when `SELECT 1` is answered, else what went wrong
 */
export async function postgresProblem(connectionString: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `${connectionString}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** @returns a schema name no other test uses */
export function uniqueSchema(): string {
  return `test_${randomBytes(8).toString('hex')}`;
}

/**
 * Drops the schemas and everything in them.
 *
 * @param pool - a pool on the test database
 * @param schemas - schema names the tests created
 */
export async function dropSchemas(pool: pg.Pool, schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
