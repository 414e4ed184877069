import { RoomClientError } from './errors.js';
import type { OTSignalOptions } from './ot-types.js';

/** The longest signal type OpenTok accepts, in characters. */
export const MAX_SIGNAL_TYPE_LENGTH = 128;
/** The longest signal payload OpenTok accepts, in characters of its JSON encoding. */
export const MAX_SIGNAL_DATA_LENGTH = 8192;

/**
 * Checks a signal against OpenTok's own limits (the same rules as `@opentok/client`), so the error
 * is clear and immediate instead of an `OT_INVALID_PARAMETER` from the SDK.
 *
 * @returns the options to pass to `session.signal`, with absent keys left out (OpenTok rejects a
 *   key set to undefined)
 */
export function checkSignal(type: string | undefined, data: string | undefined): OTSignalOptions {
  const signal: OTSignalOptions = {};
  if (type) {
    if (type.length > MAX_SIGNAL_TYPE_LENGTH || !/^[\w.~-]+$/.test(type)) {
      throw new RoomClientError(
        'invalid_argument',
        `signal type: 1 to ${MAX_SIGNAL_TYPE_LENGTH} of A-Z a-z 0-9 - _ ~ .`,
      );
    }
    signal.type = type;
  }
  if (data !== undefined) {
    const length = JSON.stringify(data).length;
    if (length > MAX_SIGNAL_DATA_LENGTH) {
      throw new RoomClientError(
        'invalid_argument',
        `signal data: over ${MAX_SIGNAL_DATA_LENGTH} characters once JSON-encoded`,
      );
    }
    signal.data = data;
  }
  return signal;
}
