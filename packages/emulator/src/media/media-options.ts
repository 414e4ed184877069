import { isIP } from 'node:net';

/** Options of the emulator's media router (routed sessions), as `startEmulator({ media })` takes them. */
export interface MediaRouterOptions {
  /**
   * The address the router's UDP sockets bind to and announce as their only ICE candidate.
   * Default `127.0.0.1`: media never listens on another interface unless you ask.
   */
  host?: string;
  /** Inclusive UDP port range for media sockets, e.g. `[40000, 40100]`. Default: any free port. */
  portRange?: readonly [number, number];
  /**
   * How many routed sessions may carry media at once; one more publish or subscribe fails with
   * `OT_STREAM_LIMIT_EXCEEDED`. Default 50.
   */
  maxSessions?: number;
  /**
   * How many streams (publisher upstreams) the router carries at once, over all sessions; one more
   * publish fails with `OT_STREAM_LIMIT_EXCEEDED`. Default 100.
   */
  maxStreams?: number;
  /**
   * Where archive recordings are written. Default: a new temporary directory, removed (with every
   * file in it) by `emulator.close()`. A directory you name is kept; only its files stay.
   */
  archiveDirectory?: string;
}

/** The options with every default filled in. @internal */
export interface ResolvedMediaOptions {
  readonly host: string;
  readonly portRange: readonly [number, number] | undefined;
  readonly maxSessions: number;
  readonly maxStreams: number;
  readonly archiveDirectory: string | undefined;
}

function checkCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`media.${name} must be a positive integer, got ${value}.`);
  }
  return value;
}

/**
 * Checks the media options and fills in the defaults.
 *
 * @param options - What the caller passed.
 * @returns The resolved options.
 * @throws TypeError or RangeError naming the bad option.
 * @internal
 */
export function resolveMediaOptions(options: MediaRouterOptions = {}): ResolvedMediaOptions {
  const host = options.host ?? '127.0.0.1';
  if (isIP(host) === 0) {
    throw new TypeError(`media.host must be an IP address (like 127.0.0.1), got "${host}".`);
  }
  const range = options.portRange;
  if (range !== undefined) {
    const [low, high] = range;
    const valid = (port: number): boolean => Number.isInteger(port) && port > 0 && port <= 65535;
    if (!valid(low) || !valid(high) || low >= high) {
      throw new RangeError(
        `media.portRange must be [low, high] with 1 <= low < high <= 65535, got [${low}, ${high}].`,
      );
    }
  }
  if (options.archiveDirectory !== undefined && options.archiveDirectory.length === 0) {
    throw new TypeError('media.archiveDirectory must not be empty.');
  }
  return {
    host,
    portRange: range,
    maxSessions: checkCount('maxSessions', options.maxSessions, 50),
    maxStreams: checkCount('maxStreams', options.maxStreams, 100),
    archiveDirectory: options.archiveDirectory,
  };
}
