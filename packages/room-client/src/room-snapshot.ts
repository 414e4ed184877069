import type { RoomInternals } from './host.js';
import { attempt } from './report.js';
import { BLANK, project } from './snapshot.js';
import type { RoomSnapshot } from './snapshot-types.js';
import type { RoomClient } from './types.js';

/** A room client's state as one immutable value, for UI frameworks: see {@link roomSnapshot}. */
export interface RoomSnapshotStore {
  /**
   * The current {@link RoomSnapshot}: immutable, the same object until something changed. Bound:
   * pass it around as is (e.g. to React's `useSyncExternalStore`).
   *
   * @returns the snapshot
   */
  readonly getSnapshot: () => RoomSnapshot;
  /**
   * Calls `listener` after each change of the snapshot, once the state is consistent (the initial
   * burst of a join is announced once, complete). Bound, like `getSnapshot`.
   *
   * @param listener - called with no arguments; read `getSnapshot()`
   * @returns a function that removes the listener
   */
  readonly subscribe: (listener: () => void) => () => void;
}

const stores = new WeakMap<RoomClient, RoomSnapshotStore>();

/**
 * The snapshot store of a room client: everything a UI renders (state, participants, streams,
 * your publishers and mute state, devices, active speaker, recording) as one immutable value, and
 * a listener called when it changed. The same store for the same client, whenever you ask (before
 * or after `join()`); opt-in, so a page that only listens to events does not pay for it.
 *
 * @param room - the room client
 * @returns its store
 * @example
 * ```ts
 * const store = roomSnapshot(room);
 * store.subscribe(() => render(store.getSnapshot()));
 * // React: useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
 * ```
 */
export function roomSnapshot(room: RoomClient): RoomSnapshotStore {
  let store = stores.get(room);
  if (!store) {
    store = createStore(room as RoomInternals);
    stores.set(room, store);
  }
  return store;
}

function createStore(room: RoomInternals): RoomSnapshotStore {
  let snapshot = project(BLANK, room);
  let version = room._version;
  const getSnapshot = (): RoomSnapshot => {
    // Computed again only after something was dispatched: a render reads the cached value.
    if (version !== room._version) {
      version = room._version;
      snapshot = project(snapshot, room);
    }
    return snapshot;
  };
  const listeners = new Set<() => void>();
  let told = snapshot;
  room._onChange(() => {
    if (getSnapshot() === told) return;
    told = snapshot;
    for (const listener of [...listeners]) attempt(listener);
  });
  return {
    getSnapshot,
    subscribe: (listener) => {
      // A wrapper per call: the same function subscribed twice is two subscriptions.
      const entry = () => listener();
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}
