import type { WireError } from '../protocol.js';

/**
 * Builds an error shaped like the browser SDK's `OTError`, with the name and numeric code the
 * real SDK uses for the same failure.
 *
 * @param name - `OT_...` error name.
 * @param code - The (deprecated, not unique) numeric code.
 * @param message - What went wrong and what to do.
 * @returns The error.
 * @internal
 */
export function wireError(name: string, code: number, message: string): WireError {
  return { name, code, message };
}

/** The errors the signalling server answers, by situation. @internal */
export const WIRE_ERRORS = {
  authentication: (message: string): WireError =>
    wireError('OT_AUTHENTICATION_ERROR', 1004, `Invalid token: ${message}`),
  invalidSessionId: (): WireError =>
    wireError('OT_INVALID_SESSION_ID', 1005, 'The session id is not a valid OpenTok session id.'),
  connectFailed: (message: string): WireError => wireError('OT_CONNECT_FAILED', 1006, message),
  publishDenied: (): WireError =>
    wireError(
      'OT_PERMISSION_DENIED',
      1500,
      'This token does not allow publishing. The role must be at least `publisher` to enable this functionality',
    ),
  forceDisconnectDenied: (): WireError =>
    wireError(
      'OT_PERMISSION_DENIED',
      1520,
      'This token does not allow forceDisconnect. The role must be at least `moderator` to enable this functionality',
    ),
  forceUnpublishDenied: (): WireError =>
    wireError(
      'OT_PERMISSION_DENIED',
      1530,
      'This token does not allow forceUnpublish. The role must be at least `moderator` to enable this functionality',
    ),
  invalidParameter: (message: string): WireError => wireError('OT_INVALID_PARAMETER', 400, message),
  notFound: (message: string): WireError => wireError('OT_NOT_FOUND', 404, message),
  notConnected: (message: string): WireError => wireError('OT_NOT_CONNECTED', 1010, message),
} as const;
