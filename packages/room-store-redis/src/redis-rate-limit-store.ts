import type { RateLimitStore } from '@opentok-rooms/room-server';
import type { Redis } from 'ioredis';
import { RATE_LIMIT_HIT, runScript } from './lua-scripts.js';
import { borrowedConnection, ownedConnection } from './redis-connection.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_KEY_PREFIX } from './redis-room-store-options.js';

/** Options of {@link redisRateLimitStore}: give exactly one of `client` and `url`. */
export interface RedisRateLimitStoreOptions {
  /** An ioredis client you own (the room store's may be shared): never closed by this store. */
  client?: Redis;
  /** A `redis://` or `rediss://` URL: the store creates a client; `close()` quits it. */
  url?: string;
  /** Put before every key. Default `'opentok-rooms:'` (counters live under `…limit:`). */
  keyPrefix?: string;
  /** Connect and command deadline of a client the store creates. Default 2000 ms. */
  commandTimeoutMs?: number;
}

/**
 * A `RateLimitStore` in Redis: every server process sharing the Redis and key prefix counts into
 * the same windows (one atomic `INCR` + `PEXPIRE` script per hit), so the limits of
 * `createRoomHandler` hold for the whole fleet, not per process.
 *
 * @param options - a client or a URL, the key prefix
 * @returns the store, with `close()`
 * @throws TypeError unless exactly one of `client` and `url` is given
 * @example
 * ```ts
 * createRoomHandler({ rooms, limits: { store: redisRateLimitStore({ url: process.env.REDIS_URL! }) } });
 * ```
 */
export function redisRateLimitStore(
  options: RedisRateLimitStoreOptions,
): RateLimitStore & { close(): Promise<void> } {
  const { client, url, commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS } = options;
  if ((client === undefined) === (url === undefined)) {
    throw new TypeError('redisRateLimitStore needs exactly one of { client } or { url }.');
  }
  if (url !== undefined && !/^rediss?:\/\//.test(url)) {
    throw new TypeError('url must be a redis:// or rediss:// URL.');
  }
  const connection =
    client !== undefined
      ? borrowedConnection(client, commandTimeoutMs)
      : ownedConnection(url!, commandTimeoutMs);
  const prefix = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}limit:`;
  return {
    async hit(key, windowMs, now) {
      const start = Math.floor(now / windowMs) * windowMs;
      const count = await runScript(
        await connection.ready(),
        RATE_LIMIT_HIT,
        [`${prefix}${start}:${key}`],
        [String(windowMs)],
      );
      return { count: Number(count), resetAt: start + windowMs };
    },
    close: connection.close,
  };
}
