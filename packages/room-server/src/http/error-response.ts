import { isRoomError, RoomError, type RoomErrorCode } from '../errors.js';

/** The one table from error code to HTTP status: 4xx for the caller, 5xx for us and upstream. */
export const HTTP_STATUS_OF_CODE: Readonly<Record<RoomErrorCode, number>> = {
  invalid_argument: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  opentok_auth: 502,
  opentok_bad_response: 502,
  opentok_unavailable: 503,
  store_unavailable: 503,
  timeout: 504,
};

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
 * @returns a JSON response `{ "error": { "code", "message" } }`
 */
export function errorResponse(error: unknown): Response {
  const roomError = isRoomError(error)
    ? error
    : new RoomError('internal', 'Something went wrong on the server.', { cause: error });
  const body: ErrorBody = { error: { code: roomError.code, message: roomError.message } };
  if (roomError.field !== undefined) body.error.field = roomError.field;
  return new Response(JSON.stringify(body), {
    status: HTTP_STATUS_OF_CODE[roomError.code] ?? 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
