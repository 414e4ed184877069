import { isRoomError, RoomError } from '../errors.js';
import { HTTP_STATUS_OF_CODE } from './http-status.js';

/**
 * An answer before it becomes a Fetch `Response` or is written to a `node:http` response: both
 * paths build their answer from one of these, which is what keeps them byte-for-byte equal.
 */
export interface Reply {
  readonly status: number;
  /** Header names in lower case, in the order they are sent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_TYPE = { 'content-type': 'application/json' } as const;
const ERROR_TYPE = { 'content-type': 'application/json; charset=utf-8' } as const;

/** A JSON answer, as Hono's `c.json` makes it. */
export function jsonReply(value: unknown, status = 200): Reply {
  return { status, headers: JSON_TYPE, body: JSON.stringify(value) };
}

/**
 * The documented error answer: only a RoomError's own code and message are shown; anything else
 * becomes `internal` with a generic message, so no stack, secret or upstream body reaches a client.
 */
export function errorReply(error: unknown): Reply {
  const roomError = isRoomError(error)
    ? error
    : new RoomError('internal', 'Something went wrong on the server.', { cause: error });
  const body: { error: { code: string; message: string; field?: string } } = {
    error: { code: roomError.code, message: roomError.message },
  };
  if (roomError.field !== undefined) body.error.field = roomError.field;
  const headers: Record<string, string> = { ...ERROR_TYPE };
  if (roomError.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(roomError.retryAfterSeconds);
  }
  return {
    status: HTTP_STATUS_OF_CODE[roomError.code] ?? 500,
    headers,
    body: JSON.stringify(body),
  };
}

/** The Fetch `Response` of a reply. */
export function toResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}
