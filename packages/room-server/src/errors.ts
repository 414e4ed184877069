/**
 * What went wrong, as a stable string a program can switch on.
 *
 * - `invalid_argument`: a bad name, option, role, data, expiry or metadata (see `field`).
 * - `not_found`: the room does not exist.
 * - `conflict`: the room exists with other session options than the ones asked for.
 * - `opentok_auth`: OpenTok rejected the API key or secret (HTTP 401/403).
 * - `opentok_unavailable`: network errors or 5xx from OpenTok, after the retries.
 * - `opentok_bad_response`: OpenTok answered something that is not what was asked for.
 * - `timeout`: OpenTok did not answer within the deadline, after the retries.
 * - `store_unavailable`: the room store failed or did not answer in time.
 * - `rate_limited`: a client or the server made too many joins or creations; retry after
 *   `retryAfterSeconds`.
 * - `capacity_reached`: the server holds as many rooms as it is allowed (`maxRooms`).
 * - `internal`: a bug in this package.
 *
 * Over HTTP also: `unauthorized` (a webhook without a valid signature), `forbidden` (the
 * `authorize` hook said no), `method_not_allowed`, `payload_too_large`, `unsupported_media_type`.
 */
export type RoomErrorCode =
  | 'invalid_argument'
  | 'unauthorized'
  | 'forbidden'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'conflict'
  | 'opentok_auth'
  | 'opentok_unavailable'
  | 'opentok_bad_response'
  | 'timeout'
  | 'store_unavailable'
  | 'rate_limited'
  | 'capacity_reached'
  | 'internal';

/** Options of {@link RoomError}. */
export interface RoomErrorOptions {
  /** The underlying error, kept for logs. */
  cause?: unknown;
  /** For `invalid_argument`: the option or argument at fault, e.g. `'role'`. */
  field?: string;
  /** For `rate_limited`: when a retry may succeed, in whole seconds (HTTP `Retry-After`). */
  retryAfterSeconds?: number;
}

/** The JSON form of a {@link RoomError}: no stack, no cause. */
export interface RoomErrorJSON {
  name: 'RoomError';
  code: RoomErrorCode;
  message: string;
  field?: string;
}

/**
 * The one error type of room-server. Switch on `code`; show `message` to developers.
 *
 * @example
 * ```ts
 * try {
 *   await rooms.issueToken('standup');
 * } catch (error) {
 *   if (isRoomError(error) && error.code === 'not_found') createRoomFirst();
 *   else throw error;
 * }
 * ```
 */
export class RoomError extends Error {
  override readonly name: 'RoomError' = 'RoomError';
  /** What went wrong; see {@link RoomErrorCode}. */
  readonly code: RoomErrorCode;
  /** For `invalid_argument`: the option or argument at fault. */
  readonly field?: string;
  /** For `rate_limited`: when a retry may succeed, in whole seconds. */
  readonly retryAfterSeconds?: number;

  /**
   * @param code - what went wrong
   * @param message - what happened and what to do about it
   * @param options - the cause and the field at fault
   */
  constructor(code: RoomErrorCode, message: string, options: RoomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** @returns the error without stack or cause, safe to log or send. */
  toJSON(): RoomErrorJSON {
    const json: RoomErrorJSON = { name: this.name, code: this.code, message: this.message };
    if (this.field !== undefined) json.field = this.field;
    return json;
  }
}

/**
 * Tells whether a value is a {@link RoomError}, also when it comes from another copy of this package
 * (it compares `name` and `code`, not only the prototype).
 *
 * @param value - anything caught
 * @returns true for a RoomError
 */
export function isRoomError(value: unknown): value is RoomError {
  if (value instanceof RoomError) return true;
  return (
    value instanceof Error &&
    value.name === 'RoomError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** Shorthand for an `invalid_argument` error about one field. */
export function invalidArgument(field: string, message: string): RoomError {
  return new RoomError('invalid_argument', message, { field });
}
