import type { KeyObject } from 'node:crypto';

/** Which kind of account signs: an OpenTok project or a Vonage application. */
export type AccountKind = 'opentok' | 'vonage';

/** An OpenTok (TokBox) project: HS256 with the API secret, the OpenTok host. */
export interface OpenTokAccount {
  readonly kind: 'opentok';
  /** The API key: the project id in REST paths and what clients pass to `OT.initSession`. */
  readonly projectId: string;
  readonly apiSecret: string;
}

/** A Vonage application: RS256 with the private key, the Vonage video host. */
export interface VonageAccount {
  readonly kind: 'vonage';
  /** The application ID: the project id in REST paths and what clients pass to `OT.initSession`. */
  readonly projectId: string;
  /** Parsed once: signing with a KeyObject skips PEM parsing on every token. */
  readonly privateKey: KeyObject;
}

/**
 * Resolved credentials of one account. Internal: held in closures, never returned or thrown, so the
 * secret or key cannot reach a log line, `toJSON` or `util.inspect` of a public object.
 */
export type Account = OpenTokAccount | VonageAccount;

/** OpenTok's REST API host, for OpenTok accounts when no apiUrl is given. */
export const DEFAULT_OPENTOK_API_URL = 'https://api.opentok.com';
/** The Vonage Video API host, for Vonage accounts when no apiUrl is given. */
export const DEFAULT_VONAGE_API_URL = 'https://video.api.vonage.com';

/**
 * The REST host for an account.
 *
 * @param kind - the account kind
 * @param apiUrl - an explicit endpoint (the emulator, a regional host); wins when given
 * @returns the base URL without a trailing slash
 */
export function apiUrlFor(kind: AccountKind, apiUrl: string | undefined): string {
  const url = apiUrl ?? (kind === 'vonage' ? DEFAULT_VONAGE_API_URL : DEFAULT_OPENTOK_API_URL);
  return url.replace(/\/+$/, '');
}

/**
 * Which credentials a 401/403 refused, and the variables that hold them.
 *
 * @param kind - the account kind
 * @returns the sentence for the error message (no trailing period)
 */
export function refusedCredentials(kind: AccountKind): string {
  return kind === 'vonage'
    ? 'the Vonage Video API rejected the application ID or private key (Bearer RS256 JWT). Check VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY (or VONAGE_PRIVATE_KEY_PATH)'
    : 'OpenTok rejected the API key or secret (X-OPENTOK-AUTH). Check OPENTOK_API_KEY and OPENTOK_API_SECRET';
}
