import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run atomically by Redis, cached on the server by its SHA-1. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/**
 * @param source - the Lua source
 * @returns the script with its SHA-1
 */
export function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * KEYS: room hash, names set, sessions set, presence hash of the room's session. ARGV: name,
 * sessionId, sessionOptions, metadata, createdAt. Answers 1 when it stored the room, or the existing
 * room's fields. Presence recorded before the room existed is the room's now: its TTL goes.
 */
export const INSERT_IF_ABSENT: LuaScript = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('HGETALL', KEYS[1])
end
redis.call('HSET', KEYS[1], 'sessionId', ARGV[2], 'sessionOptions', ARGV[3], 'metadata', ARGV[4], 'createdAt', ARGV[5])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('PERSIST', KEYS[4])
return 1
`);

/** KEYS: room hash. ARGV: metadata. Answers the updated room's fields, or nil when there is none. */
export const SET_METADATA: LuaScript = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
redis.call('HSET', KEYS[1], 'metadata', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`);

/**
 * KEYS: room hash, names set, presence hash of the expected session, sessions set. ARGV: name,
 * expected sessionId.
 * Answers 1 when deleted, 0 when there is no such room, -1 when the room now has another session
 * (deleted and re-created meanwhile: read it again and retry).
 */
export const DELETE_ROOM: LuaScript = script(`
local sessionId = redis.call('HGET', KEYS[1], 'sessionId')
if not sessionId then
  return 0
end
if sessionId ~= ARGV[2] then
  return -1
end
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[2])
return 1
`);

/**
 * KEYS: presence hash, sessions set. ARGV: field, '1' for destroyed or '0' for created, at, details
 * JSON, sessionId, orphan TTL in ms. A destroyed entry becomes a tombstone ('~') for good; a created
 * one is stored only when the field is new, so repeated and late deliveries change nothing. The
 * presence of a session without a room expires that long after its latest change.
 */
export const RECORD_PRESENCE: LuaScript = script(`
local last = tonumber(redis.call('HGET', KEYS[1], '@last'))
if last == nil or tonumber(ARGV[3]) > last then
  redis.call('HSET', KEYS[1], '@last', ARGV[3])
end
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], ARGV[1], '~')
else
  redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[4])
end
if redis.call('SISMEMBER', KEYS[2], ARGV[5]) == 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
return 1
`);

/**
 * Runs a script by its SHA-1, loading it when the server does not have it (first use, or after a
 * restart or `SCRIPT FLUSH`).
 *
 * @param client - the connection
 * @param lua - the script
 * @param keys - the keys it touches
 * @param args - its arguments
 * @returns the script's reply
 */
export async function runScript(
  client: Redis,
  lua: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(lua.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(lua.source, keys.length, ...keys, ...args);
  }
}

/**
 * KEYS: the window's counter. ARGV: the window length in ms. Counts one hit; the counter expires
 * with its window. Answers the count.
 */
export const RATE_LIMIT_HIT: LuaScript = script(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count
`);
