import { RoomClientError } from './errors.js';
import type { OTLike } from './ot-types.js';

type SdkModule = { default?: OTLike };

/**
 * Loads the browser SDK on first use: `@vonage/client-sdk-video`, or `@opentok/client` (the same SDK
 * under its old name), whichever is installed. Both are optional peers, so Vite builds an app that
 * has only one of them: it turns the import of the absent one into a module that throws when loaded,
 * which is caught here. The SDK touches `window`, `self` and `document` as soon as it is evaluated,
 * so it must never be imported at module top level (it would break server rendering).
 * A `refusal` (`OT: undefined` was passed: a script that did not load) fails instead of importing.
 */
export async function loadOT(refusal?: string | false): Promise<OTLike> {
  if (refusal) throw new RoomClientError('sdk_load_failed', refusal);
  let module: SdkModule;
  try {
    module = await import('@vonage/client-sdk-video');
  } catch (vonageError) {
    try {
      module = await import('@opentok/client');
    } catch (error) {
      throw new RoomClientError(
        'sdk_load_failed',
        `cannot load the browser SDK: install @vonage/client-sdk-video or @opentok/client, or pass options.OT (${error})`,
        { cause: new AggregateError([vonageError, error], 'neither SDK package could be loaded') },
      );
    }
  }
  return module.default ?? (module as OTLike);
}
