import type { Pool } from 'pg';
import { archivesTableStatement } from './recording-store.js';
import type { TableNames } from './table-names.js';

/** One key for every store's migration, so concurrent `migrate()` calls take turns. */
const MIGRATION_LOCK = "hashtext('@opentok-rooms/room-store-postgres migrate')";

/**
 * The DDL `migrate()` runs, as the README documents it.
 *
 * @param tables - the quoted table names
 * @returns the statements, in order
 */
export function migrationStatements(tables: TableNames): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${tables.rooms} (
  name            text COLLATE "C" PRIMARY KEY,
  session_id      text        NOT NULL,
  session_options jsonb       NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${tables.presence} (
  session_id    text             NOT NULL,
  kind          text             NOT NULL CHECK (kind IN ('connection', 'stream')),
  id            text             NOT NULL,
  destroyed     boolean          NOT NULL,
  created_at    double precision NOT NULL,
  last_change   double precision NOT NULL,
  connection_id text,
  data          text,
  name          text,
  video_type    text,
  recorded_at   timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, kind, id)
)`,
    // Tables made before orphan presence was removed get the column it needs.
    `ALTER TABLE ${tables.presence} ADD COLUMN IF NOT EXISTS recorded_at timestamptz NOT NULL DEFAULT now()`,
    `CREATE INDEX IF NOT EXISTS ${tables.roomsBySession} ON ${tables.rooms} (session_id)`,
    archivesTableStatement(tables.archives),
  ];
}

/**
 * Creates the schema when missing, then the tables, in one transaction under an advisory lock.
 *
 * @param pool - where to run it
 * @param tables - the quoted table names
 * @param schemaName - the schema, unquoted (to look it up)
 */
export async function migrate(pool: Pool, tables: TableNames, schemaName: string): Promise<void> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schemaName,
    ]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
    for (const statement of migrationStatements(tables)) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    failed = error;
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    // A client whose transaction failed midway is not given back to the pool for reuse.
    client.release(failed instanceof Error ? failed : undefined);
  }
}
