import { fileURLToPath } from 'node:url';
import { buildStoreForWorkers } from '@opentok-rooms/store-testkit';

/** Builds what the multi-process test's worker processes import. */
export default function setup(): Promise<void> {
  return buildStoreForWorkers({
    packageRoot: fileURLToPath(new URL('..', import.meta.url)),
    external: ['pg'],
  });
}
