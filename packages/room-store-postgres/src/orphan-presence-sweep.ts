import type { TableNames } from './table-names.js';

/** The default `orphanPresenceTtlMs`: an hour. */
export const DEFAULT_ORPHAN_PRESENCE_TTL_MS = 3_600_000;

/** At most this many orphan sessions go per sweep, so one sweep stays one short statement. */
const SESSIONS_PER_SWEEP = 1000;

type Query = (sql: string, values: unknown[]) => Promise<unknown[]>;

/**
 * Removes the presence of sessions that have no room and no change for `ttlMs`, piggybacked on
 * presence writes (webhooks are what makes orphans, so no writes means no growth): at most one sweep
 * per `min(ttlMs, 60 s)` per store.
 *
 * @param query - runs a statement
 * @param tables - the quoted table names
 * @param ttlMs - the orphan TTL (validated here)
 * @returns `afterWrite`, to await after each presence write
 * @throws TypeError for a TTL that is not a positive integer
 */
export function orphanPresenceSweep(
  query: Query,
  tables: TableNames,
  ttlMs: number = DEFAULT_ORPHAN_PRESENCE_TTL_MS,
): { afterWrite(): Promise<void> } {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new TypeError('orphanPresenceTtlMs must be a positive integer (milliseconds).');
  }
  const everyMs = Math.min(ttlMs, 60_000);
  let lastSweepAt = Number.NEGATIVE_INFINITY;
  const sql = `DELETE FROM ${tables.presence} WHERE session_id IN (
      SELECT p.session_id FROM ${tables.presence} p
      WHERE NOT EXISTS (SELECT 1 FROM ${tables.rooms} r WHERE r.session_id = p.session_id)
      GROUP BY p.session_id
      HAVING max(p.recorded_at) < now() - $1::float8 * interval '1 millisecond'
      LIMIT ${SESSIONS_PER_SWEEP})`;
  return {
    async afterWrite() {
      const now = performance.now();
      if (now - lastSweepAt < everyMs) return;
      // Taken before the query: a failing sweep is not retried by every write that follows.
      lastSweepAt = now;
      await query(sql, [ttlMs]);
    },
  };
}
