/**
 * Where a browser client's connect is held, as the real SDK's connect phases see it:
 *
 * - `socket`: the WebSocket upgrade is not answered, so the client's socket stays opening.
 * - `acknowledgement`: the connect is admitted (the others see `connectionCreated` at once) but its
 *   answer is held, so the client waits for the acknowledgement.
 */
export type ConnectStallPhase = 'socket' | 'acknowledgement';

/** A connect to hold: the phase, how long, how many connects. */
export interface ConnectStall {
  /** Which phase of the connect waits. */
  readonly at: ConnectStallPhase;
  /** How long, in milliseconds. Default: until the client gives up or the emulator closes. */
  readonly ms?: number;
  /** How many of the next connects are held. Default 1. */
  readonly times?: number;
}

/** Holds the next browser connects at a phase (what a slow network does to the real SDK). */
export interface ConnectStalls {
  /**
   * Holds the next `times` connects at `at`. Stalls queue up in the order they were scheduled; a
   * connect takes the first one of its phase.
   *
   * @param stall - The phase, the duration (default: for good) and how many connects.
   * @throws RangeError for a bad phase, duration or count.
   */
  next(stall: ConnectStall): void;
  /** Drops every scheduled stall (connects already held stay held). */
  clear(): void;
}

/** The stalls plus what the signalling server takes from them. @internal */
export interface ConnectStallQueue extends ConnectStalls {
  /**
   * @param at - The phase a connect has reached.
   * @returns How long to hold it (`Infinity`: for good), or undefined to go on at once.
   */
  take(at: ConnectStallPhase): number | undefined;
}

/**
 * Creates an empty stall queue.
 *
 * @returns The queue.
 * @internal
 */
export function createConnectStalls(): ConnectStallQueue {
  let scheduled: Array<{ at: ConnectStallPhase; ms: number; remaining: number }> = [];
  return {
    next(stall) {
      const { at, ms = Number.POSITIVE_INFINITY, times = 1 } = stall ?? ({} as ConnectStall);
      if (at !== 'socket' && at !== 'acknowledgement') {
        throw new RangeError(`A connect stall is at "socket" or "acknowledgement", got ${at}.`);
      }
      if (!(ms >= 0)) throw new RangeError(`A connect stall lasts 0 ms or more, got ${ms}.`);
      if (!Number.isInteger(times) || times < 1) {
        throw new RangeError(`Connect stall times must be a positive integer, got ${times}.`);
      }
      scheduled.push({ at, ms, remaining: times });
    },
    clear() {
      scheduled = [];
    },
    take(at) {
      const entry = scheduled.find((candidate) => candidate.at === at);
      if (entry === undefined) return undefined;
      entry.remaining -= 1;
      if (entry.remaining === 0) scheduled = scheduled.filter((candidate) => candidate !== entry);
      return entry.ms;
    },
  };
}

/**
 * Runs `action` after `ms` (never for `Infinity`), unless `cancel` is called first.
 *
 * @param ms - The delay.
 * @param action - What to run.
 * @returns `cancel`.
 * @internal
 */
export function holdFor(ms: number, action: () => void): () => void {
  if (!Number.isFinite(ms)) return () => {};
  const timer = setTimeout(action, ms);
  return () => clearTimeout(timer);
}
