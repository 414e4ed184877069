import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { stringify as toQueryString } from 'node:querystring';
import { resolveAccount } from '../credentials.js';
import { invalidArgument } from '../errors.js';
import type { Account } from '../opentok/account.js';
import { createNoncePool } from './nonce-pool.js';
import { apiKeyOfSessionId } from './session-id.js';
import {
  type ResolvedTokenOptions,
  resolveTokenOptions,
  type TokenFormat,
  type TokenOptions,
  type TokenRole,
} from './token-options.js';
import { signVonageToken, signVonageTokenInPool, vonageSigningInput } from './vonage-token.js';

/** A token ready to hand to a client, with what the client needs to connect. */
export interface IssuedToken {
  /** What the client passes to `OT.initSession`: the API key, or a Vonage application ID. */
  apiKey: string;
  sessionId: string;
  token: string;
  role: TokenRole;
  /** When the token expires, ISO 8601. */
  expiresAt: string;
}

/**
 * Options of {@link createTokenSigner}: `{ apiKey, apiSecret }` for an OpenTok project (HS256) or
 * `{ applicationId, privateKey }` for a Vonage application (RS256).
 */
export interface TokenSignerOptions {
  /** An OpenTok project's API key (or, with a PEM `apiSecret`, a Vonage application ID). */
  apiKey?: string;
  /** An OpenTok project's API secret (or a Vonage application's PEM private key). */
  apiSecret?: string;
  /** A Vonage application ID (UUID). */
  applicationId?: string;
  /** A Vonage application's RSA private key: PEM text or a KeyObject, parsed once. */
  privateKey?: string | KeyObject;
  /** Default `'jwt'`; `'t1'` exists only for OpenTok projects. */
  format?: TokenFormat;
  /** The clock, in milliseconds since the epoch (tests). */
  now?: () => number;
}

/** Signs client tokens for sessions of one OpenTok project. */
export interface TokenSigner {
  /**
   * Signs a token for a session of this project.
   *
   * @param sessionId - a session id of this signer's project
   * @param options - role, data, expiry, layout classes, format
   * @returns the token with its api key, session id, role and expiry
   * @throws RoomError `invalid_argument` for a bad option or a session of another project
   */
  sign(sessionId: string, options?: TokenOptions): IssuedToken;
  /**
   * {@link TokenSigner.sign}, off the event loop where that pays: a Vonage application's RS256
   * signature runs in libuv's thread pool (the event loop keeps serving while RSA runs); an OpenTok
   * project's HMAC, a few microseconds, is signed at once. The same token either way.
   *
   * @param sessionId - a session id of this signer's project
   * @param options - role, data, expiry, layout classes, format
   * @returns the token with its api key, session id, role and expiry
   * @throws RoomError `invalid_argument` (a rejection) for a bad option or a session of another
   *   project: checked before anything is signed
   */
  signAsync(sessionId: string, options?: TokenOptions): Promise<IssuedToken>;
}

// base64url('{"alg":"HS256","typ":"JWT"}'): the header jsonwebtoken writes for HS256.
const JWT_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
const KNOWN_SESSIONS_LIMIT = 10_000;
const T1_NEEDS_OPENTOK =
  'The legacy T1 format exists only for OpenTok projects: Vonage applications sign RS256 JWTs (use format "jwt").';

/**
 * Creates a token signer: the same tokens `opentok.generateToken` makes, signed with `node:crypto`
 * directly (the SDK spends most of its time failing to parse the secret as a private key, or
 * parsing the PEM private key again for every token).
 *
 * @param options - the account's credentials and the default format
 * @returns a signer
 * @throws RoomError `invalid_argument` for missing, mixed or malformed credentials
 * @example
 * ```ts
 * const signer = createTokenSigner({ apiKey, apiSecret }); // or { applicationId, privateKey }
 * const { token } = signer.sign(sessionId, { role: 'subscriber', data: 'name=Ada' });
 * ```
 */
export function createTokenSigner(options: TokenSignerOptions): TokenSigner {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument(
      'options',
      'createTokenSigner needs { apiKey, apiSecret } or { applicationId, privateKey }.',
    );
  }
  return createSignerForAccount(resolveAccount(options), options);
}

/**
 * {@link createTokenSigner} for credentials already resolved.
 *
 * @param account - the resolved account
 * @param options - default format and clock
 * @returns a signer
 */
export function createSignerForAccount(
  account: Account,
  options: Pick<TokenSignerOptions, 'format' | 'now'>,
): TokenSigner {
  const apiKey = account.projectId;
  const defaultFormat = options.format ?? 'jwt';
  if (defaultFormat !== 'jwt' && defaultFormat !== 't1') {
    throw invalidArgument('format', 'format must be "jwt" or "t1".');
  }
  if (account.kind === 'vonage' && defaultFormat === 't1') {
    throw invalidArgument('format', T1_NEEDS_OPENTOK);
  }
  const now = options.now ?? Date.now;
  const key: KeyObject | undefined =
    account.kind === 'opentok'
      ? createSecretKey(Buffer.from(account.apiSecret, 'utf8'))
      : undefined;
  const applicationIdJson = JSON.stringify(apiKey);
  const nextNonce = createNoncePool();
  const claimsPrefix = `{"iss":${JSON.stringify(apiKey)},"ist":"project","iat":`;
  // Session ids already checked against the api key, with their JSON: decoding and escaping one
  // costs a tenth of signing.
  const knownSessions = new Map<string, string>();
  // Tokens issued in the same second share an expiry; formatting a date costs a fifth of signing.
  let lastExpireTime = 0;
  let lastExpiresAt = '';

  function sessionIdJson(sessionId: string): string {
    const known = knownSessions.get(sessionId);
    if (known !== undefined) return known;
    if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > 255) {
      throw invalidArgument(
        'sessionId',
        'sessionId must be a session id (a string of at most 255 characters).',
      );
    }
    // The SDK checks the project of a session only on the OpenTok path; so do we.
    if (account.kind === 'opentok' && apiKeyOfSessionId(sessionId) !== apiKey) {
      throw invalidArgument(
        'sessionId',
        'sessionId is not a session of this project: create the session with the same API key.',
      );
    }
    if (knownSessions.size >= KNOWN_SESSIONS_LIMIT) knownSessions.clear();
    const json = JSON.stringify(sessionId);
    knownSessions.set(sessionId, json);
    return json;
  }

  function expiresAt(expireTime: number): string {
    if (expireTime !== lastExpireTime) {
      lastExpireTime = expireTime;
      lastExpiresAt = new Date(expireTime * 1000).toISOString();
    }
    return lastExpiresAt;
  }

  function signJwt(sessionJson: string, issuedAt: number, resolved: ResolvedTokenOptions): string {
    const exp = resolved.expireTime;
    const data =
      resolved.data === undefined ? '' : `,"connection_data":${jsonString(resolved.data)}`;
    // Claim order as the SDK writes them (jsonwebtoken keeps object order).
    const payload =
      `${claimsPrefix}${issuedAt},"exp":${exp},"session_id":${sessionJson}` +
      `,"create_time":${issuedAt},"nonce":${nextNonce()},"role":"${resolved.role}"` +
      `,"expire_time":${exp}${data}` +
      `,"initial_layout_class_list":${JSON.stringify(resolved.layoutClassList)}` +
      ',"scope":"session.connect"}';
    const signingInput = `${JWT_HEADER}.${Buffer.from(payload, 'utf8').toString('base64url')}`;
    const signature = createHmac('sha256', key as KeyObject)
      .update(signingInput)
      .digest('base64url');
    return `${signingInput}.${signature}`;
  }

  function signT1(sessionId: string, issuedAt: number, resolved: ResolvedTokenOptions): string {
    const fields: Record<string, string | number> = {
      session_id: sessionId,
      create_time: issuedAt,
      nonce: nextNonce(),
      role: resolved.role,
      expire_time: resolved.expireTime,
    };
    if (resolved.data !== undefined) fields.connection_data = resolved.data;
    fields.initial_layout_class_list = resolved.layoutClassList;
    fields.scope = 'session.connect';
    const data = toQueryString(fields);
    const signature = createHmac('sha1', key as KeyObject)
      .update(data)
      .digest('hex');
    const body = `partner_id=${apiKey}&sig=${signature}:${data}`;
    return `T1==${Buffer.from(body, 'utf8').toString('base64')}`;
  }

  /** Checks and resolves a request for a token: everything but the signature. */
  function prepare(sessionId: string, tokenOptions: TokenOptions | undefined) {
    const sessionJson = sessionIdJson(sessionId);
    const issuedAt = Math.round(now() / 1000);
    const resolved = resolveTokenOptions(tokenOptions, issuedAt);
    const format = resolved.format ?? defaultFormat;
    if (account.kind === 'vonage' && format === 't1') {
      throw invalidArgument('format', T1_NEEDS_OPENTOK);
    }
    return { sessionJson, issuedAt, resolved, format };
  }

  function issued(sessionId: string, token: string, resolved: ResolvedTokenOptions): IssuedToken {
    return {
      apiKey,
      sessionId,
      token,
      role: resolved.role,
      expiresAt: expiresAt(resolved.expireTime),
    };
  }

  function vonageInput(sessionJson: string, issuedAt: number, resolved: ResolvedTokenOptions) {
    const dataJson = resolved.data === undefined ? undefined : jsonString(resolved.data);
    return vonageSigningInput(applicationIdJson, sessionJson, issuedAt, resolved, dataJson);
  }

  function sign(sessionId: string, tokenOptions?: TokenOptions): IssuedToken {
    const { sessionJson, issuedAt, resolved, format } = prepare(sessionId, tokenOptions);
    let token: string;
    if (account.kind === 'vonage') {
      token = signVonageToken(vonageInput(sessionJson, issuedAt, resolved), account.privateKey);
    } else {
      token =
        format === 'jwt'
          ? signJwt(sessionJson, issuedAt, resolved)
          : signT1(sessionId, issuedAt, resolved);
    }
    return issued(sessionId, token, resolved);
  }

  return {
    sign,
    async signAsync(sessionId, tokenOptions) {
      if (account.kind !== 'vonage') return sign(sessionId, tokenOptions);
      const { sessionJson, issuedAt, resolved } = prepare(sessionId, tokenOptions);
      const input = vonageInput(sessionJson, issuedAt, resolved);
      return issued(sessionId, await signVonageTokenInPool(input, account.privateKey), resolved);
    },
  };
}

// Characters JSON.stringify would escape (quotes, backslash, controls, lone surrogates).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify for a string, without its cost when nothing needs escaping. */
function jsonString(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}
