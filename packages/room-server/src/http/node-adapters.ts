import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { invalidArgument } from '../errors.js';
import { createFastJoin, FAST_JOIN, type FastJoinRoutes } from './fast-join.js';
import type { RoomHandler } from './room-handler.js';

/** A `node:http` request listener. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Any `node:http`-style app: an Express or Connect app, Koa's `app.callback()`, the handler
 * Fastify passes to its `serverFactory`.
 */
export type NodeRequestHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Your app, for every request whose path is not one of the room routes. The room routes are
   * answered before it runs (so its middleware does not see them: authorize with `authorize`, key
   * rate limits with `clientKey`). Default: none, every request is the handler's (404 off its
   * routes).
   */
  fallback?: NodeRequestHandler;
}

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
 * With `fallback`, the room routes are served in front of your app and every other request goes
 * to it: the fastest way to add them to an Express (Koa, Connect, Fastify) app, as a join then
 * skips the framework's own routing, which costs more than the whole join (see the benchmarks).
 *
 * @param handler - from {@link createRoomHandler}
 * @param options - `fallback`: your app, for the other requests
 * @returns a request listener
 * @throws RoomError `invalid_argument` when `fallback` is not a function
 * @example
 * ```ts
 * http.createServer(toNodeListener(createRoomHandler({ rooms }))).listen(3000);
 * // In front of an Express app (instead of app.listen):
 * http.createServer(toNodeListener(createRoomHandler({ rooms }), { fallback: app })).listen(3000);
 * ```
 */
export function toNodeListener(
  handler: RoomHandler,
  options: NodeListenerOptions = {},
): NodeListener {
  const { fallback } = options;
  if (fallback !== undefined && typeof fallback !== 'function') {
    throw invalidArgument('fallback', 'fallback must be a request handler (request, response).');
  }
  const { fastJoin, viaFetch } = roomListeners(handler);
  if (!fallback) {
    return fastJoin
      ? (request, response) => fastJoin(request, response) ?? viaFetch(request, response)
      : viaFetch;
  }
  return (request, response) => {
    const answered = fastJoin?.(request, response);
    if (answered) return answered;
    if (handler.handles(pathnameOf(request))) return viaFetch(request, response);
    return Promise.resolve(fallback(request, response)).then(ignore);
  };
}

/**
 * Mounts a room handler in Express or Connect. Requests for paths the handler does not serve go on
 * to `next()`. Mount it before body parsers; when one ran already, its parsed JSON is used (but a
 * signed webhook needs the raw body: keep the webhook path out of `express.json()`). Every request
 * pays the framework's routing first; `toNodeListener(handler, { fallback: app })` avoids that.
 *
 * @param handler - from {@link createRoomHandler}
 * @returns the middleware
 * @example
 * ```ts
 * app.use('/api', toExpressMiddleware(createRoomHandler({ rooms })));
 * ```
 */
export function toExpressMiddleware(handler: RoomHandler): ConnectMiddleware {
  const { fastJoin, viaFetch } = roomListeners(handler);
  return (request, response, next) => {
    const answered = fastJoin?.(request, response);
    if (answered) {
      answered.catch(next);
      return;
    }
    if (!handler.handles(pathnameOf(request))) {
      next();
      return;
    }
    const withRaw = request as typeof request & { rawBody?: unknown };
    if (request.readableEnded && withRaw.rawBody === undefined && request.body !== undefined) {
      withRaw.rawBody = Buffer.from(JSON.stringify(request.body));
    }
    viaFetch(request, response).catch(next);
  };
}

/**
 * The two ways a handler answers from `node:http`: the fast join routes (undefined when CORS is on;
 * they return undefined for a request they leave to the other), and `@hono/node-server`.
 */
function roomListeners(handler: RoomHandler): {
  fastJoin: ReturnType<typeof createFastJoin> | undefined;
  viaFetch: NodeListener;
} {
  const fast = (handler as RoomHandler & { [FAST_JOIN]?: FastJoinRoutes })[FAST_JOIN];
  return {
    fastJoin: fast && createFastJoin(fast),
    // Never replace the process's global Request/Response: the app owns them.
    viaFetch: getRequestListener(handler, { overrideGlobalObjects: false }),
  };
}

function pathnameOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function ignore(): void {}
