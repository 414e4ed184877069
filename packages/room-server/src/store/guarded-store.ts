import { isRoomError, RoomError } from '../errors.js';
import { createDeadlineQueue, type DeadlineQueue, type Waiting } from './deadline-queue.js';
import type { RoomStore } from './room-store.js';

/**
 * One store call under its deadline: it is the promise's settle functions and the deadline
 * queue's entry at once. A join's only store call comes through here, so a call allocates this
 * object, one promise and the two callbacks of `then`: no closure per deadline, no rest arguments.
 */
class GuardedCall<R> implements Waiting {
  deadline = 0;
  readonly promise: Promise<R>;
  #resolve!: (value: R) => void;
  #reject!: (error: RoomError) => void;

  constructor(
    private readonly method: string,
    private readonly queue: DeadlineQueue,
    private readonly timeoutMs: number,
  ) {
    this.promise = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    queue.add(this);
  }

  /** Follows the store's answer (or what it threw while starting). */
  watch(start: () => Promise<R>): Promise<R> {
    try {
      start().then(
        (value) => {
          this.queue.remove(this);
          this.#resolve(value);
        },
        (error: unknown) => this.#fail(error),
      );
    } catch (error) {
      this.#fail(error);
    }
    return this.promise;
  }

  expire(): void {
    this.#reject(
      new RoomError(
        'store_unavailable',
        `The room store did not answer ${this.method} within ${this.timeoutMs} ms.`,
      ),
    );
  }

  #fail(error: unknown): void {
    this.queue.remove(this);
    this.#reject(
      isRoomError(error)
        ? error
        : new RoomError('store_unavailable', `The room store failed on ${this.method}.`, {
            cause: error,
          }),
    );
  }
}

/**
 * Wraps a store so that every call has a deadline and every failure is a RoomError
 * `store_unavailable`: a store that hangs or throws never leaves a caller waiting or guessing.
 *
 * @param store - the user's store
 * @param timeoutMs - the deadline of one call
 * @returns a store with the same methods
 */
export function guardStore(store: RoomStore, timeoutMs: number): RoomStore {
  const queue = createDeadlineQueue(timeoutMs);
  const watch = <R>(method: string, start: () => Promise<R>): Promise<R> =>
    new GuardedCall<R>(method, queue, timeoutMs).watch(start);

  const guarded: RoomStore = {
    insertIfAbsent: (room) => watch('insertIfAbsent', () => store.insertIfAbsent(room)),
    get: (name) => watch('get', () => store.get(name)),
    delete: (name) => watch('delete', () => store.delete(name)),
    list: (options) => watch('list', () => store.list(options)),
    setMetadata: (name, metadata) => watch('setMetadata', () => store.setMetadata(name, metadata)),
    recordPresence: (sessionId, change) =>
      watch('recordPresence', () => store.recordPresence(sessionId, change)),
    getPresence: (sessionId) => watch('getPresence', () => store.getPresence(sessionId)),
    recordArchiveStatus: (sessionId, change) =>
      watch('recordArchiveStatus', () => store.recordArchiveStatus(sessionId, change)),
    getRecording: (sessionId) => watch('getRecording', () => store.getRecording(sessionId)),
  };
  const { countRooms, close } = store;
  if (countRooms) guarded.countRooms = () => watch('countRooms', () => countRooms.call(store));
  if (close) guarded.close = () => watch('close', () => close.call(store));
  return guarded;
}
