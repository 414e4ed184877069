import type { Redis } from 'ioredis';

/** Options of {@link redisRoomStore}: give exactly one of `client` and `url`. */
export interface RedisRoomStoreOptions {
  /** An ioredis client you own: the store uses it and never closes it. */
  client?: Redis;
  /**
   * A `redis://` or `rediss://` URL: the store creates a client that fails fast while Redis is
   * down, and `close()` quits it.
   */
  url?: string;
  /** Put before every key, so several apps or tests can share a database. Default `'opentok-rooms:'`. */
  keyPrefix?: string;
  /**
   * For clients the store creates: the connect and command deadline (calls wait this long for the
   * first connection; once it is lost they fail at once until Redis is back). Default 2000 ms.
   */
  commandTimeoutMs?: number;
  /**
   * How long the presence of a session that has no room in this store (webhooks of another app's
   * sessions, late ones of a deleted room) is kept after its latest change; Redis then expires it.
   * Default 3,600,000 (an hour).
   */
  orphanPresenceTtlMs?: number;
}

/** The default {@link RedisRoomStoreOptions.keyPrefix}. */
export const DEFAULT_KEY_PREFIX = 'opentok-rooms:';

/** The default {@link RedisRoomStoreOptions.commandTimeoutMs}. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

/** The default {@link RedisRoomStoreOptions.orphanPresenceTtlMs}: an hour. */
export const DEFAULT_ORPHAN_PRESENCE_TTL_MS = 3_600_000;
