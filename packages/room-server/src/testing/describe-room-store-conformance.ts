import { afterEach, describe, it } from 'vitest';
import type { RoomStore } from '../store/room-store.js';
import { type OrphanPresenceBound, orphanPresenceCases } from './orphan-presence-cases.js';
import { presenceCases } from './presence-cases.js';
import { recordingCases } from './recording-cases.js';
import { roomStoreCases } from './room-store-cases.js';

/** Extra parts of the conformance suite, for what stores may bound differently. */
export interface RoomStoreConformanceOptions {
  /**
   * How the store bounds presence of sessions it has no room for; with it the suite also checks
   * that such presence goes once the bound passes and that a room's never does.
   */
  orphanPresence?: OrphanPresenceBound;
}

/**
 * Registers the RoomStore conformance suite with vitest: one test per behaviour every store must
 * have (atomic insert-if-absent under concurrency, get, delete, ordered pagination, metadata, and
 * idempotent presence and recording state under repeated and reordered deliveries).
 *
 * @param label - the store's name, used as the suite title
 * @param createStore - makes a new, empty store for each test (use a fresh key prefix or schema)
 * @param options - the store's orphan-presence bound, to check it too
 * @example
 * ```ts
 * describeRoomStoreConformance('redisRoomStore', () => redisRoomStore({ client, keyPrefix: `test:${randomUUID()}:` }));
 * ```
 */
export function describeRoomStoreConformance(
  label: string,
  createStore: () => RoomStore | Promise<RoomStore>,
  options: RoomStoreConformanceOptions = {},
): void {
  describe(`RoomStore conformance: ${label}`, () => {
    let current: RoomStore | undefined;
    afterEach(async () => {
      await current?.close?.();
      current = undefined;
    });
    for (const testCase of [...roomStoreCases, ...presenceCases, ...recordingCases]) {
      it(testCase.name, async () => {
        current = await createStore();
        await testCase.run(current);
      });
    }
    const { orphanPresence } = options;
    for (const testCase of orphanPresence ? orphanPresenceCases : []) {
      it(testCase.name, async () => {
        current = await orphanPresence!.createStore();
        await testCase.run(current, orphanPresence!);
      });
    }
  });
}
