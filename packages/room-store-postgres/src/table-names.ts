import type { PostgresRoomStoreTables } from './postgres-room-store-options.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX = /^[A-Za-z0-9_]*$/;
/** Postgres truncates longer identifiers, which would make two names one. */
const MAX_IDENTIFIER_BYTES = 63;

/** The schema-qualified, quoted table names, and the schema itself. */
export interface TableNames extends PostgresRoomStoreTables {
  readonly schema: string;
  /** The index of rooms by session id, quoted (an index lives in its table's schema). */
  readonly roomsBySession: string;
}

/**
 * @param schema - the schema name
 * @param tablePrefix - put before `rooms`, `presence` and `archives`
 * @returns the quoted names
 * @throws TypeError for a name that is not letters, digits and `_`, or too long
 */
export function tableNames(schema: string, tablePrefix: string): TableNames {
  if (
    typeof schema !== 'string' ||
    !IDENTIFIER.test(schema) ||
    schema.length > MAX_IDENTIFIER_BYTES
  ) {
    throw new TypeError(
      'schema must be 1 to 63 letters, digits and "_", not starting with a digit.',
    );
  }
  const longest = `${tablePrefix}presence`;
  if (
    typeof tablePrefix !== 'string' ||
    !PREFIX.test(tablePrefix) ||
    longest.length > MAX_IDENTIFIER_BYTES ||
    /^[0-9]/.test(tablePrefix)
  ) {
    throw new TypeError(
      'tablePrefix must be letters, digits and "_", not starting with a digit, at most 55 long.',
    );
  }
  const quote = (name: string): string => `"${name}"`;
  return {
    schema: quote(schema),
    rooms: `${quote(schema)}.${quote(`${tablePrefix}rooms`)}`,
    presence: `${quote(schema)}.${quote(`${tablePrefix}presence`)}`,
    archives: `${quote(schema)}.${quote(`${tablePrefix}archives`)}`,
    roomsBySession: quote(`${tablePrefix}room_sid`),
  };
}
