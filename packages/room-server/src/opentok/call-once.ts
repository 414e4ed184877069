import { RoomError } from '../errors.js';

/**
 * Turns one callback-style call into a promise that settles exactly once: the first callback wins
 * (the SDK can call back twice, feeding a throw from the first call into a second), a synchronous
 * throw rejects, and a call that never calls back rejects with `timeout` after `timeoutMs`.
 *
 * @param what - what is being called, for the timeout message
 * @param timeoutMs - the deadline
 * @param invoke - starts the call with the callback to use
 * @returns the value the callback delivered first
 */
export function callOnce<T>(
  what: string,
  timeoutMs: number,
  invoke: (callback: (error: unknown, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settle(() =>
        reject(new RoomError('timeout', `${what} did not answer within ${timeoutMs} ms.`)),
      );
    }, timeoutMs);
    function settle(action: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    }
    try {
      invoke((error, value) => {
        settle(() => (error ? reject(error) : resolve(value as T)));
      });
    } catch (error) {
      settle(() => reject(error));
    }
  });
}
