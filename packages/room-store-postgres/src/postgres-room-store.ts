import type {
  InsertRoomResult,
  ListRoomsOptions,
  PresenceChange,
  RoomMetadata,
  RoomPage,
  RoomRecord,
  SessionPresence,
} from '@opentok-rooms/room-server';
import { Pool } from 'pg';
import { migrate } from './migrate.js';
import { orphanPresenceSweep } from './orphan-presence-sweep.js';
import type { PostgresRoomStore, PostgresRoomStoreOptions } from './postgres-room-store-options.js';
import { postgresRecordingMethods } from './recording-store.js';
import { type PresenceRow, presenceOf, ROOM_COLUMNS, type RoomRow, roomOf } from './rows.js';
import { tableNames } from './table-names.js';

/** How often insertIfAbsent retries when the winner's row was deleted before it could be read. */
const INSERT_ATTEMPTS = 5;

/**
 * A {@link PostgresRoomStore}: rooms and presence in two tables, shared by every server process that
 * uses the same database and schema. Run `migrate()` once before use.
 *
 * @param options - a pool or a connection string, the schema, the table prefix
 * @returns the store; `close()` ends the pool only when the store created it
 * @throws TypeError unless exactly one of `pool` and `connectionString` is given, or for a bad name
 * @example
 * ```ts
 * import { createRoomServer } from '@opentok-rooms/room-server';
 * import { postgresRoomStore } from '@opentok-rooms/room-store-postgres';
 *
 * const store = postgresRoomStore({ connectionString: process.env.DATABASE_URL! });
 * await store.migrate();
 * const rooms = createRoomServer({ apiKey, apiSecret, store });
 * ```
 */
export function postgresRoomStore(options: PostgresRoomStoreOptions): PostgresRoomStore {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('postgresRoomStore needs { pool } or { connectionString }.');
  }
  const schema = options.schema ?? 'public';
  const tables = tableNames(schema, options.tablePrefix ?? 'opentok_');
  // Validated before a pool exists, so a bad option leaves nothing open.
  const orphans = orphanPresenceSweep(
    (sql, values) => query(sql, values),
    tables,
    options.orphanPresenceTtlMs,
  );
  const { pool, close } = connect(options);

  const query = async <R extends object>(sql: string, values: unknown[]): Promise<R[]> =>
    (await pool.query<R>(sql, values)).rows;
  const selectRoom = async (name: string): Promise<RoomRecord | undefined> => {
    const [row] = await query<RoomRow>(
      `SELECT ${ROOM_COLUMNS} FROM ${tables.rooms} WHERE name = $1`,
      [name],
    );
    return row && roomOf(row);
  };

  return {
    tables: { rooms: tables.rooms, presence: tables.presence, archives: tables.archives },
    migrate: () => migrate(pool, tables, schema),
    async insertIfAbsent(room: RoomRecord): Promise<InsertRoomResult> {
      for (let attempt = 0; attempt < INSERT_ATTEMPTS; attempt++) {
        const [inserted] = await query<RoomRow>(
          `INSERT INTO ${tables.rooms} (name, session_id, session_options, metadata, created_at)
           VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::timestamptz)
           ON CONFLICT (name) DO NOTHING
           RETURNING ${ROOM_COLUMNS}`,
          [
            room.name,
            room.sessionId,
            JSON.stringify(room.sessionOptions),
            JSON.stringify(room.metadata),
            room.createdAt,
          ],
        );
        if (inserted) return { room: roomOf(inserted), inserted: true };
        // A separate statement: it sees the winner's row, committed after this one's snapshot.
        const existing = await selectRoom(room.name);
        if (existing) return { room: existing, inserted: false };
      }
      throw new Error(`Room "${room.name}" kept changing while it was being inserted; try again.`);
    },
    get: selectRoom,
    async delete(name) {
      const [row] = await query<{ deleted: string }>(
        `WITH room AS (DELETE FROM ${tables.rooms} WHERE name = $1 RETURNING session_id),
              gone AS (DELETE FROM ${tables.presence}
                       WHERE session_id IN (SELECT session_id FROM room)),
              archives AS (DELETE FROM ${tables.archives}
                       WHERE session_id IN (SELECT session_id FROM room))
         SELECT count(*) AS deleted FROM room`,
        [name],
      );
      return Number(row?.deleted) > 0;
    },
    async countRooms() {
      const [row] = await query<{ rooms: string }>(
        `SELECT count(*) AS rooms FROM ${tables.rooms}`,
        [],
      );
      return Number(row?.rooms ?? 0);
    },
    async list({ limit, cursor }: ListRoomsOptions): Promise<RoomPage> {
      // Two statements rather than one with "$1 IS NULL OR …", so each pages on the primary key.
      const rows =
        cursor === undefined
          ? await query<RoomRow>(
              `SELECT ${ROOM_COLUMNS} FROM ${tables.rooms} ORDER BY name COLLATE "C" LIMIT $1`,
              [limit + 1],
            )
          : await query<RoomRow>(
              `SELECT ${ROOM_COLUMNS} FROM ${tables.rooms} WHERE name > $1 COLLATE "C"
               ORDER BY name COLLATE "C" LIMIT $2`,
              [cursor, limit + 1],
            );
      const rooms = rows.slice(0, limit).map(roomOf);
      const last = rooms[rooms.length - 1];
      return rows.length > limit && last ? { rooms, nextCursor: last.name } : { rooms };
    },
    async setMetadata(name: string, metadata: RoomMetadata) {
      const [row] = await query<RoomRow>(
        `UPDATE ${tables.rooms} SET metadata = $2::jsonb WHERE name = $1 RETURNING ${ROOM_COLUMNS}`,
        [name, JSON.stringify(metadata)],
      );
      return row && roomOf(row);
    },
    async recordPresence(sessionId: string, change: PresenceChange) {
      await query(
        `INSERT INTO ${tables.presence} AS p
           (session_id, kind, id, destroyed, created_at, last_change,
            connection_id, data, name, video_type)
         VALUES ($1, $2, $3, $4, $5::float8, $5::float8, $6, $7, $8, $9)
         ON CONFLICT (session_id, kind, id) DO UPDATE
         SET destroyed = p.destroyed OR excluded.destroyed,
             last_change = GREATEST(p.last_change, excluded.last_change),
             recorded_at = now()`,
        [
          sessionId,
          change.kind,
          change.id,
          change.change === 'destroyed',
          change.at,
          change.kind === 'stream' ? (change.connectionId ?? null) : null,
          change.kind === 'connection' ? (change.data ?? null) : null,
          change.kind === 'stream' ? (change.name ?? null) : null,
          change.kind === 'stream' ? (change.videoType ?? null) : null,
        ],
      );
      await orphans.afterWrite();
    },
    async getPresence(sessionId): Promise<SessionPresence> {
      return presenceOf(
        await query<PresenceRow>(
          `SELECT kind, id, destroyed, created_at, last_change, connection_id, data, name, video_type
           FROM ${tables.presence} WHERE session_id = $1 ORDER BY created_at, id`,
          [sessionId],
        ),
      );
    },
    ...postgresRecordingMethods(query, tables.archives),
    close,
  };
}

function connect(options: PostgresRoomStoreOptions): { pool: Pool; close: () => Promise<void> } {
  const { pool, connectionString, queryTimeoutMs = 2000 } = options;
  if ((pool === undefined) === (connectionString === undefined)) {
    throw new TypeError(
      'postgresRoomStore needs exactly one of { pool } (a pg Pool you own) or { connectionString }.',
    );
  }
  if (!Number.isInteger(queryTimeoutMs) || queryTimeoutMs <= 0) {
    throw new TypeError('queryTimeoutMs must be a positive integer.');
  }
  if (pool !== undefined) return { pool, close: async () => {} };
  if (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new TypeError('connectionString must be a postgres:// or postgresql:// URL.');
  }
  const owned = new Pool({
    connectionString,
    connectionTimeoutMillis: queryTimeoutMs,
    statement_timeout: queryTimeoutMs,
    query_timeout: queryTimeoutMs,
    idle_in_transaction_session_timeout: queryTimeoutMs * 5,
  });
  // pg emits 'error' when an idle connection dies (a restart); unhandled, it would end the process.
  // The pool drops that connection and opens a new one on the next call.
  const onError = (): void => {};
  owned.on('error', onError);
  let ended: Promise<void> | undefined;
  return {
    pool: owned,
    close: () => {
      ended ??= owned.end().finally(() => owned.off('error', onError));
      return ended;
    },
  };
}
