import type {
  PresentConnection,
  PresentStream,
  RoomRecord,
  SessionPresence,
} from '@opentok-rooms/room-server';

/** The columns every room query selects: jsonb and timestamps as text, whatever parsers a pool has. */
export const ROOM_COLUMNS = `name, session_id, session_options::text AS session_options,
  metadata::text AS metadata,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

/** A room row as {@link ROOM_COLUMNS} selects it. */
export interface RoomRow {
  name: string;
  session_id: string;
  session_options: string;
  metadata: string;
  created_at: string;
}

/**
 * @param row - a room row
 * @returns the room
 */
export function roomOf(row: RoomRow): RoomRecord {
  return {
    name: row.name,
    sessionId: row.session_id,
    sessionOptions: JSON.parse(row.session_options),
    metadata: JSON.parse(row.metadata),
    createdAt: row.created_at,
  };
}

/** A presence row. */
export interface PresenceRow {
  kind: 'connection' | 'stream';
  id: string;
  destroyed: boolean;
  created_at: number | string;
  last_change: number | string;
  connection_id: string | null;
  data: string | null;
  name: string | null;
  video_type: string | null;
}

/**
 * Who is in a session, from its presence rows: tombstones are left out, and so are streams whose
 * connection is destroyed.
 *
 * @param rows - the session's rows, ordered by creation
 * @returns the presence
 */
export function presenceOf(rows: readonly PresenceRow[]): SessionPresence {
  if (rows.length === 0) return { connections: [], streams: [] };
  const destroyedConnections = new Set(
    rows.filter((row) => row.kind === 'connection' && row.destroyed).map((row) => row.id),
  );
  const connections: PresentConnection[] = [];
  const streams: PresentStream[] = [];
  let lastActivityAt = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    lastActivityAt = Math.max(lastActivityAt, Number(row.last_change));
    if (row.destroyed) continue;
    const createdAt = Number(row.created_at);
    if (row.kind === 'connection') {
      connections.push({ id: row.id, createdAt, ...present({ data: row.data }) });
    } else if (row.connection_id === null || !destroyedConnections.has(row.connection_id)) {
      streams.push({
        id: row.id,
        createdAt,
        ...present({ connectionId: row.connection_id, name: row.name, videoType: row.video_type }),
      });
    }
  }
  return { connections, streams, lastActivityAt };
}

/** Drops null columns, so records compare equal whatever store they come from. */
function present<T extends Record<string, string | null>>(
  fields: T,
): Partial<Record<keyof T, string>> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null),
  ) as Partial<Record<keyof T, string>>;
}
