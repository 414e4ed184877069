import WebSocket from 'ws';
import type { Emulator } from '../../src/index.js';
import type { ConnectResult, ServerMessage, WireError } from '../../src/protocol.js';

/** A raw signalling client speaking the emulator's protocol from Node. */
export interface RawClient {
  /** Messages received (replies excluded), in order. */
  readonly messages: ServerMessage[];
  /** Sends a request and resolves with its reply's result or error. */
  request(message: Record<string, unknown>): Promise<{ result?: unknown; error?: WireError }>;
  /** Sends a message without reply. */
  send(message: Record<string, unknown>): void;
  /** Waits until a message matches (5 s unless told). */
  waitFor(
    predicate: (message: ServerMessage) => boolean,
    timeoutMs?: number,
  ): Promise<ServerMessage>;
  /** Resolves when the socket closed. */
  readonly closed: Promise<void>;
  close(): void;
}

/**
 * Opens a socket to the emulator.
 *
 * @param emulator - The emulator.
 * @returns The client.
 */
export async function openRawClient(emulator: Emulator): Promise<RawClient> {
  const ws = new WebSocket(emulator.signallingUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const messages: ServerMessage[] = [];
  const replies = new Map<number, (reply: { result?: unknown; error?: WireError }) => void>();
  const waiters: Array<() => void> = [];
  let nextId = 1;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === 'reply') {
      replies.get(message.id)?.({ result: message.result, error: message.error });
      replies.delete(message.id);
      return;
    }
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const client: RawClient = {
    messages,
    request(message) {
      const id = nextId++;
      return new Promise((resolve) => {
        replies.set(id, resolve);
        ws.send(JSON.stringify({ ...message, id }));
      });
    },
    send(message) {
      ws.send(JSON.stringify(message));
    },
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found !== undefined) return found;
        if (Date.now() > deadline)
          throw new Error(`No matching message in ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    closed,
    close: () => ws.close(),
  };
  return client;
}

/**
 * Opens a socket and connects it to a session.
 *
 * @param emulator - The emulator.
 * @param sessionId - The session.
 * @param token - The client token.
 * @returns The client and its connect result.
 */
export async function connectRawClient(
  emulator: Emulator,
  sessionId: string,
  token: string,
): Promise<{ client: RawClient; result: ConnectResult }> {
  const client = await openRawClient(emulator);
  const reply = await client.request({
    type: 'connect',
    apiKey: emulator.apiKey,
    sessionId,
    token,
  });
  if (reply.error !== undefined) throw new Error(`connect failed: ${JSON.stringify(reply.error)}`);
  return { client, result: reply.result as ConnectResult };
}

/** A camera stream's `publish` message, as the emulator's browser SDK sends it. */
export const CAMERA_STREAM = {
  type: 'publish',
  name: 'cam',
  hasAudio: true,
  hasVideo: true,
  videoType: 'camera',
  videoDimensions: { width: 640, height: 480 },
};
