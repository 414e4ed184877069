import type { ConnectResult, ServerMessage, WireStream } from '../protocol.js';
import type { ClientConnection } from './client-connection.js';
import { admitConnection, type ConnectRequest } from './hub-admission.js';
import { broadcast, deliver } from './hub-delivery.js';
import { destroyConnection, forceDisconnect } from './hub-disconnect.js';
import { dropConnection, linkLost } from './hub-reconnect.js';
import { relayMessage, routeSignal, type SignalInput } from './hub-signals.js';
import type { ClientLink, HubOutcome, HubState, SessionHubOptions } from './hub-state.js';
import {
  findStream,
  forceUnpublishStream,
  muteStreams,
  type PublishRequest,
  publishStream,
  setStreamProperty,
  unpublishStream,
} from './hub-streams.js';

export type { SignalInput } from './hub-signals.js';
// The hub's types live beside the code that uses them; callers keep importing them from here.
export type { ClientLink, HubOutcome, SessionHubOptions } from './hub-state.js';

/**
 * The emulator's live sessions: connections, streams, signals and the relay of WebRTC signalling
 * between clients. Synchronous, transport-free: the WebSocket server and the REST API drive it.
 * Each concern lives in its own `hub-*.ts` file; this class owns the state and delegates.
 *
 * @internal
 */
export class SessionHub {
  readonly #state: HubState;

  /** @param options - Credentials, reconnect window, clock and event sink. */
  constructor(options: SessionHubOptions) {
    this.#state = { options, sessions: new Map(), byId: new Map() };
  }

  /**
   * Verifies the token and adds a connection, or takes a dropped one back (`resume`).
   *
   * @param link - The client's socket.
   * @param request - The connect message.
   * @returns The connect result and the connection id, or an `OT_...` error.
   */
  connect(link: ClientLink, request: ConnectRequest): HubOutcome<ConnectResult> {
    return admitConnection(this.#state, link, request);
  }

  /**
   * The client said goodbye: removes its connection (`clientDisconnected`).
   *
   * @param connectionId - The connection.
   */
  leave(connectionId: string): void {
    const connection = this.#state.byId.get(connectionId);
    if (connection !== undefined) destroyConnection(this.#state, connection, 'clientDisconnected');
  }

  /**
   * The socket closed without a goodbye: the connection waits `reconnectWindowMs` for a resume,
   * then goes away with `networkDisconnected`.
   *
   * @param connectionId - The connection.
   * @param link - The link that closed (ignored when the connection already has a newer one).
   */
  linkLost(connectionId: string, link: ClientLink): void {
    linkLost(this.#state, connectionId, link);
  }

  /**
   * Drops a client's socket, as a network failure would.
   *
   * @param connectionId - The connection.
   * @param reconnect - `true`: the client may resume (reconnecting → reconnected); `false`: the
   *   connection is gone at once (the client ends with `networkDisconnected`).
   * @returns Whether the connection existed.
   */
  drop(connectionId: string, reconnect: boolean): boolean {
    return dropConnection(this.#state, connectionId, reconnect);
  }

  /**
   * Adds a stream for a connection.
   *
   * @param connectionId - The publishing connection.
   * @param request - The stream's properties.
   * @returns The stream, or `OT_PERMISSION_DENIED` for a `subscriber` token.
   */
  publish(connectionId: string, request: PublishRequest): HubOutcome<WireStream> {
    return publishStream(this.#state, connectionId, request);
  }

  /**
   * Removes a stream its owner stops publishing.
   *
   * @param connectionId - The owner.
   * @param streamId - The stream.
   * @param reason - Reason given to the other clients.
   */
  unpublish(connectionId: string, streamId: string, reason = 'clientDisconnected'): void {
    unpublishStream(this.#state, connectionId, streamId, reason);
  }

  /**
   * Updates `hasAudio`/`hasVideo` of an own stream and tells the others.
   *
   * @param connectionId - The owner.
   * @param streamId - The stream.
   * @param property - `hasAudio` or `hasVideo`.
   * @param value - The new value.
   */
  setStreamProperty(
    connectionId: string,
    streamId: string,
    property: 'hasAudio' | 'hasVideo',
    value: boolean,
  ): void {
    setStreamProperty(this.#state, connectionId, streamId, property, value);
  }

  /**
   * Sends a signal to every connection of a session (sender included) or to one.
   *
   * @param sessionId - The session.
   * @param from - The sending connection, or `null` for the REST API.
   * @param input - `type`, `data`, `to`.
   * @returns Nothing, or `OT_INVALID_PARAMETER` / `OT_NOT_FOUND`.
   */
  signal(sessionId: string, from: string | null, input: SignalInput): HubOutcome<null> {
    return routeSignal(this.#state, sessionId, from, input);
  }

  /**
   * Removes a connection on behalf of a moderator (or of the REST API when `by` is `null`).
   *
   * @param sessionId - The session.
   * @param by - The moderator's connection, or `null` for the REST API.
   * @param targetId - The connection to remove.
   * @returns Nothing, or `OT_PERMISSION_DENIED` / `OT_NOT_FOUND`.
   */
  forceDisconnect(sessionId: string, by: string | null, targetId: string): HubOutcome<null> {
    return forceDisconnect(this.#state, sessionId, by, targetId);
  }

  /**
   * A moderator stops another client's stream.
   *
   * @param sessionId - The session.
   * @param by - The moderator's connection.
   * @param streamId - The stream.
   * @returns Nothing, or `OT_PERMISSION_DENIED` / `OT_NOT_FOUND`.
   */
  forceUnpublish(sessionId: string, by: string, streamId: string): HubOutcome<null> {
    return forceUnpublishStream(this.#state, sessionId, by, streamId);
  }

  /**
   * Asks the publishers of a session's streams to mute their audio.
   *
   * @param sessionId - The session.
   * @param streamIds - Which streams; `undefined` for all.
   * @param excluded - Streams to leave alone.
   * @returns How many streams were asked.
   */
  muteStreams(
    sessionId: string,
    streamIds: readonly string[] | undefined,
    excluded: readonly string[] = [],
  ): number {
    return muteStreams(this.#state, sessionId, streamIds, excluded);
  }

  /**
   * Relays a subscribe, unsubscribe or WebRTC message to the other connection of the pair.
   *
   * @param from - The sender.
   * @param to - The recipient (same session).
   * @param message - What to deliver (its `from` is filled in).
   * @returns Whether the recipient exists in the sender's session.
   */
  relay(from: string, to: string, message: ServerMessage): boolean {
    return relayMessage(this.#state, from, to, message);
  }

  /**
   * Delivers a message from the emulator itself (its media router) to one connection; it is held
   * while the connection's socket is dropped.
   *
   * @param connectionId - The recipient.
   * @param message - The message.
   * @returns Whether the connection exists.
   */
  deliverTo(connectionId: string, message: ServerMessage): boolean {
    const connection = this.#state.byId.get(connectionId);
    if (connection !== undefined) deliver(connection, message);
    return connection !== undefined;
  }

  /**
   * Delivers a message to every connection of a session (the archive API's events).
   *
   * @param sessionId - The session.
   * @param message - The message.
   */
  notifySession(sessionId: string, message: ServerMessage): void {
    const session = this.#state.sessions.get(sessionId);
    if (session !== undefined) broadcast(session, message);
  }

  /**
   * Finds a stream.
   *
   * @param streamId - The stream.
   * @returns The stream, or `undefined`.
   */
  stream(streamId: string): WireStream | undefined {
    return findStream(this.#state, streamId);
  }

  /**
   * Lists a session's streams.
   *
   * @param sessionId - The session.
   * @returns Its streams, oldest first.
   */
  streams(sessionId: string): readonly WireStream[] {
    return [...(this.#state.sessions.get(sessionId)?.streams.values() ?? [])];
  }

  /**
   * Lists live connections.
   *
   * @param sessionId - Only this session's. Default: all.
   * @returns Snapshots, oldest first.
   */
  connections(sessionId?: string): readonly ClientConnection[] {
    return [...this.#state.byId.values()]
      .filter((entry) => sessionId === undefined || entry.sessionId === sessionId)
      .map((entry) => ({
        connectionId: entry.wire.connectionId,
        sessionId: entry.sessionId,
        role: entry.role,
        data: entry.wire.data,
        createdAt: entry.wire.creationTime,
        online: entry.link !== undefined,
      }));
  }

  /** Ends every connection's timers (the emulator is closing). */
  close(): void {
    for (const connection of this.#state.byId.values()) clearTimeout(connection.graceTimer);
  }
}
