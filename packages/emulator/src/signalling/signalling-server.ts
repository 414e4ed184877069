import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ConnectStallQueue, holdFor } from '../connect-stalls.js';
import type { MediaSignalling } from '../media/media-router.js';
import { type ClientMessage, type ServerMessage, SIGNALLING_PATH } from '../protocol.js';
import type { ClientLink, SessionHub } from './session-hub.js';
import { WIRE_ERRORS } from './wire-errors.js';

/** The signalling endpoint attached to the emulator's HTTP server. @internal */
export interface SignallingServer {
  /** Closes every client socket (abruptly) and stops accepting new ones. */
  close(): void;
}

const MAX_MESSAGE_BYTES = 256 * 1024;

function parse(data: unknown): ClientMessage | undefined {
  try {
    const text = Array.isArray(data)
      ? Buffer.concat(data as Buffer[]).toString('utf8')
      : String(data);
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') return undefined;
    if (typeof (value as { type?: unknown }).type !== 'string') return undefined;
    return value as ClientMessage;
  } catch {
    return undefined;
  }
}

/**
 * Serves the browser SDK's WebSocket on `/v2/client/ws` of `server`. The first message of a
 * socket must be `connect`; every later message is handled in arrival order, synchronously.
 *
 * @param server - The emulator's HTTP server.
 * @param hub - The live sessions.
 * @param media - The media router, which takes the media messages of routed sessions.
 * @param stalls - Connects to hold at a phase (test control).
 * @returns A handle to close it.
 * @internal
 */
export function attachSignalling(
  server: Server,
  hub: SessionHub,
  media?: MediaSignalling,
  stalls?: ConnectStallQueue,
): SignallingServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Upgrades held by a `socket` stall: ended when the emulator closes.
  const held = new Set<Duplex>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== SIGNALLING_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upgrade = (): void => {
      held.delete(socket);
      if (socket.destroyed) return;
      wss.handleUpgrade(request, socket, head, (ws) => serveClient(ws, hub, media, stalls));
    };
    const stallMs = stalls?.take('socket');
    if (stallMs === undefined) {
      upgrade();
      return;
    }
    held.add(socket);
    const cancel = holdFor(stallMs, upgrade);
    socket.once('close', () => {
      cancel();
      held.delete(socket);
    });
    socket.on('error', () => {});
  };
  server.on('upgrade', onUpgrade);

  return {
    close(): void {
      server.off('upgrade', onUpgrade);
      for (const socket of held) socket.destroy();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function serveClient(
  ws: WebSocket,
  hub: SessionHub,
  media: MediaSignalling | undefined,
  stalls: ConnectStallQueue | undefined,
): void {
  let connectionId: string | undefined;
  let cancelHeldReply = (): void => {};
  let sessionId = '';
  let saidGoodbye = false;
  const link: ClientLink = {
    send(message: ServerMessage): void {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
    terminate(): void {
      ws.terminate();
    },
    end(): void {
      ws.close(1000, 'forceDisconnected');
    },
  };
  const reply = (id: number, outcome: { ok: unknown } | { error: unknown }): void => {
    link.send(
      'error' in outcome
        ? ({ type: 'reply', id, error: outcome.error } as ServerMessage)
        : { type: 'reply', id, result: outcome.ok },
    );
  };

  ws.on('message', (data) => {
    const message = parse(data);
    if (message === undefined) return;
    if (connectionId === undefined) {
      if (message.type !== 'connect') {
        if ('id' in message) {
          reply(message.id, { error: WIRE_ERRORS.notConnected('Send connect first.') });
        }
        return;
      }
      const outcome = hub.connect(link, message);
      if ('error' in outcome) {
        reply(message.id, outcome);
        ws.close(4001, outcome.error.name);
        return;
      }
      // Admitted: the others know the connection from here on, even while its answer is held.
      connectionId = outcome.ok.connection.connectionId;
      sessionId = message.sessionId;
      const answer = (): void =>
        reply(message.id, media ? { ok: media.connected(message.sessionId, outcome.ok) } : outcome);
      const stallMs = stalls?.take('acknowledgement');
      if (stallMs === undefined) answer();
      else cancelHeldReply = holdFor(stallMs, answer);
      return;
    }
    const me = connectionId;
    if (media?.handle(me, sessionId, message, reply)) return;
    switch (message.type) {
      case 'connect':
        reply(message.id, { error: WIRE_ERRORS.connectFailed('Already connected.') });
        return;
      case 'publish':
        reply(message.id, hub.publish(me, message));
        return;
      case 'unpublish':
        // The only reason a client may give: its media ended by itself ("Stop sharing").
        hub.unpublish(
          me,
          message.streamId,
          message.reason === 'mediaStopped' ? 'mediaStopped' : undefined,
        );
        reply(message.id, { ok: null });
        return;
      case 'streamProperty':
        hub.setStreamProperty(me, message.streamId, message.property, message.value === true);
        reply(message.id, { ok: null });
        return;
      case 'signal':
        reply(
          message.id,
          hub.signal(sessionId, me, {
            type: message.signalType,
            data: message.data,
            to: message.to,
          }),
        );
        return;
      case 'forceDisconnect':
        reply(message.id, hub.forceDisconnect(sessionId, me, message.connectionId));
        return;
      case 'forceUnpublish':
        reply(message.id, hub.forceUnpublish(sessionId, me, String(message.streamId)));
        return;
      case 'subscribe': {
        const stream = hub.stream(message.streamId);
        const ok =
          stream !== undefined &&
          hub.relay(me, stream.connectionId, {
            type: 'subscribe',
            from: me,
            streamId: message.streamId,
            subscriberId: message.subscriberId,
          });
        reply(
          message.id,
          ok ? { ok: null } : { error: WIRE_ERRORS.notFound('The stream is not published.') },
        );
        return;
      }
      case 'unsubscribe': {
        const stream = hub.stream(message.streamId);
        if (stream !== undefined) {
          hub.relay(me, stream.connectionId, {
            type: 'unsubscribe',
            from: me,
            streamId: message.streamId,
            subscriberId: message.subscriberId,
          });
        }
        return;
      }
      case 'rtc':
        hub.relay(me, message.to, {
          type: 'rtc',
          from: me,
          streamId: message.streamId,
          subscriberId: message.subscriberId,
          payload: message.payload,
        });
        return;
      case 'disconnect':
        saidGoodbye = true;
        hub.leave(me);
        ws.close(1000, 'clientDisconnected');
        return;
      default:
        return;
    }
  });

  ws.on('close', () => {
    cancelHeldReply();
    if (connectionId !== undefined && !saidGoodbye) hub.linkLost(connectionId, link);
  });
  ws.on('error', () => {
    // A broken socket also emits 'close', which does the cleanup.
  });
}
