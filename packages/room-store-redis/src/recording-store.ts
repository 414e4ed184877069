import {
  type ArchiveStatusChange,
  archiveStatusRank,
  type RoomRecording,
  type RoomStore,
  recordingOf,
  type StoredArchiveState,
} from '@opentok-rooms/room-server';
import type { Redis } from 'ioredis';
import { type LuaScript, runScript, script } from './lua-scripts.js';

/**
 * KEYS: the session's archive hash. ARGV: archive id, rank, at, encoded state.
 * Stores the state unless the stored one is further along (higher rank) or, at the same rank, as
 * recent or more: one atomic step, so repeated and reordered callbacks are harmless.
 */
export const RECORD_ARCHIVE_STATUS: LuaScript = script(`
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local rank, at = string.match(old, '^(%d+):(%d+):')
  rank = tonumber(rank)
  at = tonumber(at)
  local newRank = tonumber(ARGV[2])
  if newRank < rank or (newRank == rank and tonumber(ARGV[3]) <= at) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return 1
`);

function encode(change: ArchiveStatusChange): string {
  const state: StoredArchiveState = { ...change };
  return `${archiveStatusRank(change.status)}:${Math.floor(change.at)}:${JSON.stringify(state)}`;
}

function decode(value: string): StoredArchiveState | undefined {
  const json = value.replace(/^\d+:\d+:/, '');
  try {
    return JSON.parse(json) as StoredArchiveState;
  } catch {
    return undefined;
  }
}

/**
 * The recording-state part of the Redis store: one hash per session, field = archive id.
 *
 * @param redis - resolves the connected client
 * @param key - the archive hash key of a session
 * @returns the two RoomStore methods
 */
export function redisRecordingMethods(
  redis: () => Promise<Redis>,
  key: (sessionId: string) => string,
): Pick<RoomStore, 'recordArchiveStatus' | 'getRecording'> {
  return {
    async recordArchiveStatus(sessionId, change) {
      await runScript(
        await redis(),
        RECORD_ARCHIVE_STATUS,
        [key(sessionId)],
        [change.archiveId, archiveStatusRank(change.status), Math.floor(change.at), encode(change)],
      );
    },
    async getRecording(sessionId): Promise<RoomRecording> {
      const hash = await (await redis()).hgetall(key(sessionId));
      const states = Object.values(hash)
        .map(decode)
        .filter((state): state is StoredArchiveState => state !== undefined);
      return recordingOf(states);
    },
  };
}
