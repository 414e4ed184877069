import { memoryRateLimitStore, type RateLimitStore } from '../../src/limits/rate-limit-store.js';

/**
 * A memory rate-limit store whose clock stands at the moment it was made, so every hit falls in
 * one window. The limits count in fixed windows aligned to the clock's minutes: a test that
 * counts a few requests against a limit would otherwise fail whenever a minute boundary falls
 * between them (the count starts again). The Retry-After it leads to is still a whole number of
 * seconds (at least 1), as with the real clock.
 *
 * @returns the store, for `limits.store`
 */
export function stillClockLimitStore(): RateLimitStore {
  const store = memoryRateLimitStore();
  const at = Date.now();
  return { hit: (key, windowMs) => store.hit(key, windowMs, at) };
}
