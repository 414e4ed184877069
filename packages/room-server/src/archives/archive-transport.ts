import { RoomError } from '../errors.js';
import { projectJwt } from '../opentok/project-jwt.js';

/** One JSON REST request of the archive API. */
export interface ArchiveRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the API URL. */
  path: string;
  body?: unknown;
  /** What is being done, for messages. */
  what: string;
}

/** An answer: its status and parsed JSON body (`undefined` when empty or not JSON). */
export interface ArchiveAnswer {
  status: number;
  body: unknown;
}

/** Sends one archive request. */
export type ArchiveTransport = (request: ArchiveRequest) => Promise<ArchiveAnswer>;

/**
 * The archive API's transport: `fetch` with the project token, a deadline, and the parsed body
 * returned (the archive calls need the answer; the moderation transport drops it).
 *
 * @param context - credentials, API URL, deadline
 * @returns the transport; it throws RoomError `timeout` or `opentok_unavailable` (network) and
 *   answers every HTTP status (the caller maps them)
 */
export function createArchiveTransport(context: {
  apiKey: string;
  apiSecret: string;
  apiUrl: string;
  timeoutMs: number;
}): ArchiveTransport {
  const base = context.apiUrl.replace(/\/+$/, '');
  return async (request) => {
    const headers: Record<string, string> = {
      'X-OPENTOK-AUTH': projectJwt(context.apiKey, context.apiSecret),
      Accept: 'application/json',
    };
    const init: RequestInit = {
      method: request.method,
      headers,
      signal: AbortSignal.timeout(context.timeoutMs),
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    try {
      const response = await fetch(`${base}${request.path}`, init);
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, body };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw timedOut
        ? new RoomError(
            'timeout',
            `${request.what} did not answer within ${context.timeoutMs} ms.`,
            { cause: error },
          )
        : new RoomError(
            'opentok_unavailable',
            `${request.what} failed: OpenTok could not be reached.`,
            { cause: error },
          );
    }
  };
}
