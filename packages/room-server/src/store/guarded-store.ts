import { isRoomError, RoomError } from '../errors.js';
import { createDeadlineQueue } from './deadline-queue.js';
import type { RoomStore } from './room-store.js';

/**
 * Wraps a store so that every call has a deadline and every failure is a RoomError
 * `store_unavailable`: a store that hangs or throws never leaves a caller waiting or guessing.
 *
 * @param store - the user's store
 * @param timeoutMs - the deadline of one call
 * @returns a store with the same methods
 */
export function guardStore(store: RoomStore, timeoutMs: number): RoomStore {
  const startDeadline = createDeadlineQueue(timeoutMs);
  function guard<A extends unknown[], R>(
    method: string,
    call: (...args: A) => Promise<R>,
  ): (...args: A) => Promise<R> {
    const failed = (error: unknown): RoomError =>
      isRoomError(error)
        ? error
        : new RoomError('store_unavailable', `The room store failed on ${method}.`, {
            cause: error,
          });
    return (...args) =>
      new Promise<R>((resolve, reject) => {
        const cancel = startDeadline(() => {
          reject(
            new RoomError(
              'store_unavailable',
              `The room store did not answer ${method} within ${timeoutMs} ms.`,
            ),
          );
        });
        let pending: Promise<R>;
        try {
          pending = call(...args);
        } catch (error) {
          cancel();
          reject(failed(error));
          return;
        }
        pending.then(
          (value) => {
            cancel();
            resolve(value);
          },
          (error: unknown) => {
            cancel();
            reject(failed(error));
          },
        );
      });
  }

  const guarded: RoomStore = {
    insertIfAbsent: guard('insertIfAbsent', (room) => store.insertIfAbsent(room)),
    get: guard('get', (name) => store.get(name)),
    delete: guard('delete', (name) => store.delete(name)),
    list: guard('list', (options) => store.list(options)),
    setMetadata: guard('setMetadata', (name, metadata) => store.setMetadata(name, metadata)),
    recordPresence: guard('recordPresence', (sessionId, change) =>
      store.recordPresence(sessionId, change),
    ),
    getPresence: guard('getPresence', (sessionId) => store.getPresence(sessionId)),
    recordArchiveStatus: guard('recordArchiveStatus', (sessionId, change) =>
      store.recordArchiveStatus(sessionId, change),
    ),
    getRecording: guard('getRecording', (sessionId) => store.getRecording(sessionId)),
  };
  if (store.countRooms) {
    const countRooms = store.countRooms.bind(store);
    guarded.countRooms = guard('countRooms', () => countRooms());
  }
  if (store.close) {
    const close = store.close.bind(store);
    guarded.close = guard('close', () => close());
  }
  return guarded;
}
