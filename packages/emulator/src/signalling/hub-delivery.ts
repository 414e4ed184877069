import type { ServerMessage } from '../protocol.js';
import type { HubState, LiveConnection, LiveSession } from './hub-state.js';
import type { MonitoringEvent } from './monitoring-event.js';

/**
 * Sends a message to one connection, or holds it while its socket is dropped (it is delivered
 * on resume, so a reconnecting client misses nothing).
 *
 * @param connection - The recipient.
 * @param message - The message.
 * @internal
 */
export function deliver(connection: LiveConnection, message: ServerMessage): void {
  if (connection.link !== undefined) connection.link.send(message);
  else connection.held.push(message);
}

/**
 * Delivers a message to every connection of a session.
 *
 * @param session - The session.
 * @param message - The message.
 * @param except - A connection id to leave out (usually the one that caused the message).
 * @internal
 */
export function broadcast(session: LiveSession, message: ServerMessage, except?: string): void {
  for (const connection of session.connections.values()) {
    if (connection.wire.connectionId !== except) deliver(connection, message);
  }
}

/**
 * Reports a session-monitoring event to the emulator (which turns it into a callback).
 *
 * @param state - The hub's state.
 * @param event - The event.
 * @internal
 */
export function emit(state: HubState, event: MonitoringEvent): void {
  state.options.onEvent(event);
}
