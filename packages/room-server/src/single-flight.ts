/** What a caller of a single-flight task gets: the shared value, and whether it started the task. */
export interface FlightResult<T> {
  value: T;
  leader: boolean;
}

/**
 * Runs at most one task per key at a time: callers that arrive while a task for their key runs share
 * its result instead of starting another.
 *
 * @returns a function `run(key, task)`
 */
export function createSingleFlight<T>(): (
  key: string,
  task: () => Promise<T>,
) => Promise<FlightResult<T>> {
  const inFlight = new Map<string, Promise<T>>();
  return async (key, task) => {
    const running = inFlight.get(key);
    if (running) return { value: await running, leader: false };
    const started = (async () => {
      try {
        return await task();
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, started);
    return { value: await started, leader: true };
  };
}
