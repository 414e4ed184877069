import { sampleRoom } from '@opentok-rooms/room-server/testing';
import { requireServer } from '@opentok-rooms/store-testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisRoomStore } from '../src/index.js';
import { deleteKeys, REDIS_URL, redisProblem, START_REDIS, uniquePrefix } from './support/redis.js';

describe('redisRoomStore options', () => {
  it('needs exactly one of client and url', () => {
    expect(() => redisRoomStore({})).toThrow(TypeError);
    expect(() =>
      redisRoomStore({ url: REDIS_URL, client: new Redis({ lazyConnect: true }) }),
    ).toThrow(/exactly one/);
    expect(() => redisRoomStore(undefined as never)).toThrow(TypeError);
  });
  it('rejects a URL that is not redis:// and a bad deadline', () => {
    expect(() => redisRoomStore({ url: 'http://127.0.0.1:6379' })).toThrow(/redis:\/\//);
    expect(() => redisRoomStore({ url: REDIS_URL, commandTimeoutMs: 0 })).toThrow(/positive/);
  });
  it('rejects an orphan presence TTL that is not a positive integer', () => {
    for (const orphanPresenceTtlMs of [0, -1, 1.5, Number.NaN]) {
      expect(() => redisRoomStore({ url: REDIS_URL, orphanPresenceTtlMs })).toThrow(
        /orphanPresenceTtlMs/,
      );
    }
  });
  it('fails within its deadline when nothing listens at the URL', async () => {
    const store = redisRoomStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 300 });
    const started = performance.now();
    await expect(store.get('alpha')).rejects.toThrow(/not reachable/);
    expect(performance.now() - started).toBeLessThan(1500);
    await store.close?.();
    await expect(store.get('alpha')).rejects.toThrow(/closed/);
  });
});

const available = requireServer('Redis', await redisProblem(REDIS_URL), START_REDIS);

describe.skipIf(!available)('redisRoomStore on Redis', () => {
  const client = new Redis(REDIS_URL, { lazyConnect: true });
  const prefixes: string[] = [];
  const prefix = (): string => {
    const keyPrefix = uniquePrefix();
    prefixes.push(keyPrefix);
    return keyPrefix;
  };
  afterAll(async () => {
    await deleteKeys(client, prefixes);
    await client.quit();
  });
  async function clientAddresses(): Promise<Set<string>> {
    const list = (await client.client('LIST')) as string;
    return new Set(list.split('\n').flatMap((line) => line.match(/ addr=(\S+)/)?.[1] ?? []));
  }

  it('keeps the key layout the README documents', async () => {
    const keyPrefix = prefix();
    const store = redisRoomStore({ client, keyPrefix });
    await store.insertIfAbsent(sampleRoom('alpha', { sessionId: '1_s', metadata: { a: 1 } }));
    await store.recordPresence('1_s', { kind: 'connection', id: 'c1', change: 'created', at: 5 });
    await store.recordPresence('1_s', { kind: 'stream', id: 's1', change: 'destroyed', at: 7 });
    expect(await client.hgetall(`${keyPrefix}room:alpha`)).toEqual({
      sessionId: '1_s',
      sessionOptions: JSON.stringify(sampleRoom('alpha').sessionOptions),
      metadata: '{"a":1}',
      createdAt: sampleRoom('alpha').createdAt,
    });
    expect(await client.zrange(`${keyPrefix}names`, '0', '-1')).toEqual(['alpha']);
    expect(await client.smembers(`${keyPrefix}sessions`)).toEqual(['1_s']);
    expect(await client.hgetall(`${keyPrefix}presence:1_s`)).toEqual({
      '@last': '7',
      'c:c1': '{"createdAt":5}',
      's:s1': '~',
    });
    // A room's presence never expires by itself.
    expect(await client.pttl(`${keyPrefix}presence:1_s`)).toBe(-1);
    expect(await store.delete('alpha')).toBe(true);
    expect(await client.exists(`${keyPrefix}room:alpha`, `${keyPrefix}presence:1_s`)).toBe(0);
    expect(await client.scard(`${keyPrefix}sessions`)).toBe(0);
  });

  it('gives presence of a session without a room a TTL from its latest change (an hour)', async () => {
    const keyPrefix = prefix();
    const store = redisRoomStore({ client, keyPrefix });
    await store.recordPresence('1_x', { kind: 'connection', id: 'c1', change: 'created', at: 5 });
    const ttl = await client.pttl(`${keyPrefix}presence:1_x`);
    expect(ttl).toBeGreaterThan(3_590_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    await store.insertIfAbsent(sampleRoom('late', { sessionId: '1_x' }));
    expect(await client.pttl(`${keyPrefix}presence:1_x`)).toBe(-1);
  });

  it('uses the default prefix when none is given', async () => {
    const store = redisRoomStore({ client });
    const name = `default-prefix-${Date.now()}`;
    await store.insertIfAbsent(sampleRoom(name));
    try {
      expect(await client.exists(`opentok-rooms:room:${name}`)).toBe(1);
    } finally {
      await store.delete(name);
    }
  });

  it('reloads its scripts after the server forgets them', async () => {
    const store = redisRoomStore({ client, keyPrefix: prefix() });
    await store.insertIfAbsent(sampleRoom('alpha'));
    await client.script('FLUSH');
    expect((await store.insertIfAbsent(sampleRoom('beta'))).inserted).toBe(true);
  });

  it('close() never closes a client the user passed in, and quits one it created', async () => {
    const own = new Redis(REDIS_URL);
    const borrowed = redisRoomStore({ client: own, keyPrefix: prefix() });
    await borrowed.get('alpha');
    await borrowed.close?.();
    expect(await own.ping()).toBe('PONG');
    await own.quit();

    const created = redisRoomStore({ url: REDIS_URL, keyPrefix: prefix() });
    const before = await clientAddresses();
    await created.get('alpha');
    const ours = [...(await clientAddresses())].filter((address) => !before.has(address));
    expect(ours.length).toBeGreaterThan(0);
    await created.close?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await clientAddresses();
    expect(ours.filter((address) => after.has(address))).toEqual([]);
  });

  it('a store over a client without an offline queue waits for the connection', async () => {
    const own = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const store = redisRoomStore({ client: own, keyPrefix: prefix() });
    expect(await store.get('alpha')).toBeUndefined();
    own.disconnect();
  });

  it('two stores over one prefix see the same rooms; other prefixes see none', async () => {
    const keyPrefix = prefix();
    const a = redisRoomStore({ client, keyPrefix });
    const b = redisRoomStore({ url: REDIS_URL, keyPrefix });
    const other = redisRoomStore({ client, keyPrefix: prefix() });
    await a.insertIfAbsent(sampleRoom('shared', { sessionId: '1_a' }));
    expect(
      (await b.insertIfAbsent(sampleRoom('shared', { sessionId: '1_b' }))).room.sessionId,
    ).toBe('1_a');
    expect(await other.get('shared')).toBeUndefined();
    await b.close?.();
  });
});
