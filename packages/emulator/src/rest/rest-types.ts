import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ArchiveService } from '../archive/archive-service.js';
import type { EmulatedSession } from '../emulated-session.js';
import type { SessionHub } from '../signalling/session-hub.js';

/** A REST request, its body already read. @internal */
export interface RestRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path without query string. */
  readonly path: string;
  /** The query string parameters. */
  readonly query: URLSearchParams;
  /** Request headers (lower-case names). */
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when none). */
  readonly body: string;
  /** Named groups captured by the route pattern. */
  readonly params: Readonly<Record<string, string>>;
}

/** What a REST handler answers. @internal */
export interface RestResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response body text. */
  readonly body: string;
  /** `Content-Type` header value. */
  readonly contentType: string;
  /** Extra headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The emulator state REST handlers read and change. @internal */
export interface EmulatorState {
  /** The project's API key. */
  readonly apiKey: string;
  /** The project's API secret. */
  readonly apiSecret: string;
  /** Set for a Vonage application: REST calls must carry a Bearer RS256 JWT verified with it. */
  readonly publicKey?: KeyObject;
  /** Sessions by id, in creation order. */
  readonly sessions: Map<string, EmulatedSession>;
  /** The live sessions: connections, streams, signals. */
  readonly hub: SessionHub;
  /** The project's archives. */
  readonly archives: ArchiveService;
  /** The clock, in milliseconds since the epoch. */
  now(): number;
}

/** A REST route handler. @internal */
export type RestHandler = (request: RestRequest, state: EmulatorState) => RestResponse;

/**
 * A JSON response.
 *
 * @param status - HTTP status.
 * @param value - Serialised with `JSON.stringify`.
 * @returns The response.
 * @internal
 */
export function jsonResponse(status: number, value: unknown): RestResponse {
  return { status, body: JSON.stringify(value), contentType: 'application/json' };
}

/**
 * An error response shaped like OpenTok's: `{ "code": status, "message": message }`.
 *
 * @param status - HTTP status.
 * @param message - What went wrong.
 * @param headers - Extra headers (e.g. `Allow`).
 * @returns The response.
 * @internal
 */
export function errorResponse(
  status: number,
  message: string,
  headers?: Readonly<Record<string, string>>,
): RestResponse {
  const response = jsonResponse(status, { code: status, message });
  return headers === undefined ? response : { ...response, headers };
}
