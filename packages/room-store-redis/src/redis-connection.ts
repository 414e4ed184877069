import { Redis } from 'ioredis';

/** The client a store talks through, and whether the store owns it. */
export interface RedisConnection {
  /** Resolves to the client once it can take a command, or throws within the deadline. */
  ready(): Promise<Redis>;
  /** Quits the client when the store created it; leaves a user's client alone. */
  close(): Promise<void>;
}

/**
 * Creates a client for a URL, tuned to fail fast: no offline queue, one retry per request, a connect
 * and command deadline, and reconnection every 0.1–1 s so service comes back by itself. Calls wait
 * for the first connection (up to the deadline); once it has been lost they fail at once until the
 * client has reconnected, instead of piling up behind a Redis that is down.
 *
 * @param url - the Redis URL
 * @param timeoutMs - the connect and command deadline, and the wait for the first connection
 * @returns a connection that owns its client
 */
export function ownedConnection(url: string, timeoutMs: number): RedisConnection {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  let lastError: unknown;
  // Without a listener ioredis prints every failed reconnect; the error reaches callers as `cause`.
  const onError = (error: unknown): void => {
    lastError = error;
  };
  client.on('error', onError);
  let connectedOnce = false;
  const onFirstReady = (): void => {
    connectedOnce = true;
  };
  client.once('ready', onFirstReady);
  let closed = false;
  const whenReady = readiness(client, timeoutMs, () => lastError);
  return {
    ready: () => {
      if (closed) return Promise.reject(new Error('The Redis room store is closed.'));
      if (connectedOnce && client.status !== 'ready') {
        return Promise.reject(
          new Error(`Redis is not reachable (connection ${client.status}).`, { cause: lastError }),
        );
      }
      return whenReady();
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (client.status === 'ready') await client.quit();
        else client.disconnect();
      } catch {
        client.disconnect();
      } finally {
        client.off('ready', onFirstReady);
        client.off('error', onError);
      }
    },
  };
}

/**
 * Uses a client the user owns. Calls wait for it to be ready only when it cannot queue commands
 * itself (offline queue off).
 *
 * @param client - the user's client
 * @param timeoutMs - how long a call waits for the connection
 * @returns a connection that never closes the client
 */
export function borrowedConnection(client: Redis, timeoutMs: number): RedisConnection {
  const whenReady = readiness(client, timeoutMs, () => undefined);
  return {
    ready: () =>
      client.options.enableOfflineQueue === false ? whenReady() : Promise.resolve(client),
    close: async () => {},
  };
}

/**
 * @returns a function that resolves once the client can take a command, or rejects after
 *   `timeoutMs`; calls made while it waits share one wait (and one pair of listeners)
 */
function readiness(client: Redis, timeoutMs: number, cause: () => unknown): () => Promise<Redis> {
  let waiting: Promise<Redis> | undefined;
  return () => {
    if (client.status === 'ready') return Promise.resolve(client);
    if (client.status === 'end') {
      return Promise.reject(new Error('The Redis connection was closed.'));
    }
    waiting ??= waitForReady(client, timeoutMs, cause).finally(() => {
      waiting = undefined;
    });
    return waiting;
  };
}

function waitForReady(client: Redis, timeoutMs: number, cause: () => unknown): Promise<Redis> {
  // A lazy client connects on first use; a failed attempt goes on reconnecting by itself.
  if (client.status === 'wait') client.connect().catch(() => {});
  return new Promise<Redis>((resolve, reject) => {
    const onReady = (): void => {
      cleanup();
      resolve(client);
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error('The Redis connection was closed.'));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(`Redis is not reachable: no connection within ${timeoutMs} ms.`, {
          cause: cause(),
        }),
      );
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
    }
    client.on('ready', onReady);
    client.on('end', onEnd);
  });
}
