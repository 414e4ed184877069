import {
  FakeConnection,
  type FakeConnectionRef,
  type FakeOTError,
  fakeOTError,
} from './fake-objects.js';

/** What `session.signal()` takes. */
export interface FakeSignalOptions {
  /** The type: 1 to 128 characters of letters, digits, `-`, `.`, `_` and `~`. */
  type?: string;
  /** The payload: at most 8192 characters once JSON-encoded. */
  data?: string;
  /** One recipient (a Connection); everyone when absent. */
  to?: FakeConnectionRef;
  /** Whether to resend after a reconnection (default true). */
  retryAfterReconnect?: boolean;
}

const SIGNAL_TYPE = /^[a-zA-Z0-9\-._~]+$/;

/**
 * The SDK's own validation of a signal (`Signal` in @opentok/client): data first, then `to`, then
 * type; a key that is present with an undefined value is invalid. Codes 400/413 are reported as
 * `OT_INVALID_PARAMETER`, like the SDK's `getErrorNameFromCode`.
 *
 * @returns the error, or undefined when the signal is valid
 */
export function checkFakeSignal(signal: FakeSignalOptions): FakeOTError | undefined {
  const has = (key: string) => Object.hasOwn(signal, key);
  const invalid = (message: string, code = 400) =>
    fakeOTError('OT_INVALID_PARAMETER', message, code);
  const { type, data, to } = signal;
  if (has('data')) {
    if (data === undefined || data === null)
      return invalid('The signal data was null or undefined');
    if (JSON.stringify(data).length > 8192) {
      return invalid('The data field was too long, the maximum size of it is 8192 characters', 413);
    }
  }
  if (has('to') && !(to instanceof FakeConnection)) return invalid('The To field was invalid');
  if (has('type')) {
    if (type === undefined || type === null)
      return invalid('The signal type was null or undefined');
    if (type.length > 128) {
      return invalid(
        'The signal type was too long, the maximum length of it is 128 characters',
        413,
      );
    }
    if (!SIGNAL_TYPE.test(type)) {
      return invalid(
        "The signal type was invalid, it can only contain letters, numbers, '-', '_', and '~'.",
      );
    }
  }
  return undefined;
}
