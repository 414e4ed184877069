import type { Emulator } from '@opentok-rooms/emulator';
import WebSocket from 'ws';

/** A client connected to an emulated session over its signalling socket (no browser needed). */
export interface SignallingClient {
  /** Publishes a camera stream; resolves with its id. */
  publish(): Promise<string>;
  /** Ends a stream it published. */
  unpublish(streamId: string): Promise<void>;
  /** Says goodbye and closes the socket. */
  leave(): void;
}

/**
 * Connects to a session as a browser SDK would (OpenTok records a session only while a client is
 * connected to it).
 *
 * @param emulator - the emulator
 * @param sessionId - the session
 * @param token - a client token for it
 * @returns the connected client
 */
export async function connectSignallingClient(
  emulator: Emulator,
  sessionId: string,
  token: string,
): Promise<SignallingClient> {
  const socket = new WebSocket(emulator.signallingUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const request = (
    message: Record<string, unknown>,
  ): Promise<{ result?: unknown; error?: unknown }> =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData): void => {
        const reply = JSON.parse(String(data)) as {
          type: string;
          id?: number;
          result?: unknown;
          error?: unknown;
        };
        if (reply.type !== 'reply' || reply.id !== id) return;
        socket.off('message', onMessage);
        resolve(reply);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ ...message, id }));
    });
  const connected = await request({ type: 'connect', apiKey: emulator.apiKey, sessionId, token });
  if (connected.error !== undefined)
    throw new Error(`connect failed: ${JSON.stringify(connected.error)}`);
  return {
    async publish() {
      const reply = await request({
        type: 'publish',
        name: 'cam',
        hasAudio: true,
        hasVideo: true,
        videoType: 'camera',
        videoDimensions: { width: 640, height: 480 },
      });
      return (reply.result as { streamId: string }).streamId;
    },
    async unpublish(streamId) {
      const reply = await request({ type: 'unpublish', streamId });
      if (reply.error !== undefined)
        throw new Error(`unpublish failed: ${JSON.stringify(reply.error)}`);
    },
    leave() {
      socket.send(JSON.stringify({ type: 'disconnect' }));
      socket.close();
    },
  };
}
