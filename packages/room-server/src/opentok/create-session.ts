import { isRoomError, RoomError } from '../errors.js';
import type { ResolvedSessionOptions } from '../session-options.js';
import { RestStatusError, type RestTransport } from './rest-transport.js';

const WHAT = 'OpenTok createSession';
const SESSION_ID = /^[12]_[A-Za-z0-9_-]{8,253}$/;

/**
 * The form of `POST /session/create`, field for field what the `opentok` SDK (2.23) sends:
 * `archiveMode`, `location` when given, `e2ee=true` only when asked, and `p2p.preference`
 * (`disabled` = routed, `enabled` = relayed) in place of mediaMode.
 *
 * @param session - the resolved session options
 * @returns the form body
 */
export function createSessionForm(session: ResolvedSessionOptions): URLSearchParams {
  const form = new URLSearchParams({ archiveMode: session.archiveMode });
  if (session.location !== undefined) form.set('location', session.location);
  if (session.e2ee) form.set('e2ee', 'true');
  form.set('p2p.preference', session.mediaMode === 'routed' ? 'disabled' : 'enabled');
  return form;
}

/**
 * Creates a session through the REST transport (one JWT signature per attempt, `fetch`) rather
 * than the SDK, whose createSession re-parses the secret in jsonwebtoken on every call. Retried on
 * a timeout, a network error, a 5xx or a 429: a session created by a lost attempt costs nothing.
 *
 * @param transport - the account's transport (host, auth, deadline, retries)
 * @param session - the resolved session options
 * @returns the new session id
 * @throws RoomError `opentok_auth` (401/403), `opentok_bad_response` (404, or a 2xx without a
 *   session id or not JSON), `opentok_unavailable` (network, 5xx, 429, any other status),
 *   `timeout`
 */
export async function createSession(
  transport: RestTransport,
  session: ResolvedSessionOptions,
): Promise<string> {
  let answer: unknown;
  try {
    answer = await transport.request('POST', '/session/create', createSessionForm(session), {
      what: WHAT,
      retry: true,
      jsonOnly: true,
    });
  } catch (error) {
    throw asCreateSessionError(error);
  }
  const sessionId = Array.isArray(answer)
    ? (answer[0] as { session_id?: unknown } | undefined)?.session_id
    : undefined;
  // Never let an answer without a session id reach a store.
  if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
    throw new RoomError(
      'opentok_bad_response',
      `${WHAT} answered without a session id (is apiUrl an OpenTok API endpoint?).`,
    );
  }
  return sessionId;
}

// The codes createSession has always reported: the transport's not_found, invalid_argument and
// conflict are about a resource or a request the caller chose; here the options were validated
// before the call, so a 404 means a wrong apiUrl and another 4xx an upstream refusal.
function asCreateSessionError(error: unknown): unknown {
  if (!isRoomError(error) || !(error.cause instanceof RestStatusError)) return error;
  const { cause } = error;
  if (error.code === 'not_found') {
    return new RoomError(
      'opentok_bad_response',
      `${WHAT} failed: OpenTok answered 404. Check apiUrl.`,
      { cause },
    );
  }
  if (error.code === 'invalid_argument' || error.code === 'conflict') {
    return new RoomError(
      'opentok_unavailable',
      `${WHAT} failed: the API answered ${cause.status}.`,
      { cause },
    );
  }
  return error;
}
