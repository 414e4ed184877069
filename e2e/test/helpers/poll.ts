/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until `done` holds for its value, or fails saying what it last saw.
 *
 * @param read - reads the current value
 * @param done - whether the value is the one waited for
 * @param what - what is waited for, for the error
 * @param timeoutMs - how long to wait (default 30 s)
 * @param everyMs - how often to read (default 200 ms)
 * @returns the value that satisfied `done`
 */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(everyMs);
  }
}
