import type { OTError } from './ot-types.js';

/**
 * What went wrong, as a stable string a program can switch on. Codes that come from OpenTok are
 * mapped from the error *name* (`OT_...`), never from its numeric code.
 *
 * - `authentication_failed`: bad, expired or foreign token (`OT_AUTHENTICATION_ERROR`), or the
 *   account cannot connect (`OT_TERMS_OF_SERVICE_FAILURE`). Fetch fresh credentials.
 * - `invalid_session`: the session id is malformed or unknown (`OT_INVALID_SESSION_ID`).
 * - `network`: connecting or media transport failed (`OT_CONNECT_FAILED`, socket, ICE).
 * - `connection_limit`: the session is full (`OT_CONNECTION_LIMIT_EXCEEDED`).
 * - `stream_limit`: too many streams (`OT_STREAM_LIMIT_EXCEEDED`).
 * - `media_access_denied`: the user or the browser denied the camera/microphone.
 * - `no_devices`: no camera or microphone (`OT_NO_DEVICES_FOUND`).
 * - `device_in_use`: another application holds the camera or microphone (`OT_HARDWARE_UNAVAILABLE`,
 *   the browser's `NotReadableError`).
 * - `media_unavailable`: devices exist but cannot be used (constraints, capture failure, a
 *   publisher that sends no camera).
 * - `stream_gone`: the stream ended before or while subscribing.
 * - `not_found`: the target does not exist (e.g. a signal to a connection that left).
 * - `permission_denied`: the token's role forbids the action (`OT_PERMISSION_DENIED`).
 * - `not_connected`: the action needs a connected room.
 * - `invalid_argument`: a bad option or a signal over OpenTok's limits (`OT_INVALID_PARAMETER`).
 * - `rate_limited`: too many signals (`OT_RATE_LIMIT_EXCEEDED`).
 * - `timeout`: one of our deadlines (see `timeouts`) or `OT_TIMEOUT`.
 * - `cancelled`: `leave()` was called while joining.
 * - `credentials_failed`: the credentials function threw or returned something unusable.
 * - `sdk_load_failed`: `import('@opentok/client')` failed, or `options.OT` was passed as `undefined`.
 * - `session_in_use`: another client on this page is connected to the same session.
 * - `unknown`: anything else; see `otName` and `cause`.
 */
export type RoomClientErrorCode =
  | 'authentication_failed'
  | 'invalid_session'
  | 'network'
  | 'connection_limit'
  | 'stream_limit'
  | 'media_access_denied'
  | 'no_devices'
  | 'device_in_use'
  | 'media_unavailable'
  | 'stream_gone'
  | 'not_found'
  | 'permission_denied'
  | 'not_connected'
  | 'invalid_argument'
  | 'rate_limited'
  | 'timeout'
  | 'cancelled'
  | 'credentials_failed'
  | 'sdk_load_failed'
  | 'session_in_use'
  | 'unknown';

/** Options of {@link RoomClientError}. */
export interface RoomClientErrorOptions {
  /** The underlying error, kept for logs. */
  cause?: unknown;
  /** The OpenTok error name, when the error came from OpenTok. */
  otName?: string;
}

/**
 * The one error type of room-client. Switch on `code`; show `message` to developers.
 *
 * @example
 * ```ts
 * try {
 *   await room.join();
 * } catch (error) {
 *   if (isRoomClientError(error) && error.code === 'authentication_failed') await refreshToken();
 *   else throw error;
 * }
 * ```
 */
export class RoomClientError extends Error {
  override readonly name: 'RoomClientError' = 'RoomClientError';
  /** What went wrong; see {@link RoomClientErrorCode}. */
  readonly code: RoomClientErrorCode;
  /** The OpenTok error name (`OT_...`) when OpenTok reported the error. */
  readonly otName?: string;

  /**
   * @param code - what went wrong
   * @param message - what happened and what to do about it
   * @param options - the cause and the OpenTok error name
   */
  constructor(code: RoomClientErrorCode, message: string, options: RoomClientErrorOptions = {}) {
    super(message, options);
    this.code = code;
    this.otName = options.otName;
  }
}

/**
 * Tells whether a value is a {@link RoomClientError}, also when it comes from another copy of this
 * package (it compares `name` and `code`, not only the prototype).
 *
 * @param value - anything caught
 * @returns true for a RoomClientError
 */
export function isRoomClientError(value: unknown): value is RoomClientError {
  return (
    value instanceof Error &&
    value.name === 'RoomClientError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

// Checked in order, against the OT error name; a name can be matched by a substring.
const BY_NAME: [RegExp, RoomClientErrorCode][] = [
  [/CONNECT_FAILED|SOCKET|_ICE_|PEER|REMOTE|T_DISCONNECTED|RESPONSE|HTTP|XDOMAIN/, 'network'],
  [/AUTH|API_KEY|TERMS/, 'authentication_failed'],
  [/SESSION_ID/, 'invalid_session'],
  [/CONNECTION_LIMIT/, 'connection_limit'],
  [/STREAM_LIMIT/, 'stream_limit'],
  [/ACCESS_DENIED|DEVICE_PERMISSION/, 'media_access_denied'],
  [/NO_DEVICES/, 'no_devices'],
  [/HARDWARE/, 'device_in_use'],
  [/CAPTURE|CONSTRAINTS|SUPPORTED|MICROPHONE|MEDIA_ENDED|SOURCE/, 'media_unavailable'],
  [/STREAM_(DESTROYED|NOT_FOUND)/, 'stream_gone'],
  [/NOT_FOUND/, 'not_found'],
  [/PERMISSION/, 'permission_denied'],
  [/NOT_CONNECTED/, 'not_connected'],
  [/PARAMETER/, 'invalid_argument'],
  [/RATE_LIMIT/, 'rate_limited'],
  [/TIMEOUT/, 'timeout'],
];

/**
 * Maps an OpenTok error name to a {@link RoomClientErrorCode}.
 *
 * @param name - the OpenTok error name, e.g. `OT_AUTHENTICATION_ERROR`
 * @returns the code; `unknown` for names not in the table
 */
export function codeFromOTName(name: string): RoomClientErrorCode {
  return BY_NAME.find(([pattern]) => pattern.test(name))?.[1] ?? 'unknown';
}

/** Wraps an OpenTok error (or anything thrown) into a RoomClientError; keeps ours as they are. */
export function toRoomClientError(error: unknown, action: string): RoomClientError {
  if (isRoomClientError(error)) return error;
  const { name, message } = (error ?? {}) as Partial<OTError>;
  const otName = /^OT_/.test(name as string) ? name : undefined;
  return new RoomClientError(
    otName ? codeFromOTName(otName) : 'unknown',
    `${action}: ${name}: ${message ?? error}`,
    { cause: error, otName },
  );
}
