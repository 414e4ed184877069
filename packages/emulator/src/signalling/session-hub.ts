import { randomBytes, randomUUID } from 'node:crypto';
import { type ProjectCredentials, verifyClientToken } from '../client-token.js';
import { isEmulatorTokenError } from '../errors.js';
import {
  type ClientMessage,
  type ConnectResult,
  MAX_SIGNAL_DATA_BYTES,
  MAX_SIGNAL_TYPE_LENGTH,
  type ServerMessage,
  SIGNAL_TYPE_PATTERN,
  type WireConnection,
  type WireError,
  type WireStream,
} from '../protocol.js';
import { decodeSessionId } from '../session-id.js';
import type { ClientConnection } from './client-connection.js';
import type { MonitoringEvent } from './monitoring-event.js';
import { WIRE_ERRORS } from './wire-errors.js';

/** The server's end of one client socket. @internal */
export interface ClientLink {
  /** Sends one message (dropped silently when the socket is closed). */
  send(message: ServerMessage): void;
  /** Drops the socket abruptly, as a network failure would. */
  terminate(): void;
  /** Closes the socket cleanly after the messages already sent. */
  end(): void;
}

/** One connection of a live session. @internal */
interface LiveConnection {
  readonly wire: WireConnection;
  readonly sessionId: string;
  readonly role: ConnectResult['role'];
  readonly resumeKey: string;
  /** `undefined` while the socket is dropped and the client may still resume. */
  link: ClientLink | undefined;
  /** Messages held while the socket is dropped, delivered on resume. */
  held: ServerMessage[];
  graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether a resume is refused (a drop injected with `reconnect: false`). */
  resumable: boolean;
}

interface LiveSession {
  readonly connections: Map<string, LiveConnection>;
  readonly streams: Map<string, WireStream>;
}

/** What the hub needs from the emulator. @internal */
export interface SessionHubOptions {
  readonly credentials: ProjectCredentials;
  /** How long a dropped connection waits for its client to resume, in milliseconds. */
  readonly reconnectWindowMs: number;
  now(): number;
  /** Receives every session-monitoring event. */
  onEvent(event: MonitoringEvent): void;
}

/** The outcome of a request: a result or an error. @internal */
export type HubOutcome<T> = { readonly ok: T } | { readonly error: WireError };

type ConnectRequest = Extract<ClientMessage, { type: 'connect' }>;
type PublishRequest = Extract<ClientMessage, { type: 'publish' }>;

/** Options of {@link SessionHub.signal}. @internal */
export interface SignalInput {
  readonly type?: string | undefined;
  readonly data?: string | undefined;
  readonly to?: string | undefined;
}

/**
 * The emulator's live sessions: connections, streams, signals and the relay of WebRTC signalling
 * between clients. Synchronous, transport-free: the WebSocket server and the REST API drive it.
 *
 * @internal
 */
export class SessionHub {
  readonly #options: SessionHubOptions;
  readonly #sessions = new Map<string, LiveSession>();
  readonly #byId = new Map<string, LiveConnection>();

  /** @param options - Credentials, reconnect window, clock and event sink. */
  constructor(options: SessionHubOptions) {
    this.#options = options;
  }

  /**
   * Verifies the token and adds a connection, or takes a dropped one back (`resume`).
   *
   * @param link - The client's socket.
   * @param request - The connect message.
   * @returns The connect result and the connection id, or an `OT_...` error.
   */
  connect(link: ClientLink, request: ConnectRequest): HubOutcome<ConnectResult> {
    const { credentials } = this.#options;
    if (decodeSessionId(request.sessionId) === undefined) {
      return { error: WIRE_ERRORS.invalidSessionId() };
    }
    if (request.apiKey !== credentials.apiKey) {
      return { error: WIRE_ERRORS.authentication('the API key is not this project’s.') };
    }
    let claims: ReturnType<typeof verifyClientToken>;
    try {
      claims = verifyClientToken(request.token, credentials, this.#options.now());
    } catch (error) {
      const message = isEmulatorTokenError(error) ? error.message : 'cannot be verified.';
      return { error: WIRE_ERRORS.authentication(message) };
    }
    if (claims.sessionId !== request.sessionId) {
      return { error: WIRE_ERRORS.authentication('the token is for another session.') };
    }
    if (request.resume !== undefined) return this.#resume(link, request.resume);

    const wire: WireConnection = {
      connectionId: randomUUID(),
      creationTime: this.#options.now(),
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
    let session = this.#sessions.get(request.sessionId);
    if (session === undefined) {
      session = { connections: new Map(), streams: new Map() };
      this.#sessions.set(request.sessionId, session);
      this.#emit({ event: 'sessionCreated', sessionId: request.sessionId });
    }
    this.#broadcast(session, { type: 'connectionCreated', connection: wire });
    session.connections.set(wire.connectionId, connection);
    this.#byId.set(wire.connectionId, connection);
    this.#emit({ event: 'connectionCreated', sessionId: request.sessionId, connection: wire });
    return { ok: this.#connectResult(session, connection) };
  }

  #resume(
    link: ClientLink,
    resume: NonNullable<ConnectRequest['resume']>,
  ): HubOutcome<ConnectResult> {
    const connection = this.#byId.get(resume.connectionId);
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
    const session = this.#sessions.get(connection.sessionId)!;
    const result = this.#connectResult(session, connection);
    // Deliver what happened during the gap after the reply (the caller sends the reply first).
    const held = connection.held;
    connection.held = [];
    queueMicrotask(() => {
      for (const message of held) connection.link?.send(message);
    });
    return { ok: result };
  }

  #connectResult(session: LiveSession, connection: LiveConnection): ConnectResult {
    return {
      connection: connection.wire,
      role: connection.role,
      connections: [...session.connections.values()].map((entry) => entry.wire),
      streams: [...session.streams.values()].filter(
        (stream) => stream.connectionId !== connection.wire.connectionId,
      ),
      resumeKey: connection.resumeKey,
    };
  }

  /**
   * The client said goodbye: removes its connection (`clientDisconnected`).
   *
   * @param connectionId - The connection.
   */
  leave(connectionId: string): void {
    const connection = this.#byId.get(connectionId);
    if (connection !== undefined) this.#destroy(connection, 'clientDisconnected');
  }

  /**
   * The socket closed without a goodbye: the connection waits `reconnectWindowMs` for a resume,
   * then goes away with `networkDisconnected`.
   *
   * @param connectionId - The connection.
   * @param link - The link that closed (ignored when the connection already has a newer one).
   */
  linkLost(connectionId: string, link: ClientLink): void {
    const connection = this.#byId.get(connectionId);
    if (connection === undefined || connection.link !== link) return;
    connection.link = undefined;
    if (!connection.resumable) {
      this.#destroy(connection, 'networkDisconnected');
      return;
    }
    connection.graceTimer = setTimeout(
      () => this.#destroy(connection, 'networkDisconnected'),
      this.#options.reconnectWindowMs,
    );
    connection.graceTimer.unref?.();
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
    const connection = this.#byId.get(connectionId);
    if (connection === undefined) return false;
    connection.resumable = reconnect;
    const link = connection.link;
    if (link === undefined) {
      if (!reconnect) this.#destroy(connection, 'networkDisconnected');
      return true;
    }
    this.linkLost(connectionId, link);
    link.terminate();
    return true;
  }

  /**
   * Adds a stream for a connection.
   *
   * @param connectionId - The publishing connection.
   * @param request - The stream's properties.
   * @returns The stream, or `OT_PERMISSION_DENIED` for a `subscriber` token.
   */
  publish(connectionId: string, request: PublishRequest): HubOutcome<WireStream> {
    const connection = this.#byId.get(connectionId);
    if (connection === undefined) return { error: WIRE_ERRORS.notConnected('Not connected.') };
    if (connection.role === 'subscriber') return { error: WIRE_ERRORS.publishDenied() };
    const stream: WireStream = {
      streamId: randomUUID(),
      connectionId,
      creationTime: this.#options.now(),
      name: String(request.name ?? ''),
      hasAudio: request.hasAudio === true,
      hasVideo: request.hasVideo === true,
      videoType: request.videoType ?? 'camera',
      videoDimensions: request.videoDimensions ?? { width: 640, height: 480 },
    };
    const session = this.#sessions.get(connection.sessionId)!;
    session.streams.set(stream.streamId, stream);
    this.#broadcast(session, { type: 'streamCreated', stream }, connectionId);
    this.#emit({
      event: 'streamCreated',
      sessionId: connection.sessionId,
      stream,
      owner: connection.wire,
    });
    return { ok: stream };
  }

  /**
   * Removes a stream its owner stops publishing.
   *
   * @param connectionId - The owner.
   * @param streamId - The stream.
   * @param reason - Reason given to the other clients.
   */
  unpublish(connectionId: string, streamId: string, reason = 'clientDisconnected'): void {
    const connection = this.#byId.get(connectionId);
    const session = connection && this.#sessions.get(connection.sessionId);
    const stream = session?.streams.get(streamId);
    if (session === undefined || stream === undefined || stream.connectionId !== connectionId) {
      return;
    }
    this.#removeStream(session, connection!, stream, reason);
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
    const connection = this.#byId.get(connectionId);
    const session = connection && this.#sessions.get(connection.sessionId);
    const stream = session?.streams.get(streamId);
    if (session === undefined || stream === undefined || stream.connectionId !== connectionId) {
      return;
    }
    if (stream[property] === value) return;
    session.streams.set(streamId, { ...stream, [property]: value });
    this.#broadcast(
      session,
      { type: 'streamPropertyChanged', streamId, property, value },
      connectionId,
    );
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
    const type = input.type ?? '';
    const data = input.data ?? '';
    if (typeof type !== 'string' || type.length > MAX_SIGNAL_TYPE_LENGTH) {
      return { error: WIRE_ERRORS.invalidParameter('The signal type is longer than 128 chars.') };
    }
    if (!SIGNAL_TYPE_PATTERN.test(type)) {
      return {
        error: WIRE_ERRORS.invalidParameter(
          'The signal type may contain only letters, digits, "-", "_" and "~".',
        ),
      };
    }
    if (typeof data !== 'string' || Buffer.byteLength(data, 'utf8') > MAX_SIGNAL_DATA_BYTES) {
      return { error: WIRE_ERRORS.invalidParameter('The signal data is larger than 8 KB.') };
    }
    const session = this.#sessions.get(sessionId);
    const message: ServerMessage = {
      type: 'signal',
      ...(type.length > 0 ? { signalType: type } : {}),
      data,
      from,
    };
    if (input.to !== undefined) {
      const target = session?.connections.get(input.to);
      if (target === undefined) {
        return { error: WIRE_ERRORS.notFound('The signal recipient is not connected.') };
      }
      this.#deliver(target, message);
      return { ok: null };
    }
    if (session !== undefined) this.#broadcast(session, message);
    return { ok: null };
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
    if (by !== null && this.#byId.get(by)?.role !== 'moderator') {
      return { error: WIRE_ERRORS.forceDisconnectDenied() };
    }
    const target = this.#sessions.get(sessionId)?.connections.get(targetId);
    if (target === undefined) return { error: WIRE_ERRORS.notFound('No such connection.') };
    const link = target.link;
    link?.send({ type: 'disconnected', reason: 'forceDisconnected' });
    this.#destroy(target, 'forceDisconnected');
    link?.end();
    return { ok: null };
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
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return 0;
    let count = 0;
    for (const stream of session.streams.values()) {
      if (streamIds !== undefined && !streamIds.includes(stream.streamId)) continue;
      if (excluded.includes(stream.streamId)) continue;
      const owner = session.connections.get(stream.connectionId);
      if (owner !== undefined)
        this.#deliver(owner, { type: 'muteForced', streamId: stream.streamId });
      count += 1;
    }
    return count;
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
    const sender = this.#byId.get(from);
    const target = this.#byId.get(to);
    if (sender === undefined || target === undefined || sender.sessionId !== target.sessionId) {
      return false;
    }
    this.#deliver(target, message);
    return true;
  }

  /**
   * Finds a stream.
   *
   * @param streamId - The stream.
   * @returns The stream, or `undefined`.
   */
  stream(streamId: string): WireStream | undefined {
    for (const session of this.#sessions.values()) {
      const stream = session.streams.get(streamId);
      if (stream !== undefined) return stream;
    }
    return undefined;
  }

  /**
   * Lists a session's streams.
   *
   * @param sessionId - The session.
   * @returns Its streams, oldest first.
   */
  streams(sessionId: string): readonly WireStream[] {
    return [...(this.#sessions.get(sessionId)?.streams.values() ?? [])];
  }

  /**
   * Lists live connections.
   *
   * @param sessionId - Only this session's. Default: all.
   * @returns Snapshots, oldest first.
   */
  connections(sessionId?: string): readonly ClientConnection[] {
    return [...this.#byId.values()]
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
    for (const connection of this.#byId.values()) clearTimeout(connection.graceTimer);
  }

  #destroy(connection: LiveConnection, reason: string): void {
    if (this.#byId.get(connection.wire.connectionId) !== connection) return;
    clearTimeout(connection.graceTimer);
    const { sessionId } = connection;
    const session = this.#sessions.get(sessionId)!;
    for (const stream of [...session.streams.values()]) {
      if (stream.connectionId === connection.wire.connectionId) {
        this.#removeStream(session, connection, stream, reason);
      }
    }
    session.connections.delete(connection.wire.connectionId);
    this.#byId.delete(connection.wire.connectionId);
    this.#broadcast(session, {
      type: 'connectionDestroyed',
      connectionId: connection.wire.connectionId,
      reason,
    });
    this.#emit({ event: 'connectionDestroyed', sessionId, connection: connection.wire, reason });
    if (session.connections.size === 0) {
      this.#sessions.delete(sessionId);
      this.#emit({ event: 'sessionDestroyed', sessionId });
    }
  }

  #removeStream(
    session: LiveSession,
    owner: LiveConnection,
    stream: WireStream,
    reason: string,
  ): void {
    session.streams.delete(stream.streamId);
    this.#broadcast(
      session,
      { type: 'streamDestroyed', streamId: stream.streamId, reason },
      owner.wire.connectionId,
    );
    this.#emit({
      event: 'streamDestroyed',
      sessionId: owner.sessionId,
      stream,
      owner: owner.wire,
      reason,
    });
  }

  #deliver(connection: LiveConnection, message: ServerMessage): void {
    if (connection.link !== undefined) connection.link.send(message);
    else connection.held.push(message);
  }

  #broadcast(session: LiveSession, message: ServerMessage, except?: string): void {
    for (const connection of session.connections.values()) {
      if (connection.wire.connectionId !== except) this.#deliver(connection, message);
    }
  }

  #emit(event: MonitoringEvent): void {
    this.#options.onEvent(event);
  }
}
