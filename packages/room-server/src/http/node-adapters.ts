import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createFastJoin, FAST_JOIN, type FastJoinRoutes } from './fast-join.js';
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
 * Serves a room handler from `node:http` (or https/http2 in compatibility mode). The join routes
 * are answered straight from `node:http` (the same bytes as the Fetch handler's, without building a
 * Fetch `Request` and `Response`); every other request goes through `@hono/node-server`. Serve it
 * with {@link createRoomHttpServer} for timeouts and limits that hold against slow clients.
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
  const viaFetch = getRequestListener(handler, { overrideGlobalObjects: false });
  const fast = (handler as RoomHandler & { [FAST_JOIN]?: FastJoinRoutes })[FAST_JOIN];
  if (!fast) return viaFetch;
  const fastJoin = createFastJoin(fast);
  return (request, response) => fastJoin(request, response) ?? viaFetch(request, response);
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
