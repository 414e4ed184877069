import { sampleRoom } from '@opentok-rooms/room-server/testing';
import { requireServer } from '@opentok-rooms/store-testkit';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresRoomStore } from '../src/index.js';
import {
  DATABASE_URL,
  dropSchemas,
  postgresProblem,
  START_POSTGRES,
  uniqueSchema,
} from './support/postgres.js';

describe('postgresRoomStore options', () => {
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  afterAll(() => pool.end());
  it('needs exactly one of pool and connectionString', () => {
    expect(() => postgresRoomStore({})).toThrow(TypeError);
    expect(() => postgresRoomStore({ pool, connectionString: DATABASE_URL })).toThrow(
      /exactly one/,
    );
    expect(() => postgresRoomStore(undefined as never)).toThrow(TypeError);
    expect(() => postgresRoomStore({ connectionString: 'mysql://x' })).toThrow(/postgres:\/\//);
    expect(() => postgresRoomStore({ pool, queryTimeoutMs: -1 })).toThrow(/positive/);
    for (const orphanPresenceTtlMs of [0, -5, 2.5, Number.NaN]) {
      expect(() => postgresRoomStore({ pool, orphanPresenceTtlMs })).toThrow(/orphanPresenceTtlMs/);
    }
  });
  it('accepts only plain identifiers for schema and table prefix', () => {
    expect(() => postgresRoomStore({ pool, schema: 'a"; DROP TABLE x; --' })).toThrow(/schema/);
    expect(() => postgresRoomStore({ pool, schema: '' })).toThrow(/schema/);
    expect(() => postgresRoomStore({ pool, tablePrefix: 'bad-prefix' })).toThrow(/tablePrefix/);
    expect(() => postgresRoomStore({ pool, tablePrefix: 'x'.repeat(60) })).toThrow(/tablePrefix/);
  });
  it('names its tables from the schema and prefix', () => {
    expect(postgresRoomStore({ pool }).tables).toEqual({
      rooms: '"public"."opentok_rooms"',
      presence: '"public"."opentok_presence"',
      archives: '"public"."opentok_archives"',
    });
    expect(postgresRoomStore({ pool, schema: 'Video', tablePrefix: '' }).tables.rooms).toBe(
      '"Video"."rooms"',
    );
  });
  it('fails fast when nothing listens at the connection string', async () => {
    const store = postgresRoomStore({ connectionString: 'postgres://postgres@127.0.0.1:1/x' });
    const started = performance.now();
    await expect(store.get('alpha')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(2500);
    await store.close();
    await store.close();
  });
});

const available = requireServer('Postgres', await postgresProblem(DATABASE_URL), START_POSTGRES);

describe.skipIf(!available)('postgresRoomStore on Postgres', () => {
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  const schemas: string[] = [];
  const schema = (): string => {
    const name = uniqueSchema();
    schemas.push(name);
    return name;
  };
  afterAll(async () => {
    await dropSchemas(pool, schemas);
    await pool.end();
  });

  it('migrate() creates the tables the README documents, and is idempotent under concurrency', async () => {
    const name = schema();
    const stores = Array.from({ length: 5 }, () => postgresRoomStore({ pool, schema: name }));
    await Promise.all(stores.map((store) => store.migrate()));
    await stores[0]!.migrate();
    const columns = await pool.query(
      `SELECT table_name, column_name, data_type, collation_name FROM information_schema.columns
       WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
      [name],
    );
    expect(columns.rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}`)).toEqual([
      'opentok_archives.session_id text',
      'opentok_archives.archive_id text',
      'opentok_archives.rank smallint',
      'opentok_archives.at double precision',
      'opentok_archives.status text',
      'opentok_archives.created_at double precision',
      'opentok_archives.name text',
      'opentok_presence.session_id text',
      'opentok_presence.kind text',
      'opentok_presence.id text',
      'opentok_presence.destroyed boolean',
      'opentok_presence.created_at double precision',
      'opentok_presence.last_change double precision',
      'opentok_presence.connection_id text',
      'opentok_presence.data text',
      'opentok_presence.name text',
      'opentok_presence.video_type text',
      'opentok_presence.recorded_at timestamp with time zone',
      'opentok_rooms.name text',
      'opentok_rooms.session_id text',
      'opentok_rooms.session_options jsonb',
      'opentok_rooms.metadata jsonb',
      'opentok_rooms.created_at timestamp with time zone',
    ]);
    const roomName = columns.rows.find(
      (r) => r.table_name === 'opentok_rooms' && r.column_name === 'name',
    );
    expect(roomName?.collation_name).toBe('C');
    const indexes = await pool.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'opentok_room_sid'`,
      [name],
    );
    expect(indexes.rows[0]?.indexdef).toMatch(/ON \S*opentok_rooms USING btree \(session_id\)/);
  });

  it('migrate() adds recorded_at to a presence table made before it existed', async () => {
    const name = schema();
    const store = postgresRoomStore({ pool, schema: name });
    await store.migrate();
    await pool.query(`ALTER TABLE ${store.tables.presence} DROP COLUMN recorded_at`);
    await pool.query(
      `INSERT INTO ${store.tables.presence} (session_id, kind, id, destroyed, created_at, last_change)
       VALUES ('1_old', 'connection', 'c1', false, 1, 1)`,
    );
    await store.migrate();
    await store.insertIfAbsent(sampleRoom('old', { sessionId: '1_old' }));
    expect((await store.getPresence('1_old')).connections.map((c) => c.id)).toEqual(['c1']);
  });

  it('removes orphan presence with a later write, once it is older than the TTL', async () => {
    const store = postgresRoomStore({ pool, schema: schema(), orphanPresenceTtlMs: 150 });
    await store.migrate();
    const change = (id: string) => ({ kind: 'connection', id, change: 'created', at: 1 }) as const;
    await store.insertIfAbsent(sampleRoom('kept', { sessionId: '1_room' }));
    await store.recordPresence('1_room', change('c-room'));
    await store.recordPresence('1_orphan', change('c-orphan'));
    // Within the TTL a write sweeps nothing.
    await store.recordPresence('1_fresh', change('c-fresh'));
    expect((await store.getPresence('1_orphan')).connections).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await store.getPresence('1_orphan')).connections).toHaveLength(1);
    await store.recordPresence('1_trigger', change('c-trigger'));
    expect((await store.getPresence('1_orphan')).connections).toHaveLength(0);
    expect((await store.getPresence('1_fresh')).connections).toHaveLength(0);
    expect((await store.getPresence('1_trigger')).connections).toHaveLength(1);
    expect((await store.getPresence('1_room')).connections).toHaveLength(1);
  });

  it('calls before migrate() fail with an error that names the missing table', async () => {
    const store = postgresRoomStore({ pool, schema: schema() });
    await expect(store.get('alpha')).rejects.toThrow(/does not exist/);
  });

  it('keeps rooms as rows a SQL user can read', async () => {
    const store = postgresRoomStore({ pool, schema: schema() });
    await store.migrate();
    await store.insertIfAbsent(sampleRoom('alpha', { metadata: { topic: 'x' } }));
    const { rows } = await pool.query(
      `SELECT name, session_id, metadata->>'topic' AS topic, created_at FROM ${store.tables.rooms}`,
    );
    expect(rows).toEqual([
      {
        name: 'alpha',
        session_id: sampleRoom('alpha').sessionId,
        topic: 'x',
        created_at: new Date(sampleRoom('alpha').createdAt),
      },
    ]);
  });

  it('a pool with custom jsonb and timestamp parsers reads rooms unchanged', async () => {
    const JSONB = 3802;
    const TIMESTAMPTZ = 1184;
    const custom = new pg.Pool({
      connectionString: DATABASE_URL,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === JSONB || oid === TIMESTAMPTZ
            ? (value: string) => `parsed:${value}`
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    const store = postgresRoomStore({ pool: custom, schema: schema() });
    await store.migrate();
    const room = sampleRoom('alpha', { metadata: { n: 1 } });
    await store.insertIfAbsent(room);
    expect(await store.get('alpha')).toEqual(room);
    await custom.end();
  });

  it('close() never ends a pool the user passed in, and ends one it created', async () => {
    const own = new pg.Pool({ connectionString: DATABASE_URL });
    const borrowed = postgresRoomStore({ pool: own, schema: schema() });
    await borrowed.migrate();
    await borrowed.close();
    expect((await own.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await own.end();

    const created = postgresRoomStore({ connectionString: DATABASE_URL, schema: schema() });
    await created.migrate();
    await created.close();
    await expect(created.get('alpha')).rejects.toThrow(/end/i);
  });

  it('two stores over one schema see the same rooms; other schemas see none', async () => {
    const shared = schema();
    const a = postgresRoomStore({ pool, schema: shared });
    const b = postgresRoomStore({ connectionString: DATABASE_URL, schema: shared });
    const other = postgresRoomStore({ pool, schema: schema() });
    await a.migrate();
    await other.migrate();
    await a.insertIfAbsent(sampleRoom('shared', { sessionId: '1_a' }));
    expect(
      (await b.insertIfAbsent(sampleRoom('shared', { sessionId: '1_b' }))).room.sessionId,
    ).toBe('1_a');
    expect(await other.get('shared')).toBeUndefined();
    await b.close();
  });
});
