import { invalidArgument } from '../errors.js';

/** What a {@link RateLimitStore} answers for one hit. */
export interface RateLimitHit {
  /** Hits of this key in the current window, this one included. */
  readonly count: number;
  /** When the current window ends, in milliseconds since the epoch. */
  readonly resetAt: number;
}

/**
 * Counts hits per key in fixed windows: `windowMs`-long, aligned to multiples of `windowMs` since
 * the epoch, so every process sharing a store agrees on the window without talking. Implementations
 * must make `hit` atomic across the processes that share them.
 */
export interface RateLimitStore {
  /**
   * Counts one hit of `key` in the window that contains `now`.
   *
   * @param key - who or what is counted, e.g. `client:join:203.0.113.7`
   * @param windowMs - the window length
   * @param now - the current time in milliseconds
   * @returns the hits so far in this window and when it ends
   */
  hit(key: string, windowMs: number, now: number): Promise<RateLimitHit>;
}

/** Options of {@link memoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /**
   * Distinct keys counted per window at most; keys beyond it share one counter (so a flood of
   * addresses cannot grow memory, and is limited as one client). Default 100,000.
   */
  maxKeys?: number;
}

const OVERFLOW_KEY = '\u0000overflow';

/**
 * A {@link RateLimitStore} in this process's memory: right for one process. Memory is bounded by
 * `maxKeys` counters per window length; a window's counters are dropped when the next one starts.
 *
 * @param options - the key bound
 * @returns the store
 */
export function memoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const maxKeys = options.maxKeys ?? 100_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) {
    throw invalidArgument('maxKeys', 'maxKeys must be a positive integer.');
  }
  const windows = new Map<number, { start: number; counts: Map<string, number> }>();
  return {
    async hit(key, windowMs, now) {
      const start = Math.floor(now / windowMs) * windowMs;
      let window = windows.get(windowMs);
      if (!window || window.start !== start) {
        window = { start, counts: new Map() };
        windows.set(windowMs, window);
      }
      const counted = window.counts.has(key) || window.counts.size < maxKeys ? key : OVERFLOW_KEY;
      const count = (window.counts.get(counted) ?? 0) + 1;
      window.counts.set(counted, count);
      return { count, resetAt: start + windowMs };
    },
  };
}
