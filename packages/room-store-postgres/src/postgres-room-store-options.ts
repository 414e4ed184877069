import type { RoomStore } from '@opentok-rooms/room-server';
import type { Pool } from 'pg';

/** Options of {@link postgresRoomStore}: give exactly one of `pool` and `connectionString`. */
export interface PostgresRoomStoreOptions {
  /**
   * A pg pool you own: the store uses it and never ends it. Give it an `'error'` listener: pg emits
   * one when an idle connection dies, and an unhandled `'error'` ends the process.
   */
  pool?: Pool;
  /**
   * A `postgres://` URL: the store creates a pool with bounded connect and statement timeouts, and
   * `close()` ends it.
   */
  connectionString?: string;
  /** The schema of the tables; `migrate()` creates it when missing. Default `'public'`. */
  schema?: string;
  /** Put before the table names (`opentok_rooms`, `opentok_presence`). Default `'opentok_'`. */
  tablePrefix?: string;
  /**
   * For pools the store creates: the connect deadline, `statement_timeout` and the client-side query
   * deadline. Default 2000 ms.
   */
  queryTimeoutMs?: number;
  /**
   * How long the presence of a session that has no room in this store (webhooks of another app's
   * sessions, late ones of a deleted room) is kept after its latest change; a later presence write
   * removes it (at most one such sweep per minute, or per TTL when shorter). Default 3,600,000 (an
   * hour).
   */
  orphanPresenceTtlMs?: number;
}

/** The tables of a {@link PostgresRoomStore}, quoted and schema-qualified. */
export interface PostgresRoomStoreTables {
  /** One row per room, e.g. `"public"."opentok_rooms"`. */
  readonly rooms: string;
  /** One row per connection or stream of a session, e.g. `"public"."opentok_presence"`. */
  readonly presence: string;
  /** One row per archive of a session (recording state), e.g. `"public"."opentok_archives"`. */
  readonly archives: string;
}

/** A {@link RoomStore} in Postgres, plus its explicit migration. */
export interface PostgresRoomStore extends RoomStore {
  /**
   * Creates the schema (when missing) and the tables, as the README shows in SQL. Idempotent, and
   * safe to run from several processes at once.
   *
   * @throws Error when Postgres refuses (no privilege to create, unreachable)
   */
  migrate(): Promise<void>;
  /** The tables this store uses. */
  readonly tables: PostgresRoomStoreTables;
  /** Ends the pool when the store created it; leaves a pool you passed in alone. */
  close(): Promise<void>;
}
