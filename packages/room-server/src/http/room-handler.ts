import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { invalidArgument, RoomError } from '../errors.js';
import { defaultClientKey } from '../limits/client-key.js';
import { createRequestLimits, type RequestLimitsOptions } from '../limits/request-limits.js';
import type { RoomServer } from '../room-server-types.js';
import { archiveRoutes, sampleArchiveRoutes } from './archive-routes.js';
import { type Authorize, allowJoinsThatCreate, defaultAuthorize } from './authorize.js';
import { errorResponse } from './error-response.js';
import { FAST_JOIN, type FastJoinRoutes } from './fast-join.js';
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
  /**
   * Who may do what. Default {@link defaultAuthorize}: anyone may join an existing room as
   * `publisher`; joins that would create a room are refused (but on the sample-server routes);
   * nothing else.
   */
  authorize?: Authorize;
  /**
   * Lets the default policy create a room when someone joins one that does not exist (what a demo
   * or a public drop-in room service wants), within `limits`. Ignored when you pass `authorize`:
   * yours is told `creating: true` and decides. Default false.
   */
  createOnJoin?: boolean;
  /**
   * Rate limits per client and for the server: on by default (300 joins and 10 creations per
   * client per minute, 300 creations per minute in all). `false` turns them off.
   */
  limits?: RequestLimitsOptions | false;
  /**
   * Who a request comes from, for the rate limits. Default: the remote address when served through
   * `toNodeListener`/`toExpressMiddleware` (an IPv6 one by its /64, which one host usually holds
   * whole), else one key for every client. Behind a proxy, return the client address your proxy
   * sets (e.g. the last `X-Forwarded-For` hop it appends), an IPv6 one by its prefix.
   */
  clientKey?: (request: Request, remoteAddress: string | undefined) => string;
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

/** What a Node adapter passes with a request: the Node request, for its remote address. */
export interface NodeEnv {
  incoming?: { socket?: { remoteAddress?: string | undefined } };
}

/** A Fetch-style handler: mount it in any framework. */
export interface RoomHandler {
  /**
   * @param request - the request
   * @param env - what `@hono/node-server` passes (the Node request, for the remote address)
   */
  (request: Request, env?: NodeEnv): Promise<Response>;
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
  const clientKeyOf =
    options.clientKey ??
    ((_request: Request, remoteAddress?: string) => defaultClientKey(remoteAddress));
  const context: RouteContext = {
    rooms: options.rooms,
    authorize:
      options.authorize ?? (options.createOnJoin ? allowJoinsThatCreate : defaultAuthorize),
    limits: createRequestLimits(options.limits),
    authorizeReadsRequest: options.authorize !== undefined,
    maxBodyBytes,
    clientKey: (c) =>
      clientKeyOf(c.req.raw, (c.env as NodeEnv | undefined)?.incoming?.socket?.remoteAddress),
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
  const handler = (async (request: Request, env?: NodeEnv) =>
    app.fetch(request, env)) as RoomHandler;
  handler.handles = (pathname) => patterns.some((pattern) => pattern.test(pathname));
  // The node:http adapter answers the join routes without the Fetch round trip; with CORS on, every
  // answer needs its headers, so the Fetch path serves them all.
  if (!options.cors) {
    const fast: FastJoinRoutes = {
      context,
      basePath,
      compat: options.compat !== false,
      clientKey: clientKeyOf,
      custom: options.authorize !== undefined || options.clientKey !== undefined,
      onServerError: options.onServerError,
    };
    Object.defineProperty(handler, FAST_JOIN, { value: fast });
  }
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
