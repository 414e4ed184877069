import { randomBytes, randomUUID } from 'node:crypto';
import { verifyClientToken } from '../client-token.js';
import { isEmulatorTokenError } from '../errors.js';
import type { ClientMessage, ConnectResult, WireConnection } from '../protocol.js';
import { decodeSessionId } from '../session-id.js';
import { broadcast, emit } from './hub-delivery.js';
import { resumeConnection } from './hub-reconnect.js';
import {
  type ClientLink,
  connectResult,
  type HubOutcome,
  type HubState,
  type LiveConnection,
} from './hub-state.js';
import { WIRE_ERRORS } from './wire-errors.js';

/**
 * Said when a client brings another project's credentials: in development, the page and the server
 * were started with different variables (another emulator's port, or an account in one terminal).
 */
const FOREIGN_API_KEY =
  "the API key is not this emulator's: these credentials come from a real account or another emulator (start the page and the server with the same OPENTOK_EMULATOR_PORT or OPENTOK_EMULATOR_URL, and the same account variables).";

/** What a client-made connection id may look like (the SDK makes UUIDs). */
const CONNECTION_ID = /^[A-Za-z0-9-]{8,64}$/;

/** A `connect` request from a client. @internal */
export type ConnectRequest = Extract<ClientMessage, { type: 'connect' }>;

/**
 * Verifies the token and adds a connection (the first one creates the session), or takes a
 * dropped one back when the request asks to resume.
 *
 * @param state - The hub's state.
 * @param link - The client's socket.
 * @param request - The connect message.
 * @returns The connect result, or an `OT_...` error.
 * @internal
 */
export function admitConnection(
  state: HubState,
  link: ClientLink,
  request: ConnectRequest,
): HubOutcome<ConnectResult> {
  const { credentials } = state.options;
  if (decodeSessionId(request.sessionId) === undefined) {
    return { error: WIRE_ERRORS.invalidSessionId() };
  }
  if (request.apiKey !== credentials.apiKey) {
    return { error: WIRE_ERRORS.authentication(FOREIGN_API_KEY) };
  }
  let claims: ReturnType<typeof verifyClientToken>;
  try {
    claims = verifyClientToken(request.token, credentials, state.options.now());
  } catch (error) {
    const message = isEmulatorTokenError(error) ? error.message : 'cannot be verified.';
    return { error: WIRE_ERRORS.authentication(message) };
  }
  if (claims.sessionId !== request.sessionId) {
    return { error: WIRE_ERRORS.authentication('the token is for another session.') };
  }
  if (request.resume !== undefined) return resumeConnection(state, link, request.resume);
  const proposed = request.connectionId;
  if (proposed !== undefined) {
    if (typeof proposed !== 'string' || !CONNECTION_ID.test(proposed)) {
      return { error: WIRE_ERRORS.connectFailed('The connection id is not a valid id.') };
    }
    if (state.byId.has(proposed)) {
      return {
        error: WIRE_ERRORS.connectFailed('The connection id is in use by a live connection.'),
      };
    }
  }

  const wire: WireConnection = {
    connectionId: proposed ?? randomUUID(),
    creationTime: state.options.now(),
    data: claims.connectionData ?? '',
  };
  const connection: LiveConnection = {
    wire,
    sessionId: request.sessionId,
    role: claims.role,
    resumeKey: randomBytes(16).toString('hex'),
    link,
    held: [],
    graceTimer: undefined,
    resumable: true,
  };
  let session = state.sessions.get(request.sessionId);
  if (session === undefined) {
    session = { connections: new Map(), streams: new Map() };
    state.sessions.set(request.sessionId, session);
    emit(state, { event: 'sessionCreated', sessionId: request.sessionId });
  }
  broadcast(session, { type: 'connectionCreated', connection: wire });
  session.connections.set(wire.connectionId, connection);
  state.byId.set(wire.connectionId, connection);
  emit(state, { event: 'connectionCreated', sessionId: request.sessionId, connection: wire });
  const archives = state.options.recordingArchives?.(request.sessionId) ?? [];
  return { ok: { ...connectResult(session, connection), archives } };
}
