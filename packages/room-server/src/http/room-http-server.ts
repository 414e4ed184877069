import { createServer, type Server } from 'node:http';
import { invalidArgument } from '../errors.js';
import { type NodeRequestHandler, toNodeListener } from './node-adapters.js';
import type { RoomHandler } from './room-handler.js';

/** Limits of {@link createRoomHttpServer} against slow and hostile clients. */
export interface RoomHttpServerOptions {
  /** Time to receive a request's headers. Default 10,000 ms (slowloris ends here). */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, body included. Default 15,000 ms (slow bodies end here). */
  requestTimeoutMs?: number;
  /** Time an idle keep-alive connection stays open. Default 5,000 ms. */
  keepAliveTimeoutMs?: number;
  /** Requests served on one connection before it is closed. Default 1,000. */
  maxRequestsPerSocket?: number;
  /** Largest request head (request line + headers), in bytes. Default 16 KiB. */
  maxHeaderBytes?: number;
  /** Open connections at most; more are refused at once. Default 10,000. */
  maxConnections?: number;
  /** How often the timeouts above are checked. Default 1,000 ms. */
  checkEveryMs?: number;
  /**
   * Your app (Express, Koa's `app.callback()`…) for every request off the room routes, served with
   * the same limits; see `toNodeListener`. Default none.
   */
  fallback?: NodeRequestHandler;
}

type Limits = Required<Omit<RoomHttpServerOptions, 'fallback'>>;

const DEFAULTS: Limits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 10_000,
  checkEveryMs: 1_000,
};

/**
 * A `node:http` server for a room handler, set to hold against slow and hostile clients: a
 * deadline for the headers (slowloris) and for the whole request (slow bodies), a bounded
 * keep-alive, a request-head size limit and a connection cap. Node's own defaults leave the
 * headers 60 s, a request 300 s and check both only every 30 s.
 *
 * @param handler - from `createRoomHandler`
 * @param options - the limits, and `fallback`: your app for the other requests
 * @returns the server, not listening yet
 * @throws RoomError `invalid_argument` for a limit that is not a positive integer, or a `fallback`
 *   that is not a function
 * @example
 * ```ts
 * createRoomHttpServer(createRoomHandler({ rooms })).listen(3000);
 * ```
 */
export function createRoomHttpServer(
  handler: RoomHandler,
  options: RoomHttpServerOptions = {},
): Server {
  const limits = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Limits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value <= 0) {
      throw invalidArgument(key, `${key} must be a positive integer.`);
    }
    limits[key] = value;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw invalidArgument('headersTimeoutMs', 'headersTimeoutMs must not exceed requestTimeoutMs.');
  }
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
    toNodeListener(handler, options.fallback === undefined ? {} : { fallback: options.fallback }),
  );
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.maxConnections = limits.maxConnections;
  return server;
}
