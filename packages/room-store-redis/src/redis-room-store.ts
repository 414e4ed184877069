import type {
  InsertRoomResult,
  ListRoomsOptions,
  PresenceChange,
  RoomMetadata,
  RoomPage,
  RoomRecord,
  RoomStore,
  SessionPresence,
} from '@opentok-rooms/room-server';
import {
  DELETE_ROOM,
  INSERT_IF_ABSENT,
  RECORD_PRESENCE,
  runScript,
  SET_METADATA,
} from './lua-scripts.js';
import { decodePresence, encodePresenceDetails } from './presence-codec.js';
import { redisRecordingMethods } from './recording-store.js';
import { borrowedConnection, ownedConnection, type RedisConnection } from './redis-connection.js';
import { presenceField, redisKeys } from './redis-keys.js';
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_KEY_PREFIX,
  DEFAULT_ORPHAN_PRESENCE_TTL_MS,
  type RedisRoomStoreOptions,
} from './redis-room-store-options.js';
import { decodeRoom, encodeRoom } from './room-codec.js';

/** How often `delete` re-reads a room that was re-created under it before giving up. */
const DELETE_ATTEMPTS = 5;

/**
 * A {@link RoomStore} in Redis, shared by every server process that uses the same Redis and key
 * prefix. Insert-if-absent, delete and presence changes are atomic Lua scripts.
 *
 * @param options - a client or a URL, the key prefix, the deadline
 * @returns the store; `close()` quits the client only when the store created it
 * @throws TypeError unless exactly one of `client` and `url` is given, or for a bad option
 * @example
 * ```ts
 * import { createRoomServer } from '@opentok-rooms/room-server';
 * import { redisRoomStore } from '@opentok-rooms/room-store-redis';
 *
 * const rooms = createRoomServer({
 *   apiKey,
 *   apiSecret,
 *   store: redisRoomStore({ url: process.env.REDIS_URL! }),
 * });
 * ```
 */
export function redisRoomStore(options: RedisRoomStoreOptions): RoomStore {
  const connection = connect(options);
  const orphanTtlMs = orphanPresenceTtl(options.orphanPresenceTtlMs);
  const keys = redisKeys(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
  const redis = connection.ready;

  return {
    async insertIfAbsent(room: RoomRecord): Promise<InsertRoomResult> {
      const reply = await runScript(
        await redis(),
        INSERT_IF_ABSENT,
        [keys.room(room.name), keys.names, keys.sessions, keys.presence(room.sessionId)],
        [room.name, ...encodeRoom(room)],
      );
      if (Array.isArray(reply)) {
        const existing = decodeRoom(room.name, reply);
        if (existing) return { room: existing, inserted: false };
      }
      return { room: structuredClone(room), inserted: true };
    },
    async get(name) {
      return decodeRoom(name, await (await redis()).hgetall(keys.room(name)));
    },
    async delete(name) {
      const client = await redis();
      for (let attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
        const sessionId = await client.hget(keys.room(name), 'sessionId');
        if (sessionId === null) return false;
        const reply = await runScript(
          client,
          DELETE_ROOM,
          [keys.room(name), keys.names, keys.presence(sessionId), keys.sessions],
          [name, sessionId],
        );
        if (reply === 1) await client.del(keys.archives(sessionId));
        if (reply !== -1) return reply === 1;
      }
      throw new Error(`Room "${name}" kept changing while it was being deleted; try again.`);
    },
    async countRooms() {
      return (await redis()).zcard(keys.names);
    },
    async list({ limit, cursor }: ListRoomsOptions): Promise<RoomPage> {
      const client = await redis();
      const names = await client.zrangebylex(
        keys.names,
        cursor === undefined ? '-' : `(${cursor}`,
        '+',
        'LIMIT',
        0,
        limit + 1,
      );
      const pageNames = names.slice(0, limit);
      const pipeline = client.pipeline();
      for (const name of pageNames) pipeline.hgetall(keys.room(name));
      const replies = pageNames.length === 0 ? [] : ((await pipeline.exec()) ?? []);
      const rooms: RoomRecord[] = [];
      replies.forEach(([error, hash], i) => {
        if (error) throw error;
        // A room deleted since the range was read is simply left out.
        const room = decodeRoom(pageNames[i]!, hash as Record<string, string>);
        if (room) rooms.push(room);
      });
      const last = pageNames[pageNames.length - 1];
      return names.length > limit && last !== undefined ? { rooms, nextCursor: last } : { rooms };
    },
    async setMetadata(name: string, metadata: RoomMetadata) {
      const reply = await runScript(
        await redis(),
        SET_METADATA,
        [keys.room(name)],
        [JSON.stringify(metadata)],
      );
      return Array.isArray(reply) ? decodeRoom(name, reply) : undefined;
    },
    async recordPresence(sessionId: string, change: PresenceChange) {
      await runScript(
        await redis(),
        RECORD_PRESENCE,
        [keys.presence(sessionId), keys.sessions],
        [
          presenceField(change.kind, change.id),
          change.change === 'destroyed' ? '1' : '0',
          String(change.at),
          encodePresenceDetails(change),
          sessionId,
          orphanTtlMs,
        ],
      );
    },
    async getPresence(sessionId): Promise<SessionPresence> {
      return decodePresence(await (await redis()).hgetall(keys.presence(sessionId)));
    },
    ...redisRecordingMethods(redis, keys.archives),
    close: connection.close,
  };
}

function orphanPresenceTtl(value: number | undefined): number {
  const ttl = value ?? DEFAULT_ORPHAN_PRESENCE_TTL_MS;
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new TypeError('orphanPresenceTtlMs must be a positive integer (milliseconds).');
  }
  return ttl;
}

function connect(options: RedisRoomStoreOptions): RedisConnection {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('redisRoomStore needs { client } or { url }.');
  }
  const { client, url, keyPrefix, commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS } = options;
  if ((client === undefined) === (url === undefined)) {
    throw new TypeError(
      'redisRoomStore needs exactly one of { client } (an ioredis client you own) or { url }.',
    );
  }
  if (keyPrefix !== undefined && typeof keyPrefix !== 'string') {
    throw new TypeError('keyPrefix must be a string.');
  }
  if (!Number.isInteger(commandTimeoutMs) || commandTimeoutMs <= 0) {
    throw new TypeError('commandTimeoutMs must be a positive integer.');
  }
  if (client !== undefined) return borrowedConnection(client, commandTimeoutMs);
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new TypeError('url must be a redis:// or rediss:// URL.');
  }
  return ownedConnection(url, commandTimeoutMs);
}
