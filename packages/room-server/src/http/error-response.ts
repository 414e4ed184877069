import type { RoomErrorCode } from '../errors.js';
import { errorReply, toResponse } from './reply.js';

export { HTTP_STATUS_OF_CODE } from './http-status.js';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: RoomErrorCode; message: string; field?: string };
}

/**
 * Turns anything thrown into the documented error response. Only a RoomError's own code and message
 * are shown; anything else becomes `internal` with a generic message, so no stack, secret or
 * upstream body can reach a client.
 *
 * @param error - what was thrown
 * @returns a JSON response `{ "error": { "code", "message" } }`, with `Retry-After` for
 *   `rate_limited`
 */
export function errorResponse(error: unknown): Response {
  return toResponse(errorReply(error));
}
