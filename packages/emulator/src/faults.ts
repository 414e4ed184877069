import { matchesPath } from './path-pattern.js';

/**
 * A failure the emulator plays instead of answering a REST request.
 *
 * - `status`: answer with this HTTP status. `body` defaults to an OpenTok-style JSON error
 *   `{"code":status,"message":"Injected fault"}`, `contentType` to `application/json`; pass
 *   `body: ''` for the empty JSON body some OpenTok outages return.
 * - `hang`: accept the request and never answer, until the emulator closes.
 * - `malformed`: answer 200 with this body and content type (e.g. `text/plain`).
 * - `reset`: destroy the socket, so the client sees a network error.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  | { kind: 'hang' }
  | { kind: 'malformed'; body: string; contentType: string }
  | { kind: 'reset' };

/** Which requests {@link FaultInjector.next} applies to. */
export interface FaultOptions {
  /** How many matching requests get the fault. Default 1. */
  times?: number;
  /** Exact request path (no query) or a RegExp tested on it. Default: any path. */
  path?: string | RegExp;
}

/** Schedules failures for the emulator's next REST requests. */
export interface FaultInjector {
  /**
   * Applies `fault` to the next `times` REST requests whose path matches. Faults queue up in the
   * order they were scheduled; a request takes the first one that matches it.
   *
   * @param fault - What to do instead of answering.
   * @param options - `times` (default 1) and `path` (default any).
   * @throws RangeError when `times` is not a positive integer or a status is not 100-599.
   */
  next(fault: Fault, options?: FaultOptions): void;
  /** Drops every scheduled fault. */
  clear(): void;
}

/** The injector plus the method the server uses to consume faults. @internal */
export interface FaultQueue extends FaultInjector {
  /**
   * Takes the fault for a request to `path`, if one is scheduled.
   *
   * @param path - The request path (no query).
   * @returns The fault, or `undefined` to answer normally.
   */
  take(path: string): Fault | undefined;
}

interface ScheduledFault {
  readonly fault: Fault;
  readonly path: string | RegExp | undefined;
  remaining: number;
}

function checkFault(fault: Fault): Fault {
  switch (fault.kind) {
    case 'status':
      if (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599) {
        throw new RangeError(`Fault status must be an integer 100-599, got ${fault.status}.`);
      }
      return { ...fault };
    case 'malformed':
      if (typeof fault.body !== 'string' || typeof fault.contentType !== 'string') {
        throw new TypeError('A malformed fault needs a string body and contentType.');
      }
      return { ...fault };
    case 'hang':
    case 'reset':
      return { kind: fault.kind };
    default:
      throw new TypeError(
        `Unknown fault kind ${JSON.stringify((fault as { kind: unknown }).kind)}.`,
      );
  }
}

/**
 * Creates an empty fault queue.
 *
 * @returns The queue.
 * @internal
 */
export function createFaultQueue(): FaultQueue {
  let scheduled: ScheduledFault[] = [];
  return {
    next(fault: Fault, options: FaultOptions = {}): void {
      const times = options.times ?? 1;
      if (!Number.isInteger(times) || times < 1) {
        throw new RangeError(`Fault times must be a positive integer, got ${times}.`);
      }
      scheduled.push({ fault: checkFault(fault), path: options.path, remaining: times });
    },
    clear(): void {
      scheduled = [];
    },
    take(path: string): Fault | undefined {
      const entry = scheduled.find((candidate) => matchesPath(candidate.path, path));
      if (entry === undefined) return undefined;
      entry.remaining -= 1;
      if (entry.remaining === 0) scheduled = scheduled.filter((candidate) => candidate !== entry);
      return entry.fault;
    },
  };
}

/**
 * A failure the media router plays on a subscriber's downstream (routed sessions), to test what
 * happens when one does not connect, or stops.
 *
 * - `unanswered`: the router ignores the subscriber's answer and ICE candidates, so that peer
 *   connection never connects (as a handshake lost on a loaded machine). The router rebuilds it
 *   after its connect timeout (15 s): the rebuilt peer connection takes the next fault, if any.
 * - `dropped`: the peer connection fails half a second after its first video keyframe was
 *   forwarded, as when the network drops mid-call. The router rebuilds it at once (reason
 *   `failed`); the page's Subscriber hears `disconnected`, then `connected` once the new one is.
 */
export type MediaFault = { kind: 'unanswered' } | { kind: 'dropped' };

const MEDIA_FAULT_KINDS: ReadonlySet<string> = new Set(['unanswered', 'dropped']);

/** Which downstreams {@link MediaFaultInjector.next} applies to. */
export interface MediaFaultOptions {
  /** How many matching downstream peer connections get the fault. Default 1. */
  times?: number;
  /** Only downstreams of this stream. Default: any. */
  streamId?: string;
  /** Only downstreams to this subscribing connection. Default: any. */
  connectionId?: string;
}

/** Schedules failures for the media router's next downstream peer connections. */
export interface MediaFaultInjector {
  /**
   * Applies `fault` to the next `times` downstream peer connections (rebuilt ones included) that
   * match. Faults queue up in the order they were scheduled; a peer connection takes the first
   * one that matches it.
   *
   * @param fault - What to play.
   * @param options - `times` (default 1), `streamId` and `connectionId` (default any).
   * @throws RangeError when `times` is not a positive integer; TypeError for an unknown kind.
   */
  next(fault: MediaFault, options?: MediaFaultOptions): void;
  /** Drops every scheduled fault. */
  clear(): void;
}

/** The injector plus what the router takes from it. @internal */
export interface MediaFaultQueue extends MediaFaultInjector {
  /**
   * Takes the fault for a new downstream peer connection, if one is scheduled.
   *
   * @param streamId - Its stream.
   * @param connectionId - Its subscribing connection.
   * @returns The fault, or `undefined` to connect normally.
   */
  take(streamId: string, connectionId: string): MediaFault | undefined;
}

/**
 * Creates an empty media fault queue.
 *
 * @returns The queue.
 * @internal
 */
export function createMediaFaultQueue(): MediaFaultQueue {
  let scheduled: Array<{
    fault: MediaFault;
    streamId: string | undefined;
    connectionId: string | undefined;
    remaining: number;
  }> = [];
  return {
    next(fault: MediaFault, options: MediaFaultOptions = {}): void {
      const times = options.times ?? 1;
      if (!Number.isInteger(times) || times < 1) {
        throw new RangeError(`Fault times must be a positive integer, got ${times}.`);
      }
      if (!MEDIA_FAULT_KINDS.has(fault?.kind)) {
        throw new TypeError(
          `Unknown media fault kind ${JSON.stringify((fault as { kind?: unknown })?.kind)}.`,
        );
      }
      const { streamId, connectionId } = options;
      scheduled.push({ fault: { kind: fault.kind }, streamId, connectionId, remaining: times });
    },
    clear(): void {
      scheduled = [];
    },
    take(streamId: string, connectionId: string): MediaFault | undefined {
      const entry = scheduled.find(
        (candidate) =>
          (candidate.streamId === undefined || candidate.streamId === streamId) &&
          (candidate.connectionId === undefined || candidate.connectionId === connectionId),
      );
      if (entry === undefined) return undefined;
      entry.remaining -= 1;
      if (entry.remaining === 0) scheduled = scheduled.filter((candidate) => candidate !== entry);
      return entry.fault;
    },
  };
}
