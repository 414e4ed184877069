/**
 * An error of the emulated browser SDK, shaped like `@opentok/client`'s `OTError`: identify it by
 * `name` (`OT_...`); `code` is the deprecated numeric code, not unique per name.
 */
export interface OTError extends Error {
  /** `OT_...` error name, e.g. `OT_AUTHENTICATION_ERROR`. */
  name: string;
  /** What went wrong. */
  message: string;
  /** The deprecated numeric code the real SDK gives for the same failure. */
  code: number;
}

/**
 * Creates an {@link OTError}.
 *
 * @param name - `OT_...` name.
 * @param code - Numeric code.
 * @param message - What went wrong.
 * @returns The error.
 * @internal
 */
export function otError(name: string, code: number, message: string): OTError {
  const error = new Error(message) as OTError;
  error.name = name;
  error.code = code;
  return error;
}

/**
 * Calls a user callback without letting its exception escape (logged instead).
 *
 * @param callback - The user's callback, if any.
 * @param args - Its arguments.
 * @internal
 */
export function callUser<A extends unknown[]>(
  callback: ((...args: A) => void) | undefined,
  ...args: A
): void {
  if (typeof callback !== 'function') return;
  try {
    callback(...args);
  } catch (error) {
    console.error('OT: an error was thrown inside a completion handler:', error);
  }
}
