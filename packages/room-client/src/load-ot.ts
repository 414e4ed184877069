import { RoomClientError } from './errors.js';
import type { OTLike } from './ot-types.js';

/**
 * Loads `@opentok/client` on first use. It touches `window`, `self` and `document` as soon as it is
 * evaluated, so it must never be imported at module top level (it would break server rendering).
 */
export async function loadOT(): Promise<OTLike> {
  try {
    const module: { default?: OTLike } = await import('@opentok/client');
    return module.default ?? (module as OTLike);
  } catch (error) {
    throw new RoomClientError(
      'sdk_load_failed',
      `cannot load @opentok/client (install it, or pass options.OT): ${error}`,
      { cause: error },
    );
  }
}
