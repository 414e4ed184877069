import { invalidArgument } from './errors.js';
import type { ExpireIdleRoomsOptions, IdleExpiryOptions } from './room-server-types.js';

/**
 * Runs an idle-room sweep every `everyMs`, one at a time (a slow sweep is never overlapped).
 *
 * @param expire - the sweep (`expireIdleRooms`)
 * @param options - the idle limits and the period
 * @returns a function that stops the timer and waits for a sweep in progress
 * @throws RoomError `invalid_argument` for a bad period or limit
 */
export function startIdleExpiry(
  expire: (options: ExpireIdleRoomsOptions) => Promise<string[]>,
  options: IdleExpiryOptions,
): () => Promise<void> {
  const { idleForMs, unusedForMs = idleForMs } = options;
  if (!Number.isFinite(idleForMs) || idleForMs <= 0) {
    throw invalidArgument('idleExpiry.idleForMs', 'idleForMs must be a positive number of ms.');
  }
  const everyMs =
    options.everyMs ?? Math.min(60_000, Math.max(1000, Math.min(idleForMs, unusedForMs) / 4));
  if (!Number.isFinite(everyMs) || everyMs < 10) {
    throw invalidArgument('idleExpiry.everyMs', 'everyMs must be at least 10 ms.');
  }
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = expire({ idleForMs, unusedForMs })
      .then(
        (names) => {
          if (names.length > 0) options.onExpired?.(names);
        },
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  // The sweep never keeps a process alive on its own.
  timer.unref?.();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
