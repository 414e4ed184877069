import { RoomClientError } from './errors.js';
import { loadOT } from './load-ot.js';
import type { OTLike } from './ot-types.js';

/**
 * The SDK when `options.OT` is absent: imported lazily. An `OT` key that is present but undefined
 * (`OT: window.OT` before the emulator's `ot.js` loaded) is an error, never a silent switch to the
 * real SDK: the page meant another one.
 */
export function loadMissingOT(options: { OT?: OTLike }): Promise<OTLike> {
  if ('OT' in options) {
    return Promise.reject(
      new RoomClientError(
        'sdk_load_failed',
        'options.OT is undefined: the SDK it names did not load (for the emulator\'s <script src=".../ot.js">: is the emulator running at that address?). Not falling back to @opentok/client; leave OT out to load it.',
      ),
    );
  }
  return loadOT();
}
