import { describe, expect, it } from 'vitest';
import { memoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { createRequestLimits } from './request-limits.js';

/** Counts `checks` of one kind until the first rate_limited: how many passed. */
async function passes(check: () => Promise<void>, tries = 100): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const error = await check().catch((e: unknown) => e);
    if (error !== undefined) {
      expect(error).toMatchObject({ code: 'rate_limited' });
      return i;
    }
  }
  return tries;
}

describe('createRequestLimits', () => {
  it("a client keyed '*' (no remote address known) gets its own creations, apart from the server's", async () => {
    const limits = createRequestLimits({ creationsPerMinute: 10, serverCreationsPerMinute: 300 });
    // Before, `create:*` was also the server-wide counter: every creation counted twice, so 5.
    expect(await passes(() => limits.creation('*'))).toBe(10);
  });

  it('the server counter counts every client, and is no client', async () => {
    const limits = createRequestLimits({ creationsPerMinute: 3, serverCreationsPerMinute: 5 });
    let passed = 0;
    for (const client of ['a', 'b', 'server', 'create', '*', 'server:create']) {
      passed += await passes(() => limits.creation(client), 1);
    }
    expect(passed).toBe(5);
  });

  it('client and server counters live in separate namespaces of the store', async () => {
    const keys = new Set<string>();
    const inner = memoryRateLimitStore();
    const store: RateLimitStore = {
      hit: (key, windowMs, now) => {
        keys.add(key);
        return inner.hit(key, windowMs, now);
      },
    };
    const limits = createRequestLimits({ store });
    for (const client of ['*', 'server:create', '203.0.113.7']) {
      await limits.join(client);
      await limits.creation(client);
    }
    expect([...keys].sort()).toEqual([
      'client:create:*',
      'client:create:203.0.113.7',
      'client:create:server:create',
      'client:join:*',
      'client:join:203.0.113.7',
      'client:join:server:create',
      'server:create',
    ]);
  });
});

describe('a failing rate-limit store', () => {
  it('refuses the request with store_unavailable (503), the cause kept: limits fail closed', async () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:6390');
    const limits = createRequestLimits({ store: { hit: () => Promise.reject(cause) } });
    await expect(limits.join('203.0.113.7')).rejects.toMatchObject({
      code: 'store_unavailable',
      cause,
    });
    await expect(limits.creation('203.0.113.7')).rejects.toMatchObject({
      code: 'store_unavailable',
    });
  });
});
