import { RoomClientError } from './errors.js';
import type { OTLike } from './ot-types.js';

/**
 * Loads `@opentok/client` on first use. It touches `window`, `self` and `document` as soon as it is
 * evaluated, so it must never be imported at module top level (it would break server rendering).
 * A `refusal` fails the load with that reason instead of importing.
 */
export async function loadOT(refusal?: string | false): Promise<OTLike> {
  try {
    if (refusal) throw refusal;
    const module: { default?: OTLike } = await import('@opentok/client');
    return module.default ?? (module as OTLike);
  } catch (error) {
    throw new RoomClientError(
      'sdk_load_failed',
      `cannot load @opentok/client (install it or pass OT): ${error}`,
      { cause: error },
    );
  }
}
