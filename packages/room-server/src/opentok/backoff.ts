/** How long to wait before retry number `attempt` (0-based). */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A random number in [0, 1); `Math.random` unless a test fixes it. */
  random: () => number;
}

/**
 * Exponential backoff with full jitter: a random delay between 0 and min(max, base × 2^attempt), so
 * servers retrying after one outage do not all come back at the same moment.
 *
 * @param attempt - 0 for the first retry
 * @param options - base and cap of the delay, and the random source
 * @returns the delay in milliseconds
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(options.random() * cap);
}
