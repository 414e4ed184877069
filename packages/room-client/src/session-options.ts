import { RoomClientError } from './errors.js';
import type { OTSessionOptions } from './ot-types.js';

// The `OT.initSession` options a room passes through. Not `connectionEventsSuppressed`: the
// room's participants come from its connection events.
const KNOWN = ['singlePeerConnection', 'iceConfig', 'ipWhitelist', 'encryptionSecret'];

/**
 * Checks `options.sessionOptions` when the client is made, so a misspelt option fails at once
 * rather than being silently ignored by the SDK (their types are the compiler's job).
 *
 * @param options - The session options, if any.
 * @throws RoomClientError `invalid_argument` naming the option.
 */
export function checkSessionOptions(options: OTSessionOptions | undefined): void {
  for (const key in options) {
    if (!KNOWN.includes(key)) {
      throw new RoomClientError('invalid_argument', `sessionOptions.${key}: not one of ${KNOWN}`);
    }
  }
}
