import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { RoomHandler } from './room-handler.js';

/** A `node:http` request listener. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** An Express/Connect middleware. */
export type ConnectMiddleware = (
  request: IncomingMessage & { body?: unknown; originalUrl?: string },
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Serves a room handler from `node:http` (or https/http2 in compatibility mode).
 *
 * @param handler - from {@link createRoomHandler}
 * @returns a request listener
 * @example
 * ```ts
 * http.createServer(toNodeListener(createRoomHandler({ rooms }))).listen(3000);
 * ```
 */
export function toNodeListener(handler: RoomHandler): NodeListener {
  // Never replace the process's global Request/Response: the app owns them.
  return getRequestListener(handler, { overrideGlobalObjects: false });
}

/**
 * Mounts a room handler in Express or Connect. Requests for paths the handler does not serve go on
 * to `next()`. Mount it before body parsers; when one ran already, its parsed JSON is used (but a
 * signed webhook needs the raw body: keep the webhook path out of `express.json()`).
 *
 * @param handler - from {@link createRoomHandler}
 * @returns the middleware
 * @example
 * ```ts
 * app.use('/api', toExpressMiddleware(createRoomHandler({ rooms })));
 * ```
 */
export function toExpressMiddleware(handler: RoomHandler): ConnectMiddleware {
  const listener = toNodeListener(handler);
  return (request, response, next) => {
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    if (!handler.handles(pathname)) {
      next();
      return;
    }
    const withRaw = request as typeof request & { rawBody?: unknown };
    if (request.readableEnded && withRaw.rawBody === undefined && request.body !== undefined) {
      withRaw.rawBody = Buffer.from(JSON.stringify(request.body));
    }
    listener(request, response).catch(next);
  };
}
