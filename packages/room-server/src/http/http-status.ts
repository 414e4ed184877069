import type { RoomErrorCode } from '../errors.js';

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
  rate_limited: 429,
  capacity_reached: 503,
  timeout: 504,
};
