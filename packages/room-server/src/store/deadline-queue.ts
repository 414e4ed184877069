/** One call waiting for its deadline: `expire` runs when `deadline` (a `performance.now()`) passes. */
export interface Waiting {
  /** Set by {@link DeadlineQueue.add}. */
  deadline: number;
  expire(): void;
}

/** The calls of one queue that are waiting for their deadlines. */
export interface DeadlineQueue {
  /** Arms the deadline of a call that starts now: sets its `deadline` to now + the timeout. */
  add(entry: Waiting): void;
  /** Disarms it: the call settled in time. */
  remove(entry: Waiting): void;
}

/**
 * Deadlines of equal length for many calls, on one timer. Every call gets the same timeout, so
 * deadlines come in the order calls start: the queue is a FIFO and only its head needs a timer. A
 * `setTimeout`/`clearTimeout` pair per store call cost about a fifth of an in-process join; this
 * costs a Set insert and delete, and the entry is the caller's own object (no closure per call).
 *
 * @param timeoutMs - the deadline of every call
 * @returns the queue
 */
export function createDeadlineQueue(timeoutMs: number): DeadlineQueue {
  const waiting = new Set<Waiting>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function arm(): void {
    const head = waiting.values().next().value;
    if (head === undefined) {
      timer = undefined;
      return;
    }
    timer = setTimeout(fire, Math.max(0, head.deadline - performance.now()));
    // The queue never keeps a process alive: the calls it watches do, if anything does.
    timer.unref?.();
  }

  function fire(): void {
    const now = performance.now();
    for (const entry of waiting) {
      if (entry.deadline > now) break;
      waiting.delete(entry);
      entry.expire();
    }
    arm();
  }

  return {
    add(entry) {
      entry.deadline = performance.now() + timeoutMs;
      waiting.add(entry);
      // A timer left armed for an earlier head fires early, finds nothing due, and re-arms.
      if (timer === undefined) arm();
    },
    remove(entry) {
      waiting.delete(entry);
    },
  };
}
