import type { ConnectResult } from '../protocol.js';
import { Connection, type Stream } from './connection.js';
import { type OTError, otError } from './ot-error.js';
import type { OTEvent } from './ot-event.js';
import type { Publisher } from './publisher.js';
import type { Session, SessionEnvironment } from './session.js';
import type { SessionLink } from './session-link.js';
import type { SessionTransport } from './session-transport.js';
import type { OutgoingRequest } from './signalling-socket.js';
import type { Subscriber } from './subscriber.js';
import type { SubscriberBundle } from './subscriber-bundle.js';

/**
 * Where a Session is in its life. `disconnecting`: a connect was cancelled while its socket was
 * opening (the real SDK stays there until a later connect). @internal
 */
export type SessionState =
  | 'disconnected'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'disconnecting';

/** A `connect()` in progress. @internal */
export interface ConnectAttempt {
  /** Its link to the emulator; none when there was no emulator URL to open one to. */
  readonly transport: SessionTransport | undefined;
}

/**
 * A Session's private state, shared by the functions each concern of the Session lives in (the
 * `Session` class keeps it in a private field, so none of it is public).
 *
 * @internal
 */
export interface SessionCore {
  /** The public object: the target of every event it dispatches. */
  readonly session: Session;
  readonly env: SessionEnvironment;
  readonly connections: Map<string, Connection>;
  readonly streams: Map<string, Stream>;
  readonly publishers: Set<Publisher>;
  readonly subscribers: Set<Subscriber>;
  /** What the session lends its publishers and subscribers. */
  readonly link: SessionLink;
  state: SessionState;
  /** How media flows, as the emulator said at connect: through its router, or peer to peer. */
  mediaMode: 'routed' | 'relayed';
  /** `OT.initSession`'s `singlePeerConnection`: routed subscribers share one peer connection. */
  readonly singlePeerConnection: boolean;
  /** That peer connection, once a subscriber needed it (until the session ends). */
  bundle: SubscriberBundle | undefined;
  transport: SessionTransport | undefined;
  /** The connect in progress, while `state` is `connecting`. */
  attempt: ConnectAttempt | undefined;
  /**
   * The id of this client's next (or current) connection. The SDK makes it on the client and
   * keeps it across a connect cancelled once the server knew it, so the others see that id come
   * back; it is renewed after `sessionDisconnected` and after a connect cancelled before the server
   * heard of it.
   */
  connectionId: string;
  /** `disconnect()` promises waiting for the next `sessionDisconnected`. */
  readonly disconnectWaiters: Array<() => void>;
  /**
   * The session's protected `dispatch`, lent to the helpers.
   *
   * @param event - The event.
   * @param type - The listener list to use. Default `event.type`.
   */
  dispatch(event: OTEvent, type?: string): void;
}

/**
 * Turns a rejection from the emulator into an {@link OTError}.
 *
 * @param error - What the request rejected with (usually an `OT_...` error).
 * @param fallbackName - Name when it has none.
 * @param fallbackCode - Code when it has none.
 * @returns The error.
 * @internal
 */
export function asOtError(error: unknown, fallbackName: string, fallbackCode: number): OTError {
  const { name, code, message } = (error ?? {}) as Partial<OTError>;
  // A socket or fetch failure (a plain Error, a DOMException) is the SDK's connect failure: the real
  // SDK reports a refused or garbage-answering server as OT_CONNECT_FAILED too.
  if (typeof name !== 'string' || !name.startsWith('OT_')) {
    return otError(fallbackName, fallbackCode, message ?? String(error));
  }
  return otError(name, code ?? fallbackCode, message ?? String(error));
}

/**
 * The Connection object for a connection id; creates it (bare unless `wire` is given) when
 * unknown, so every event about one connection carries the same object.
 *
 * @param core - The session's state.
 * @param connectionId - The connection id.
 * @param wire - The connection as the emulator sent it, if at hand.
 * @returns The connection.
 * @internal
 */
export function connectionFor(
  core: SessionCore,
  connectionId: string,
  wire?: ConnectResult['connection'],
): Connection {
  let connection = core.connections.get(connectionId);
  if (connection === undefined) {
    connection = new Connection(wire ?? { connectionId, creationTime: Date.now(), data: '' });
    core.connections.set(connectionId, connection);
  }
  return connection;
}

/**
 * Sends a request over the session's socket and waits for the reply.
 *
 * @param core - The session's state.
 * @param message - The request.
 * @returns The reply's result; rejects with `OT_NOT_CONNECTED` when not connected.
 * @internal
 */
export function sessionRequest(core: SessionCore, message: OutgoingRequest): Promise<unknown> {
  if (core.transport === undefined || !core.session.isConnected()) {
    return Promise.reject(otError('OT_NOT_CONNECTED', 1010, 'Not connected to the session.'));
  }
  return core.transport.request(message);
}

/**
 * A new connection id: a UUID, as the real SDK makes.
 *
 * @returns The id.
 * @internal
 */
export function newConnectionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Pages served over plain HTTP from another host have no randomUUID (not a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
