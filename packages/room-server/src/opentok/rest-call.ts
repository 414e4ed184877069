import { RoomError } from '../errors.js';
import { projectJwt } from './project-jwt.js';

/** One OpenTok REST request. */
export interface RestCall {
  method: 'POST' | 'DELETE';
  /** Path below the API URL, e.g. `/v2/project/{key}/session/{id}/signal`. */
  path: string;
  body?: unknown;
  /** What is being done, for messages. */
  what: string;
}

/** Credentials and deadline for {@link callOpenTokRest}. */
export interface RestContext {
  apiKey: string;
  apiSecret: string;
  apiUrl: string;
  timeoutMs: number;
}

/**
 * Calls an OpenTok REST endpoint with `fetch`. The SDK's own `signal` and `forceDisconnect` read
 * `response.status` of a null response on a network failure, which throws inside a promise chain
 * no caller can reach: an unhandled rejection that ends a Node process. These calls are therefore
 * made here, with the SDK's wire format and auth header, a deadline and typed errors.
 *
 * @param context - credentials, API URL, deadline
 * @param call - method, path, body
 * @throws RoomError `not_found` (404), `invalid_argument` (400), `opentok_auth` (401/403),
 *   `opentok_unavailable` (network, 5xx, other statuses), `timeout`
 */
export async function callOpenTokRest(context: RestContext, call: RestCall): Promise<void> {
  const headers: Record<string, string> = {
    'X-OPENTOK-AUTH': projectJwt(context.apiKey, context.apiSecret),
    Accept: 'application/json',
  };
  const init: RequestInit = {
    method: call.method,
    headers,
    signal: AbortSignal.timeout(context.timeoutMs),
  };
  if (call.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(call.body);
  }
  let response: Response;
  try {
    response = await fetch(`${context.apiUrl.replace(/\/+$/, '')}${call.path}`, init);
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw timedOut
      ? new RoomError('timeout', `${call.what} did not answer within ${context.timeoutMs} ms.`, {
          cause: error,
        })
      : new RoomError('opentok_unavailable', `${call.what} failed: OpenTok could not be reached.`, {
          cause: error,
        });
  }
  // Drain the body so the connection is reused; its content never reaches a message.
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const status = response.status;
  if (status === 404) {
    throw new RoomError(
      'not_found',
      `${call.what} failed: OpenTok knows no such session or connection.`,
    );
  }
  if (status === 400) {
    throw new RoomError(
      'invalid_argument',
      `${call.what} failed: OpenTok rejected the request (400).`,
    );
  }
  if (status === 401 || status === 403) {
    throw new RoomError(
      'opentok_auth',
      `${call.what} failed: OpenTok rejected the API key or secret. Check OPENTOK_API_KEY and OPENTOK_API_SECRET.`,
    );
  }
  throw new RoomError(
    'opentok_unavailable',
    `${call.what} failed: OpenTok answered ${status}. Try again later.`,
  );
}
