import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { invalidArgument, RoomError } from '../errors.js';
import type { RoomServer } from '../room-server-types.js';
import { archiveRoutes, sampleArchiveRoutes } from './archive-routes.js';
import { type Authorize, defaultAuthorize } from './authorize.js';
import { errorResponse } from './error-response.js';
import { compatRoutes, type Route, type RouteContext, roomRoutes } from './room-routes.js';
import { type WebhookOptions, webhookRoute } from './webhook-route.js';

/** Cross-origin access: off unless origins are listed. */
export interface CorsOptions {
  /** Exact origins allowed, e.g. `['https://app.example.com']`. */
  origins: readonly string[];
  /** Allow cookies and Authorization headers from those origins. Default false. */
  credentials?: boolean;
}

/** Options of {@link createRoomHandler}. */
export interface RoomHandlerOptions {
  /** The room server the routes use. */
  rooms: RoomServer;
  /** Who may do what. Default: anyone may join as `publisher`; nothing else. */
  authorize?: Authorize;
  /** A path prefix for every route, e.g. `/api`. Default none. */
  basePath?: string;
  /** Largest JSON body accepted. Default 16 KiB. */
  maxBodyBytes?: number;
  /** Cross-origin access. Default off. */
  cors?: CorsOptions;
  /** The session-monitoring endpoint `POST /webhooks/opentok`. Default off. */
  webhooks?: WebhookOptions;
  /** Serve `GET /room/:name` and `GET /session` like OpenTok's sample servers. Default true. */
  compat?: boolean;
  /** Told about every error answered with a 5xx, with its cause, for your logs. */
  onServerError?: (error: unknown, request: Request) => void;
}

/** A Fetch-style handler: mount it in any framework. */
export interface RoomHandler {
  (request: Request): Promise<Response>;
  /**
   * Whether a path belongs to this handler (any method), so a framework adapter can pass other
   * requests on.
   *
   * @param pathname - the URL path, e.g. `/rooms/standup/join`
   */
  handles(pathname: string): boolean;
}

/**
 * Creates the HTTP API of a room server as a Fetch handler `(Request) => Promise<Response>`.
 *
 * @param options - the room server, authorization, prefix, limits, CORS, webhooks
 * @returns the handler
 * @throws RoomError `invalid_argument` for bad options
 * @example
 * ```ts
 * const handler = createRoomHandler({ rooms, basePath: '/api' });
 * http.createServer(toNodeListener(handler)).listen(3000);
 * ```
 */
export function createRoomHandler(options: RoomHandlerOptions): RoomHandler {
  const basePath = normalizeBasePath(options.basePath);
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 256) {
    throw invalidArgument('maxBodyBytes', 'maxBodyBytes must be an integer of at least 256.');
  }
  const context: RouteContext = {
    rooms: options.rooms,
    authorize: options.authorize ?? defaultAuthorize,
    maxBodyBytes,
  };
  const routes: Route[] = [...roomRoutes, ...archiveRoutes];
  if (options.compat !== false) routes.push(...compatRoutes, ...sampleArchiveRoutes);
  if (options.webhooks) routes.push(webhookRoute(options.webhooks));

  const app = new Hono();
  const api = basePath ? app.basePath(basePath) : app;
  if (options.cors) api.use('*', corsMiddleware(options.cors));
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    api.on(route.method, route.path, (c) => route.handle(c, context));
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) {
    const allowed = methods.join(', ');
    api.all(path, (c) => {
      if (c.req.method === 'OPTIONS') return c.body(null, 204, { allow: allowed });
      const response = errorResponse(
        new RoomError('method_not_allowed', `${c.req.method} is not allowed here; use ${allowed}.`),
      );
      response.headers.set('allow', allowed);
      return response;
    });
  }
  app.notFound(() => errorResponse(new RoomError('not_found', 'No such route.')));
  app.onError((error, c) => {
    const response = errorResponse(error);
    if (response.status >= 500) options.onServerError?.(error, c.req.raw);
    return response;
  });

  const patterns = [...methodsByPath.keys()].map((path) => pathPattern(`${basePath}${path}`));
  const handler = (async (request: Request) => app.fetch(request)) as RoomHandler;
  handler.handles = (pathname) => patterns.some((pattern) => pattern.test(pathname));
  return handler;
}

function corsMiddleware(options: CorsOptions) {
  const origins = new Set(options.origins);
  return cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization'],
    credentials: options.credentials ?? false,
    maxAge: 600,
  });
}

function normalizeBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' || basePath === '/') return '';
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(basePath)) {
    throw invalidArgument('basePath', 'basePath must be a path such as "/api".');
  }
  return basePath.replace(/\/+$/, '');
}

/** `/rooms/:name/join` → a RegExp matching one path segment per parameter. */
function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}
