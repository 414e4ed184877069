/**
 * Why {@link verifyClientToken} (or the emulator's REST authentication) rejected a token.
 *
 * - `malformed`: not a JWT nor a `T1==` token, bad base64, bad JSON or a missing claim.
 * - `unsupported_algorithm`: the JWT header does not say `HS256`.
 * - `bad_signature`: the signature does not match the API secret.
 * - `expired`: the expiry time has passed (or the token was issued in the future).
 * - `wrong_project`: the token (or its session id) belongs to another API key.
 * - `bad_session_id`: the session id is missing or cannot be decoded.
 * - `bad_scope`: the token is not a `session.connect` (or `project`) token.
 * - `bad_role`: the role is not `publisher`, `publisheronly`, `subscriber` or `moderator`.
 * - `bad_data`: connection data or the layout class list exceeds OpenTok's limits.
 */
export type EmulatorTokenErrorReason =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'bad_signature'
  | 'expired'
  | 'wrong_project'
  | 'bad_session_id'
  | 'bad_scope'
  | 'bad_role'
  | 'bad_data';

/** Options of the {@link EmulatorTokenError} constructor. */
export interface EmulatorTokenErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Thrown when a token does not verify: `reason` says why, `message` says what to check.
 *
 * @example
 * ```ts
 * try {
 *   verifyClientToken(token, { apiKey, apiSecret });
 * } catch (error) {
 *   if (isEmulatorTokenError(error) && error.reason === 'expired') refreshToken();
 * }
 * ```
 */
export class EmulatorTokenError extends Error {
  /** Why the token was rejected. */
  readonly reason: EmulatorTokenErrorReason;

  /**
   * @param reason - Why the token was rejected.
   * @param message - What is wrong and what to check.
   * @param options - `cause`, passed on to `Error`.
   */
  constructor(
    reason: EmulatorTokenErrorReason,
    message: string,
    options?: EmulatorTokenErrorOptions,
  ) {
    super(message, options);
    this.name = 'EmulatorTokenError';
    this.reason = reason;
  }
}

/**
 * Tells whether `value` is an {@link EmulatorTokenError}, also across duplicate copies of this
 * package (it compares `name`, not only `instanceof`).
 *
 * @param value - Anything caught.
 * @returns `true` when `value` is an `EmulatorTokenError`.
 */
export function isEmulatorTokenError(value: unknown): value is EmulatorTokenError {
  if (value instanceof EmulatorTokenError) return true;
  return (
    value instanceof Error &&
    value.name === 'EmulatorTokenError' &&
    typeof (value as { reason?: unknown }).reason === 'string'
  );
}
