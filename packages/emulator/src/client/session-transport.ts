import {
  type ConnectResult,
  SESSION_INFO_PATH,
  type ServerMessage,
  type SessionInfo,
} from '../protocol.js';
import { otError } from './ot-error.js';
import {
  type OutgoingNotice,
  type OutgoingRequest,
  SignallingSocket,
} from './signalling-socket.js';

/** How long a session whose socket dropped keeps trying to come back, in milliseconds. */
const RECONNECT_DEADLINE_MS = 15_000;

/** What the transport tells its session. @internal */
export interface TransportEvents {
  /** Every server message but replies, in arrival order. */
  onMessage(message: ServerMessage): void;
  /** The socket dropped; the transport is trying to come back. */
  onReconnecting(): void;
  /** The same connection is back; queued messages were sent. */
  onReconnected(): void;
  /** It could not come back (refused or deadline passed). */
  onGone(): void;
}

type ConnectRequest = Omit<Extract<OutgoingRequest, { type: 'connect' }>, 'resume'>;

/**
 * Where a connect is, as in the real SDK: asking for the session's info over HTTP, its socket
 * opening, or its connect request waiting for the answer. @internal
 */
export type ConnectPhase = 'sessionInfo' | 'socket' | 'acknowledgement';

/**
 * A session's link to the emulator: opens the signalling socket and connects, and when the socket
 * drops, resumes the same connection on a new socket. Requests and messages sent while it
 * reconnects wait and go out, in order, once it is back.
 *
 * @internal
 */
export class SessionTransport {
  readonly #base: string;
  #url = '';
  readonly #events: TransportEvents;
  #socket: SignallingSocket | undefined;
  #state: 'idle' | 'online' | 'reconnecting' = 'idle';
  #queued: Array<(socket: SignallingSocket | undefined) => void> = [];
  #connectRequest: ConnectRequest | undefined;
  #resume: { connectionId: string; resumeKey: string } | undefined;
  #phase: ConnectPhase | undefined;
  #opening: AbortController | undefined;

  /**
   * @param emulatorUrl - The emulator's base URL (`http://…`).
   * @param events - Where to report.
   */
  constructor(emulatorUrl: string, events: TransportEvents) {
    this.#base = emulatorUrl.replace(/\/+$/, '');
    this.#events = events;
  }

  /**
   * Opens the socket and connects.
   *
   * @param request - The connect message (api key, session id, token).
   * @returns The connect result; rejects with the emulator's error (or a socket error).
   */
  async connect(request: ConnectRequest): Promise<ConnectResult> {
    const opening = new AbortController();
    this.#opening = opening;
    this.#phase = 'sessionInfo';
    const info = await this.#sessionInfo(request.sessionId, opening.signal);
    this.#url = `${this.#base.replace(/^http/, 'ws')}${info.signallingPath}`;
    this.#phase = 'socket';
    const socket = await this.#open(opening.signal).finally(() => {
      this.#opening = undefined;
    });
    this.#socket = socket;
    this.#phase = 'acknowledgement';
    try {
      const result = (await socket.request(request)) as ConnectResult;
      this.#phase = undefined;
      this.#connectRequest = request;
      this.#resume = { connectionId: result.connection.connectionId, resumeKey: result.resumeKey };
      this.#state = 'online';
      return result;
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Where {@link connect} is, while it is in progress. */
  get connectPhase(): ConnectPhase | undefined {
    return this.#phase;
  }

  /**
   * Gives up a connect in progress: an opening socket is aborted (the server never hears of it);
   * a socket waiting for the connect's answer says goodbye first, so the server ends the
   * connection it admitted at once (the others see it go), then closes.
   */
  abandon(): void {
    if (this.#phase === 'acknowledgement') this.#socket?.send({ type: 'disconnect' });
    this.close();
  }

  /**
   * Sends a request (waits while reconnecting).
   *
   * @param message - The request.
   * @returns The reply's result; rejects with its error.
   */
  request(message: OutgoingRequest): Promise<unknown> {
    if (this.#state === 'online' && this.#socket !== undefined)
      return this.#socket.request(message);
    if (this.#state !== 'reconnecting') {
      return Promise.reject(otError('OT_NOT_CONNECTED', 1010, 'Not connected to the session.'));
    }
    return new Promise((resolve, reject) => {
      this.#queued.push((socket) => {
        if (socket === undefined) reject(otError('OT_NOT_CONNECTED', 1010, 'The session ended.'));
        else socket.request(message).then(resolve, reject);
      });
    });
  }

  /**
   * Sends a message without reply (queued while reconnecting).
   *
   * @param message - The message.
   */
  send(message: OutgoingNotice): void {
    if (this.#state === 'online') this.#socket?.send(message);
    else if (this.#state === 'reconnecting') this.#queued.push((socket) => socket?.send(message));
  }

  /** Closes the socket for good; queued requests fail. */
  close(): void {
    this.#state = 'idle';
    this.#phase = undefined;
    this.#opening?.abort();
    this.#opening = undefined;
    this.#socket?.close();
    this.#socket = undefined;
    for (const action of this.#queued.splice(0)) action(undefined);
  }

  /** Asks the emulator for the session's info; anything but its JSON answer is a failure. */
  async #sessionInfo(sessionId: string, signal: AbortSignal): Promise<SessionInfo> {
    const url = `${this.#base}${SESSION_INFO_PATH}?sessionId=${encodeURIComponent(sessionId)}`;
    const response = await fetch(url, { signal, cache: 'no-store' });
    const info = (await response.json().catch(() => undefined)) as Partial<SessionInfo> | undefined;
    if (
      !response.ok ||
      typeof info?.signallingPath !== 'string' ||
      !info.signallingPath.startsWith('/')
    ) {
      throw new Error(`Unexpected session info from ${this.#base} (HTTP ${response.status}).`);
    }
    return info as SessionInfo;
  }

  #open(signal?: AbortSignal): Promise<SignallingSocket> {
    return SignallingSocket.open(
      this.#url,
      (message) => this.#events.onMessage(message),
      () => this.#lost(),
      signal,
    );
  }

  #lost(): void {
    if (this.#state !== 'online') return;
    this.#socket = undefined;
    this.#state = 'reconnecting';
    this.#events.onReconnecting();
    void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    const deadline = Date.now() + RECONNECT_DEADLINE_MS;
    let delay = 200;
    while (this.#state === 'reconnecting') {
      const socket = await this.#open().catch(() => undefined);
      if (socket !== undefined) {
        let resumed = false;
        if (this.#state === 'reconnecting' && this.#connectRequest !== undefined) {
          resumed = await socket
            .request({ ...this.#connectRequest, resume: this.#resume })
            .then(() => true)
            .catch(() => false);
        }
        if (this.#state !== 'reconnecting') {
          socket.close();
          return;
        }
        if (!resumed) {
          socket.close();
          this.close();
          this.#events.onGone();
          return;
        }
        this.#socket = socket;
        this.#state = 'online';
        for (const action of this.#queued.splice(0)) action(socket);
        this.#events.onReconnected();
        return;
      }
      if (Date.now() + delay > deadline) {
        this.close();
        this.#events.onGone();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
