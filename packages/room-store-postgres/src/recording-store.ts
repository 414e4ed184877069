import {
  type ArchiveStatus,
  archiveStatusRank,
  type RoomStore,
  recordingOf,
} from '@opentok-rooms/room-server';

type Query = <R extends object>(sql: string, values: unknown[]) => Promise<R[]>;

interface ArchiveRow {
  archive_id: string;
  status: ArchiveStatus;
  at: number;
  created_at: number;
  name: string | null;
}

/**
 * The DDL of the archive-state table (one row per archive of a session).
 *
 * @param table - the quoted table name
 * @returns the CREATE TABLE statement
 */
export function archivesTableStatement(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
  session_id  text             NOT NULL,
  archive_id  text             NOT NULL,
  rank        smallint         NOT NULL,
  at          double precision NOT NULL,
  status      text             NOT NULL,
  created_at  double precision NOT NULL,
  name        text,
  PRIMARY KEY (session_id, archive_id)
)`;
}

/**
 * The recording-state part of the Postgres store: one upsert whose `WHERE` keeps the row that is
 * further along (higher rank, or the same rank and a later time), so it is atomic and idempotent.
 *
 * @param query - runs one statement
 * @param table - the quoted archive-state table
 * @returns the two RoomStore methods
 */
export function postgresRecordingMethods(
  query: Query,
  table: string,
): Pick<RoomStore, 'recordArchiveStatus' | 'getRecording'> {
  return {
    async recordArchiveStatus(sessionId, change) {
      await query(
        `INSERT INTO ${table} AS current (session_id, archive_id, rank, at, status, created_at, name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (session_id, archive_id) DO UPDATE
           SET rank = EXCLUDED.rank, at = EXCLUDED.at, status = EXCLUDED.status,
               created_at = EXCLUDED.created_at, name = EXCLUDED.name
           WHERE (EXCLUDED.rank, EXCLUDED.at) > (current.rank, current.at)`,
        [
          sessionId,
          change.archiveId,
          archiveStatusRank(change.status),
          change.at,
          change.status,
          change.createdAt,
          change.name ?? null,
        ],
      );
    },
    async getRecording(sessionId) {
      const rows = await query<ArchiveRow>(
        `SELECT archive_id, status, at, created_at, name FROM ${table}
         WHERE session_id = $1 AND rank = 1`,
        [sessionId],
      );
      return recordingOf(
        rows.map((row) => ({
          archiveId: row.archive_id,
          status: row.status,
          at: Number(row.at),
          createdAt: Number(row.created_at),
          ...(row.name === null ? {} : { name: row.name }),
        })),
      );
    },
  };
}
