import { invalidArgument } from './errors.js';
import type { RoomMetadata } from './store/room-store.js';

/** The largest metadata accepted, serialized as JSON. */
export const MAX_METADATA_BYTES: number = 16 * 1024;

/**
 * Checks room metadata: a plain JSON object of at most 16 KiB, so every store can keep it as JSON.
 *
 * @param metadata - what the caller gave
 * @returns a copy that holds only JSON
 * @throws RoomError `invalid_argument` (field `metadata`)
 */
export function validateMetadata(metadata: unknown): RoomMetadata {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw invalidArgument('metadata', 'metadata must be a plain JSON object.');
  }
  let json: string;
  try {
    json = JSON.stringify(metadata, (_key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new TypeError('not finite');
      }
      if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
        throw new TypeError('not JSON');
      }
      return value;
    });
  } catch {
    throw invalidArgument(
      'metadata',
      'metadata must hold only JSON values (no cycles, functions, NaN or bigint).',
    );
  }
  if (Buffer.byteLength(json, 'utf8') > MAX_METADATA_BYTES) {
    throw invalidArgument(
      'metadata',
      `metadata must be at most ${MAX_METADATA_BYTES} bytes as JSON.`,
    );
  }
  return JSON.parse(json) as RoomMetadata;
}
