import { invalidArgument, isRoomError, RoomError } from '../errors.js';
import { memoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';

/** Limits of the HTTP handler, per client and for the whole server. */
export interface RequestLimitsOptions {
  /** Joins per client per minute (any room). Default 300. `0` turns the limit off. */
  joinsPerMinute?: number;
  /** Room creations per client per minute (`POST /rooms` and joins that create). Default 10. */
  creationsPerMinute?: number;
  /** Room creations per minute for the whole server, every client together. Default 300. */
  serverCreationsPerMinute?: number;
  /**
   * Where hits are counted. Default `memoryRateLimitStore()` (one process); share one across
   * processes, e.g. `redisRateLimitStore` from `@opentok-rooms/room-store-redis`.
   */
  store?: RateLimitStore;
}

/**
 * The limits as checks; each throws RoomError `rate_limited` with `retryAfterSeconds`, or
 * `store_unavailable` when the counters' store fails (the request is refused: limits fail closed).
 */
export interface RequestLimits {
  join(clientKey: string): Promise<void>;
  creation(clientKey: string): Promise<void>;
}

const MINUTE = 60_000;

/**
 * @param options - the limits (undefined: the defaults; `false`: none)
 * @param now - the clock (tests)
 * @returns the checks
 * @throws RoomError `invalid_argument` for a limit that is not a non-negative integer
 */
export function createRequestLimits(
  options: RequestLimitsOptions | false | undefined,
  now: () => number = Date.now,
): RequestLimits {
  if (options === false) return { join: async () => {}, creation: async () => {} };
  const joins = limit(options?.joinsPerMinute, 300, 'joinsPerMinute');
  const creations = limit(options?.creationsPerMinute, 10, 'creationsPerMinute');
  const serverCreations = limit(options?.serverCreationsPerMinute, 300, 'serverCreationsPerMinute');
  const store = options?.store ?? memoryRateLimitStore();

  async function check(key: string, max: number, what: string): Promise<void> {
    if (max === 0) return;
    let hit: { count: number; resetAt: number };
    try {
      hit = await store.hit(key, MINUTE, now());
    } catch (error) {
      // Fail closed, and say why: the request is refused as the room store's failures are (503).
      throw isRoomError(error)
        ? error
        : new RoomError('store_unavailable', 'The rate-limit store failed.', { cause: error });
    }
    const { count, resetAt } = hit;
    if (count > max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - now()) / 1000));
      throw new RoomError(
        'rate_limited',
        `Too many ${what} (at most ${max} a minute); retry in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
    }
  }

  // Two namespaces: a client's counters (`client:`, whatever the key is, even the `*` of a handler
  // that knows no remote address) never share a name with the server's (`server:`).
  return {
    join: (clientKey) => check(`client:join:${clientKey}`, joins, 'joins from this client'),
    async creation(clientKey) {
      await check(`client:create:${clientKey}`, creations, 'rooms created by this client');
      await check('server:create', serverCreations, 'rooms created on this server');
    },
  };
}

function limit(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw invalidArgument(field, `${field} must be a non-negative integer (0: no limit).`);
  }
  return value;
}
