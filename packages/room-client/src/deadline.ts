import { RoomClientError, toRoomClientError } from './errors.js';

/** The error of an expired deadline. */
export function timeoutError(what: string, ms: number): RoomClientError {
  return new RoomClientError('timeout', `${what}: no answer in ${ms} ms (see timeouts)`);
}

/**
 * Settles like `promise`, or rejects with a `timeout` RoomClientError after `ms` milliseconds.
 *
 * @param promise - what to wait for
 * @param ms - the deadline
 * @param what - what was waited for, for the message
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(what, ms)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Calls an OpenTok callback-style method and turns the callback into a promise that rejects with a
 * RoomClientError.
 *
 * @param action - what is attempted, for the error message
 * @param call - calls the SDK with the callback
 */
export function fromCallback(
  action: string,
  call: (callback: (error?: unknown) => void) => unknown,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const result = call((error) =>
      error ? reject(toRoomClientError(error, action)) : resolve(),
    ) as Partial<Promise<void>>;
    // The real SDK also returns a promise that rejects with the same error: keep it handled.
    result?.catch?.(() => {});
  });
}
