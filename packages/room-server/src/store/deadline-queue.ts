/** One call waiting for its deadline. */
interface Waiting {
  readonly deadline: number;
  readonly expire: () => void;
}

/** Cancels a waiting call's deadline (the call settled in time). */
export type CancelDeadline = () => void;

/**
 * Deadlines of equal length for many calls, on one timer. Every call gets the same timeout, so
 * deadlines come in the order calls start: the queue is a FIFO and only its head needs a timer. A
 * `setTimeout`/`clearTimeout` pair per store call cost about a fifth of an in-process join; this
 * costs a Set insert and delete.
 *
 * @param timeoutMs - the deadline of every call
 * @returns `start(expire)`: arms a deadline, answers its cancel function
 */
export function createDeadlineQueue(timeoutMs: number): (expire: () => void) => CancelDeadline {
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

  return (expire) => {
    const entry: Waiting = { deadline: performance.now() + timeoutMs, expire };
    waiting.add(entry);
    // A timer left armed for an earlier head fires early, finds nothing due, and re-arms.
    if (timer === undefined) arm();
    return () => {
      waiting.delete(entry);
    };
  };
}
