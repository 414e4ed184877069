import { broadcast, emit } from './hub-delivery.js';
import type { HubOutcome, HubState, LiveConnection } from './hub-state.js';
import { removeStream } from './hub-streams.js';
import { WIRE_ERRORS } from './wire-errors.js';

/**
 * Removes a connection and its streams; the last one out ends the session. Does nothing for a
 * connection already gone (a grace timer may fire after a goodbye).
 *
 * @param state - The hub's state.
 * @param connection - The connection.
 * @param reason - Reason given to the other clients and to session monitoring.
 * @internal
 */
export function destroyConnection(
  state: HubState,
  connection: LiveConnection,
  reason: string,
): void {
  if (state.byId.get(connection.wire.connectionId) !== connection) return;
  clearTimeout(connection.graceTimer);
  const { sessionId } = connection;
  const session = state.sessions.get(sessionId)!;
  for (const stream of [...session.streams.values()]) {
    if (stream.connectionId === connection.wire.connectionId) {
      removeStream(state, session, connection, stream, reason);
    }
  }
  session.connections.delete(connection.wire.connectionId);
  state.byId.delete(connection.wire.connectionId);
  broadcast(session, {
    type: 'connectionDestroyed',
    connectionId: connection.wire.connectionId,
    reason,
  });
  emit(state, { event: 'connectionDestroyed', sessionId, connection: connection.wire, reason });
  if (session.connections.size === 0) {
    state.sessions.delete(sessionId);
    emit(state, { event: 'sessionDestroyed', sessionId });
  }
}

/**
 * Removes a connection on behalf of a moderator (or of the REST API when `by` is `null`).
 *
 * @param state - The hub's state.
 * @param sessionId - The session.
 * @param by - The moderator's connection, or `null` for the REST API.
 * @param targetId - The connection to remove.
 * @returns Nothing, or `OT_PERMISSION_DENIED` / `OT_NOT_FOUND`.
 * @internal
 */
export function forceDisconnect(
  state: HubState,
  sessionId: string,
  by: string | null,
  targetId: string,
): HubOutcome<null> {
  if (by !== null && state.byId.get(by)?.role !== 'moderator') {
    return { error: WIRE_ERRORS.forceDisconnectDenied() };
  }
  const target = state.sessions.get(sessionId)?.connections.get(targetId);
  if (target === undefined) return { error: WIRE_ERRORS.notFound('No such connection.') };
  const link = target.link;
  link?.send({ type: 'disconnected', reason: 'forceDisconnected' });
  destroyConnection(state, target, 'forceDisconnected');
  link?.end();
  return { ok: null };
}
