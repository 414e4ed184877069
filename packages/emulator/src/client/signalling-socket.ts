import type { ClientMessage, ServerMessage, WireError } from '../protocol.js';

/** A client message without its request id (the socket adds it). @internal */
export type OutgoingRequest = ClientMessage extends infer M
  ? M extends { id: number }
    ? Omit<M, 'id'>
    : never
  : never;

/** A message that is not a request (no reply expected). @internal */
export type OutgoingNotice = Exclude<ClientMessage, { id: number }>;

/** Thrown by {@link SignallingSocket.request} when the socket closes first. @internal */
export const SOCKET_CLOSED: WireError = {
  name: 'OT_NOT_CONNECTED',
  code: 1010,
  message: 'The connection to the emulator was lost.',
};

/**
 * One WebSocket to the emulator's signalling endpoint: request/reply with ids, and every other
 * message handed to `onMessage` in arrival order.
 *
 * @internal
 */
export class SignallingSocket {
  readonly #ws: WebSocket;
  readonly #pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: WireError): void }
  >();
  #nextId = 1;
  #closed = false;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  /**
   * Opens a socket.
   *
   * @param url - `ws://…/v2/client/ws`.
   * @param onMessage - Receives every non-reply message, in order.
   * @param onClose - Called once when the socket closes (not when {@link close} was called).
   * @param signal - Aborts the opening: the socket is closed with its handlers removed first, so
   *   nothing of it fires any more (as the real SDK's cancelled connect).
   * @returns The open socket; rejects when it cannot be opened or the opening was aborted.
   */
  static open(
    url: string,
    onMessage: (message: ServerMessage) => void,
    onClose: () => void,
    signal?: AbortSignal,
  ): Promise<SignallingSocket> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new Error('The connect was cancelled.'));
        return;
      }
      let ws: WebSocket;
      try {
        ws = new WebSocket(url);
      } catch (error) {
        reject(error);
        return;
      }
      const socket = new SignallingSocket(ws);
      let opened = false;
      ws.onopen = () => {
        opened = true;
        resolve(socket);
      };
      ws.onmessage = (event: MessageEvent) => {
        let message: ServerMessage;
        try {
          message = JSON.parse(String(event.data)) as ServerMessage;
        } catch {
          return;
        }
        if (message.type === 'reply') socket.#settle(message);
        else onMessage(message);
      };
      ws.onclose = () => {
        const wasClosed = socket.#closed;
        socket.#shutDown();
        if (!opened) reject(new Error(`Cannot open ${url}.`));
        else if (!wasClosed) onClose();
      };
      ws.onerror = () => {
        // 'close' follows and does the work.
      };
      signal?.addEventListener(
        'abort',
        () => {
          if (opened) return;
          ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
          socket.#shutDown();
          ws.close();
          reject(new Error('The connect was cancelled.'));
        },
        { once: true },
      );
    });
  }

  /**
   * Sends a request and waits for its reply.
   *
   * @param message - The request, without id.
   * @returns The reply's result; rejects with the reply's {@link WireError}.
   */
  request(message: OutgoingRequest): Promise<unknown> {
    if (this.#closed) return Promise.reject(SOCKET_CLOSED);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(JSON.stringify({ ...message, id }));
    });
  }

  /**
   * Sends a message that has no reply.
   *
   * @param message - The message.
   */
  send(message: OutgoingNotice): void {
    if (!this.#closed && this.#ws.readyState === WebSocket.OPEN) {
      this.#ws.send(JSON.stringify(message));
    }
  }

  /** Closes the socket; `onClose` is not called. Pending requests fail. */
  close(): void {
    if (this.#closed) return;
    this.#shutDown();
    this.#ws.close(1000);
  }

  #settle(message: Extract<ServerMessage, { type: 'reply' }>): void {
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (message.error !== undefined) pending.reject(message.error);
    else pending.resolve(message.result);
  }

  #shutDown(): void {
    this.#closed = true;
    for (const pending of this.#pending.values()) pending.reject(SOCKET_CLOSED);
    this.#pending.clear();
  }
}
