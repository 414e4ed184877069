import type { ClientMessage, ConnectResult } from '../protocol.js';
import { destroyConnection } from './hub-disconnect.js';
import { type ClientLink, connectResult, type HubOutcome, type HubState } from './hub-state.js';
import { WIRE_ERRORS } from './wire-errors.js';

/** The `resume` part of a connect request: which dropped connection a client takes back. @internal */
export type ResumeRequest = NonNullable<Extract<ClientMessage, { type: 'connect' }>['resume']>;

/**
 * Gives a dropped connection its new socket, then delivers what was held meanwhile.
 *
 * @param state - The hub's state.
 * @param link - The client's new socket.
 * @param resume - Connection id and resume key.
 * @returns The connect result, or `OT_CONNECT_FAILED` when the window closed or the key is wrong.
 * @internal
 */
export function resumeConnection(
  state: HubState,
  link: ClientLink,
  resume: ResumeRequest,
): HubOutcome<ConnectResult> {
  const connection = state.byId.get(resume.connectionId);
  if (
    connection === undefined ||
    connection.resumeKey !== resume.resumeKey ||
    connection.link !== undefined ||
    !connection.resumable
  ) {
    return { error: WIRE_ERRORS.connectFailed('The connection cannot be resumed any more.') };
  }
  clearTimeout(connection.graceTimer);
  connection.graceTimer = undefined;
  connection.link = link;
  const session = state.sessions.get(connection.sessionId)!;
  const result = connectResult(session, connection);
  // Deliver what happened during the gap after the reply (the caller sends the reply first).
  const held = connection.held;
  connection.held = [];
  queueMicrotask(() => {
    for (const message of held) connection.link?.send(message);
  });
  return { ok: result };
}

/**
 * The socket closed without a goodbye: the connection waits `reconnectWindowMs` for a resume,
 * then goes away with `networkDisconnected`.
 *
 * @param state - The hub's state.
 * @param connectionId - The connection.
 * @param link - The link that closed (ignored when the connection already has a newer one).
 * @internal
 */
export function linkLost(state: HubState, connectionId: string, link: ClientLink): void {
  const connection = state.byId.get(connectionId);
  if (connection === undefined || connection.link !== link) return;
  connection.link = undefined;
  if (!connection.resumable) {
    destroyConnection(state, connection, 'networkDisconnected');
    return;
  }
  connection.graceTimer = setTimeout(
    () => destroyConnection(state, connection, 'networkDisconnected'),
    state.options.reconnectWindowMs,
  );
  connection.graceTimer.unref?.();
}

/**
 * Drops a client's socket, as a network failure would.
 *
 * @param state - The hub's state.
 * @param connectionId - The connection.
 * @param reconnect - Whether the client may resume.
 * @returns Whether the connection existed.
 * @internal
 */
export function dropConnection(state: HubState, connectionId: string, reconnect: boolean): boolean {
  const connection = state.byId.get(connectionId);
  if (connection === undefined) return false;
  connection.resumable = reconnect;
  const link = connection.link;
  if (link === undefined) {
    if (!reconnect) destroyConnection(state, connection, 'networkDisconnected');
    return true;
  }
  linkLost(state, connectionId, link);
  link.terminate();
  return true;
}
