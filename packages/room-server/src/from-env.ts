import { readFileSync } from 'node:fs';
import type { OpenTokCredentials, VonageCredentials } from './credentials.js';
import { RoomError } from './errors.js';
import type { RoomServerOptions } from './room-server-types.js';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Credentials read from the environment, with the endpoint when one is set. */
export type EnvironmentCredentials = (OpenTokCredentials | VonageCredentials) & {
  /** From `OPENTOK_API_URL` or `VONAGE_VIDEO_API_URL`, when set. */
  apiUrl?: string;
};

/** Options of {@link credentialsFromEnv}. */
export interface CredentialsFromEnvOptions {
  /**
   * Answer `undefined` instead of throwing when none of the credential variables is set (to fall
   * back to the emulator in development, say). Half-set or contradictory variables still throw.
   */
  optional?: boolean;
}

/** Options of `createRoomServer.fromEnv`: everything but the credentials, plus the environment. */
export interface RoomServerFromEnvOptions
  extends Omit<RoomServerOptions, 'apiKey' | 'apiSecret' | 'applicationId' | 'privateKey'> {
  /** Where to read the variables. Default `process.env`. */
  env?: Environment;
}

const WHAT_TO_SET = [
  'Set either OPENTOK_API_KEY and OPENTOK_API_SECRET (an OpenTok project),',
  'or VONAGE_APPLICATION_ID and one of VONAGE_PRIVATE_KEY (the PEM text) or VONAGE_PRIVATE_KEY_PATH',
  '(the path of private.key) (a Vonage application);',
  'optionally OPENTOK_API_URL or VONAGE_VIDEO_API_URL for the endpoint (the emulator prints one).',
].join(' ');

/**
 * Reads one account's credentials from environment variables: `OPENTOK_API_KEY` +
 * `OPENTOK_API_SECRET`, or `VONAGE_APPLICATION_ID` + `VONAGE_PRIVATE_KEY` (PEM text; `\n` escapes
 * are turned into line breaks) or `VONAGE_PRIVATE_KEY_PATH`; and `OPENTOK_API_URL` /
 * `VONAGE_VIDEO_API_URL`. Empty variables count as unset.
 *
 * @param env - the variables; default `process.env`
 * @returns the credentials (spread them into `createRoomServer`)
 * @throws RoomError `invalid_argument` listing what to set, for missing, half-set or contradictory
 *   variables or an unreadable key file (never a value)
 * @example
 * ```ts
 * const credentials = credentialsFromEnv(process.env, { optional: true });
 * const rooms = createRoomServer(credentials ?? await emulatorCredentials());
 * ```
 */
export function credentialsFromEnv(env?: Environment): EnvironmentCredentials;
/**
 * Reads one account's credentials from environment variables: `OPENTOK_API_KEY` +
 * `OPENTOK_API_SECRET`, or `VONAGE_APPLICATION_ID` + `VONAGE_PRIVATE_KEY` (PEM text; `\n` escapes
 * are turned into line breaks) or `VONAGE_PRIVATE_KEY_PATH`; and `OPENTOK_API_URL` /
 * `VONAGE_VIDEO_API_URL`. Empty variables count as unset.
 *
 * @param env - the variables; default `process.env`
 * @param options - `optional: true` answers undefined when no credential variable is set
 * @returns the credentials (spread them into `createRoomServer`), or undefined (optional only)
 * @throws RoomError `invalid_argument` listing what to set, for missing, half-set or contradictory
 *   variables or an unreadable key file (never a value)
 * @example
 * ```ts
 * const credentials = credentialsFromEnv(process.env, { optional: true });
 * const rooms = createRoomServer(credentials ?? await emulatorCredentials());
 * ```
 */
export function credentialsFromEnv(
  env: Environment | undefined,
  options: CredentialsFromEnvOptions,
): EnvironmentCredentials | undefined;
export function credentialsFromEnv(
  env: Environment = process.env,
  options: CredentialsFromEnvOptions = {},
): EnvironmentCredentials | undefined {
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const apiKey = read('OPENTOK_API_KEY');
  const apiSecret = read('OPENTOK_API_SECRET');
  const applicationId = read('VONAGE_APPLICATION_ID');
  const privateKey = read('VONAGE_PRIVATE_KEY');
  const privateKeyPath = read('VONAGE_PRIVATE_KEY_PATH');
  const openTokSet = setNames({ OPENTOK_API_KEY: apiKey, OPENTOK_API_SECRET: apiSecret });
  const vonageSet = setNames({
    VONAGE_APPLICATION_ID: applicationId,
    VONAGE_PRIVATE_KEY: privateKey,
    VONAGE_PRIVATE_KEY_PATH: privateKeyPath,
  });
  const apiUrl = resolveApiUrl(read('OPENTOK_API_URL'), read('VONAGE_VIDEO_API_URL'));
  const withUrl = <T extends object>(credentials: T): T & { apiUrl?: string } =>
    apiUrl === undefined ? credentials : { ...credentials, apiUrl };

  if (openTokSet.length > 0 && vonageSet.length > 0) {
    throw envError(
      `Both OpenTok and Vonage variables are set (${[...openTokSet, ...vonageSet].join(', ')}): keep one account's.`,
    );
  }
  if (vonageSet.length > 0) {
    if (applicationId === undefined) throw envError('VONAGE_APPLICATION_ID is not set.');
    if (privateKey !== undefined && privateKeyPath !== undefined) {
      throw envError('Both VONAGE_PRIVATE_KEY and VONAGE_PRIVATE_KEY_PATH are set: keep one.');
    }
    if (privateKey !== undefined) {
      return withUrl({ applicationId, privateKey: privateKey.replace(/\\n/g, '\n') });
    }
    if (privateKeyPath === undefined) {
      throw envError(
        'VONAGE_APPLICATION_ID is set, but neither VONAGE_PRIVATE_KEY nor VONAGE_PRIVATE_KEY_PATH.',
      );
    }
    return withUrl({ applicationId, privateKey: readKeyFile(privateKeyPath) });
  }
  if (openTokSet.length === 0) {
    if (options.optional) return undefined;
    throw envError('No credentials are set.');
  }
  if (apiKey === undefined) throw envError('OPENTOK_API_SECRET is set, but not OPENTOK_API_KEY.');
  if (apiSecret === undefined)
    throw envError('OPENTOK_API_KEY is set, but not OPENTOK_API_SECRET.');
  return withUrl({ apiKey, apiSecret });
}

/**
 * The options of `createRoomServer.fromEnv`: the credentials and endpoint from the environment,
 * the rest from `options` (an explicit `apiUrl` wins over the variables; an option given as
 * `undefined` counts as left out, so `apiUrl: undefined` keeps the variable's URL).
 *
 * @param options - everything but the credentials, and the environment
 * @returns the options for `createRoomServer`
 * @throws RoomError `invalid_argument` as {@link credentialsFromEnv}
 */
export function roomServerOptionsFromEnv(
  options: RoomServerFromEnvOptions = {},
): RoomServerOptions {
  const { env, ...rest } = options;
  const credentials = credentialsFromEnv(env);
  const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { ...credentials, ...given };
}

function setNames(values: Record<string, string | undefined>): string[] {
  return Object.keys(values).filter((name) => values[name] !== undefined);
}

function resolveApiUrl(
  openTokUrl: string | undefined,
  vonageUrl: string | undefined,
): string | undefined {
  if (openTokUrl !== undefined && vonageUrl !== undefined && openTokUrl !== vonageUrl) {
    throw envError(
      'OPENTOK_API_URL and VONAGE_VIDEO_API_URL are both set, to different URLs: keep one.',
    );
  }
  const url = openTokUrl ?? vonageUrl;
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
    throw envError(
      `${openTokUrl === undefined ? 'VONAGE_VIDEO_API_URL' : 'OPENTOK_API_URL'} must be an http(s) URL.`,
    );
  }
  return url;
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw envError(`VONAGE_PRIVATE_KEY_PATH names a file that cannot be read (${code}): ${path}.`);
  }
}

function envError(what: string): RoomError {
  return new RoomError(
    'invalid_argument',
    `Credentials from the environment: ${what} ${WHAT_TO_SET}`,
    {
      field: 'env',
    },
  );
}
