import { invalidArgument } from '../errors.js';

/** What a token lets its holder do in the session. */
export type TokenRole = 'publisher' | 'publisheronly' | 'subscriber' | 'moderator';
/** `jwt` (default) or the legacy `T1==` format. */
export type TokenFormat = 'jwt' | 't1';

/** The roles a token can carry, in OpenTok's terms. */
export const TOKEN_ROLES: readonly TokenRole[] = [
  'publisher',
  'publisheronly',
  'subscriber',
  'moderator',
];

/** Default token lifetime: 24 hours. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS: number = 24 * 60 * 60;
/** Longest token lifetime OpenTok documents: 30 days. */
export const MAX_TOKEN_LIFETIME_SECONDS: number = 30 * 24 * 60 * 60;
/** Longest connection data OpenTok documents. */
export const MAX_CONNECTION_DATA_LENGTH = 1000;
/** Longest initial layout class list (joined by spaces) the SDK accepts. */
export const MAX_LAYOUT_CLASS_LIST_LENGTH = 1024;

/** Options for a token. */
export interface TokenOptions {
  /** Default `'publisher'`. */
  role?: TokenRole;
  /** Connection data other clients see on this connection, at most 1000 characters. */
  data?: string;
  /** Lifetime in seconds: more than 0, at most 30 days. Default 24 hours. */
  expiresIn?: number;
  /** Expiry as seconds since the epoch, as the SDK takes it; an alternative to `expiresIn`. */
  expireTime?: number;
  /** Layout classes for streams this connection publishes (archives and broadcasts). */
  initialLayoutClassList?: readonly string[];
  /** Default: the signer's format (`'jwt'` unless configured). */
  format?: TokenFormat;
}

/** Token options after validation, with times in whole seconds. */
export interface ResolvedTokenOptions {
  role: TokenRole;
  data: string | undefined;
  expireTime: number;
  layoutClassList: string;
  format: TokenFormat | undefined;
}

const ROLE_SET = new Set<unknown>(TOKEN_ROLES);
/** Every option a token takes: the only keys `resolveTokenOptions` and a join accept for a token. */
export const TOKEN_OPTION_KEYS: readonly (keyof TokenOptions)[] = [
  'role',
  'data',
  'expiresIn',
  'expireTime',
  'initialLayoutClassList',
  'format',
];
const KNOWN_KEYS: readonly string[] = TOKEN_OPTION_KEYS;

/**
 * Validates token options against OpenTok's documented limits.
 *
 * @param options - what the caller asked for
 * @param now - the current time in seconds since the epoch
 * @returns the options with defaults applied
 * @throws RoomError `invalid_argument` naming the field at fault
 */
export function resolveTokenOptions(
  options: TokenOptions | undefined,
  now: number,
): ResolvedTokenOptions {
  if (options === undefined) {
    return {
      role: 'publisher',
      data: undefined,
      expireTime: now + DEFAULT_TOKEN_LIFETIME_SECONDS,
      layoutClassList: '',
      format: undefined,
    };
  }
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument('options', 'Token options must be an object.');
  }
  assertOnlyKnownKeys(options);
  const role = options.role ?? 'publisher';
  if (!ROLE_SET.has(role)) {
    throw invalidArgument('role', `role must be one of ${TOKEN_ROLES.join(', ')}.`);
  }
  const { data } = options;
  if (data !== undefined) {
    if (typeof data !== 'string') throw invalidArgument('data', 'data must be a string.');
    if (data.length > MAX_CONNECTION_DATA_LENGTH) {
      throw invalidArgument(
        'data',
        `data must be at most ${MAX_CONNECTION_DATA_LENGTH} characters, got ${data.length}.`,
      );
    }
  }
  return {
    role,
    data: data === '' ? undefined : data,
    expireTime: resolveExpireTime(options, now),
    layoutClassList: resolveLayoutClassList(options.initialLayoutClassList),
    format: resolveFormat(options.format),
  };
}

function resolveExpireTime(options: TokenOptions, now: number): number {
  const { expiresIn, expireTime } = options;
  if (expiresIn !== undefined && expireTime !== undefined) {
    throw invalidArgument('expiresIn', 'Give either expiresIn or expireTime, not both.');
  }
  if (expireTime !== undefined) {
    if (typeof expireTime !== 'number' || !Number.isFinite(expireTime)) {
      throw invalidArgument(
        'expireTime',
        'expireTime must be a number of seconds since the epoch.',
      );
    }
    const rounded = Math.round(expireTime);
    if (rounded <= now) throw invalidArgument('expireTime', 'expireTime must be in the future.');
    if (rounded - now > MAX_TOKEN_LIFETIME_SECONDS) {
      throw invalidArgument('expireTime', 'expireTime must be at most 30 days ahead.');
    }
    return rounded;
  }
  if (expiresIn === undefined) return now + DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) {
    throw invalidArgument('expiresIn', 'expiresIn must be a number of seconds.');
  }
  const seconds = Math.round(expiresIn);
  if (seconds <= 0) throw invalidArgument('expiresIn', 'expiresIn must be at least 1 second.');
  if (seconds > MAX_TOKEN_LIFETIME_SECONDS) {
    throw invalidArgument(
      'expiresIn',
      `expiresIn must be at most 30 days (${MAX_TOKEN_LIFETIME_SECONDS} seconds).`,
    );
  }
  return now + seconds;
}

function resolveLayoutClassList(list: readonly string[] | undefined): string {
  if (list === undefined) return '';
  if (!Array.isArray(list)) {
    throw invalidArgument(
      'initialLayoutClassList',
      'initialLayoutClassList must be an array of strings.',
    );
  }
  for (const item of list) {
    if (typeof item !== 'string' || item === '' || /\s/.test(item)) {
      throw invalidArgument(
        'initialLayoutClassList',
        'Each layout class must be a non-empty string without spaces.',
      );
    }
  }
  const joined = list.join(' ');
  if (joined.length > MAX_LAYOUT_CLASS_LIST_LENGTH) {
    throw invalidArgument(
      'initialLayoutClassList',
      `initialLayoutClassList must be at most ${MAX_LAYOUT_CLASS_LIST_LENGTH} characters joined.`,
    );
  }
  return joined;
}

function resolveFormat(format: unknown): TokenFormat | undefined {
  if (format === undefined || format === 'jwt' || format === 't1') return format;
  throw invalidArgument('format', 'format must be "jwt" or "t1".');
}

// Counting the known keys that are present is cheaper than looking up every key: this runs on every
// token, and the unknown key is searched for only when there is one.
function assertOnlyKnownKeys(options: TokenOptions): void {
  let known = 0;
  for (const key of KNOWN_KEYS) if (key in options) known++;
  const keys = Object.keys(options);
  if (keys.length === known) return;
  const unknown = keys.find((key) => !KNOWN_KEYS.includes(key));
  if (unknown !== undefined && (options as Record<string, unknown>)[unknown] !== undefined) {
    throw invalidArgument(unknown, `Unknown token option "${unknown}".`);
  }
}
