import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use. */
export const REDIS_URL: string = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** How to get a Redis for the tests. */
export const START_REDIS =
  'Start one with `redis-server` (or `docker run -p 6379:6379 redis:7`), or set REDIS_URL.';

/**
 * @param url - a Redis URL
 * @returns undefined when a PING is answered, else what went wrong
 */
export async function redisProblem(url: string): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let reason: unknown;
  client.on('error', (error) => {
    reason ??= error;
  });
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    const cause = reason ?? error;
    return `${url}: ${cause instanceof Error ? cause.message : String(cause)}`;
  } finally {
    client.disconnect();
  }
}

/** @returns a key prefix no other test uses */
export function uniquePrefix(): string {
  return `test:${randomUUID()}:`;
}

/**
 * Deletes every key under the prefixes.
 *
 * @param client - a connected client
 * @param prefixes - key prefixes used by tests
 */
export async function deleteKeys(client: Redis, prefixes: readonly string[]): Promise<void> {
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}
