import type { ProjectCredentials } from '../client-token.js';
import type {
  ConnectResult,
  ServerMessage,
  WireArchive,
  WireConnection,
  WireError,
  WireStream,
} from '../protocol.js';
import type { MonitoringEvent } from './monitoring-event.js';

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
export interface LiveConnection {
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

/** One live session: its connections and streams. @internal */
export interface LiveSession {
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
  /** The archives recording a session, told to a client when it connects. Default: none. */
  recordingArchives?(sessionId: string): readonly WireArchive[];
}

/** The outcome of a request: a result or an error. @internal */
export type HubOutcome<T> = { readonly ok: T } | { readonly error: WireError };

/**
 * The hub's state, shared by the functions each concern of the hub lives in (the
 * `SessionHub` class only keeps it private and delegates).
 *
 * @internal
 */
export interface HubState {
  readonly options: SessionHubOptions;
  readonly sessions: Map<string, LiveSession>;
  /** Every live connection of every session, by connection id. */
  readonly byId: Map<string, LiveConnection>;
}

/**
 * What a client gets on connect or resume: itself, its role, everyone, the others' streams.
 *
 * @param session - The connection's session.
 * @param connection - The connection.
 * @returns The connect result.
 * @internal
 */
export function connectResult(session: LiveSession, connection: LiveConnection): ConnectResult {
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
