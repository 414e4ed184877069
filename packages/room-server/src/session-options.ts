import { isIPv4 } from 'node:net';
import { invalidArgument } from './errors.js';

/** How media flows: `routed` through OpenTok's media router, `relayed` peer to peer. */
export type MediaMode = 'routed' | 'relayed';
/** `always` archives every session automatically (needs `routed`). */
export type ArchiveMode = 'manual' | 'always';

/** Options for the OpenTok session behind a room; they apply when the room is created. */
export interface SessionOptions {
  /** Default `'routed'`. */
  mediaMode?: MediaMode;
  /** Default `'manual'`; `'always'` needs `mediaMode: 'routed'`. */
  archiveMode?: ArchiveMode;
  /** End-to-end encryption; needs `mediaMode: 'routed'`. Default `false`. */
  e2ee?: boolean;
  /** An IPv4 address near the participants, as a location hint for OpenTok. */
  location?: string;
}

/** Session options with every default applied, as stored in a room. */
export interface ResolvedSessionOptions {
  mediaMode: MediaMode;
  archiveMode: ArchiveMode;
  e2ee: boolean;
  location?: string;
}

const KNOWN_KEYS = new Set(['mediaMode', 'archiveMode', 'e2ee', 'location']);

/**
 * Validates session options and fills in defaults.
 *
 * @param options - what the caller asked for
 * @param defaults - what applies where the caller said nothing
 * @returns the complete options
 * @throws RoomError `invalid_argument` naming the field at fault
 */
export function resolveSessionOptions(
  options: SessionOptions | undefined,
  defaults: SessionOptions = {},
): ResolvedSessionOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw invalidArgument('session', 'Session options must be an object.');
  }
  for (const key of Object.keys(options ?? {})) {
    if (!KNOWN_KEYS.has(key)) {
      throw invalidArgument(
        `session.${key}`,
        `Unknown session option "${key}"; expected mediaMode, archiveMode, e2ee or location.`,
      );
    }
  }
  const merged = { ...defaults, ...stripUndefined(options ?? {}) };
  const mediaMode = merged.mediaMode ?? 'routed';
  const archiveMode = merged.archiveMode ?? 'manual';
  const e2ee = merged.e2ee ?? false;
  if (mediaMode !== 'routed' && mediaMode !== 'relayed') {
    throw invalidArgument('session.mediaMode', 'mediaMode must be "routed" or "relayed".');
  }
  if (archiveMode !== 'manual' && archiveMode !== 'always') {
    throw invalidArgument('session.archiveMode', 'archiveMode must be "manual" or "always".');
  }
  if (typeof e2ee !== 'boolean') {
    throw invalidArgument('session.e2ee', 'e2ee must be true or false.');
  }
  if (archiveMode === 'always' && mediaMode !== 'routed') {
    throw invalidArgument(
      'session.archiveMode',
      'archiveMode "always" needs mediaMode "routed": OpenTok archives only routed sessions.',
    );
  }
  if (e2ee && mediaMode !== 'routed') {
    throw invalidArgument(
      'session.e2ee',
      'e2ee needs mediaMode "routed": OpenTok encrypts end to end only in routed sessions.',
    );
  }
  if (e2ee && archiveMode === 'always') {
    throw invalidArgument(
      'session.archiveMode',
      'archiveMode "always" cannot be combined with e2ee: OpenTok cannot record end-to-end encrypted sessions.',
    );
  }
  const resolved: ResolvedSessionOptions = { mediaMode, archiveMode, e2ee };
  if (merged.location !== undefined) {
    if (typeof merged.location !== 'string' || !isIPv4(merged.location)) {
      throw invalidArgument(
        'session.location',
        'location must be an IPv4 address, e.g. "10.1.200.30".',
      );
    }
    resolved.location = merged.location;
  }
  return resolved;
}

/** @returns true when both describe the same session. */
export function sameSessionOptions(a: ResolvedSessionOptions, b: ResolvedSessionOptions): boolean {
  return (
    a.mediaMode === b.mediaMode &&
    a.archiveMode === b.archiveMode &&
    a.e2ee === b.e2ee &&
    a.location === b.location
  );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
