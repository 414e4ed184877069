import { type RoomSnapshot, roomSnapshot } from '@opentok-rooms/room-client';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useRoom } from './room-context.js';

const identity = (snapshot: RoomSnapshot): RoomSnapshot => snapshot;

/**
 * Reads part of the room's snapshot and re-renders only when that part changes.
 *
 * The selector runs once per new snapshot; when `isEqual` says the result equals the previous one,
 * the previous value is returned (and no re-render happens). The default `Object.is` is right for
 * slices of the snapshot (every unchanged slice keeps its identity); pass {@link shallowEqual} for
 * objects or arrays the selector builds.
 *
 * @param selector - picks or derives a value from the snapshot (default: the whole snapshot)
 * @param isEqual - when two selections count as the same (default `Object.is`)
 * @returns the selection, stable while it is equal
 * @example
 * ```tsx
 * const others = useRoomSnapshot((s) => s.counts.others);
 * ```
 */
export function useRoomSnapshot<T = RoomSnapshot>(
  selector: (snapshot: RoomSnapshot) => T = identity as (snapshot: RoomSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const store = roomSnapshot(useRoom());
  const memo = useRef<{ snapshot: RoomSnapshot; value: T; selector: unknown } | undefined>(
    undefined,
  );
  const select = useCallback(() => {
    const snapshot = store.getSnapshot();
    const last = memo.current;
    if (last && last.snapshot === snapshot && last.selector === selector) return last.value;
    const next = selector(snapshot);
    // Keep the previous value when equal: useSyncExternalStore then skips the re-render.
    const value = last && isEqual(last.value, next) ? last.value : next;
    memo.current = { snapshot, value, selector };
    return value;
  }, [store, selector, isEqual]);
  return useSyncExternalStore(store.subscribe, select, select);
}

/**
 * Equality of two values one level deep: the same keys (or items) with `Object.is`-equal values.
 *
 * @param a - one value
 * @param b - the other
 * @returns whether they are shallowly equal
 */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
