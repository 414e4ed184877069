import { createHmac, type KeyObject } from 'node:crypto';
import { EmulatorTokenError } from './errors.js';
import {
  constantTimeEqual,
  decodeHs256Jwt,
  decodeJwt,
  verifyHs256Signature,
  verifyRs256Signature,
} from './jwt.js';
import { decodeSessionId } from './session-id.js';

/** The roles a client token can carry. */
export type ClientTokenRole = 'publisher' | 'publisheronly' | 'subscriber' | 'moderator';

/**
 * The credentials of one OpenTok project, or of one Vonage application (then `publicKey` is set,
 * `apiKey` is the application ID and only RS256 tokens signed by the matching private key pass).
 */
export interface ProjectCredentials {
  /** The project's API key, or the Vonage application ID. */
  apiKey: string;
  /** The project's API secret (for a Vonage application: its private key PEM, never used to verify). */
  apiSecret: string;
  /** A Vonage application's public key: JWTs must be RS256 and verify with it. */
  publicKey?: KeyObject;
}

/** What a verified client token grants (see {@link verifyClientToken}). */
export interface ClientTokenClaims {
  /** `jwt` for the default HS256 JWT, `t1` for the legacy `T1==` format. */
  format: 'jwt' | 't1';
  /** The session the token connects to. */
  sessionId: string;
  /** The role granted to the connection. */
  role: ClientTokenRole;
  /** Expiry, in seconds since the epoch. */
  expireTime: number;
  /** Creation time, in seconds since the epoch. */
  createTime: number;
  /** The token's nonce, as text. */
  nonce: string;
  /** Connection data (`data` given to `generateToken`), when present. */
  connectionData?: string;
  /** Initial layout classes, space separated, when present and not empty. */
  initialLayoutClassList?: string;
}

const ROLES: readonly ClientTokenRole[] = ['publisher', 'publisheronly', 'subscriber', 'moderator'];
const T1_PREFIX = 'T1==';
const MAX_TEXT_CLAIM = 1024;

function isRole(value: unknown): value is ClientTokenRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Reads an integer claim that may arrive as a number (JWT) or as digits (T1). */
function readSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value));
  return undefined;
}

function readOptionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new EmulatorTokenError('malformed', `Token claim ${name} must be a string.`);
  }
  if (value.length > MAX_TEXT_CLAIM) {
    throw new EmulatorTokenError('bad_data', `Token claim ${name} is longer than 1024 chars.`);
  }
  return value;
}

/** The checks both formats share, once the signature is known to be good. */
function buildClaims(
  format: 'jwt' | 't1',
  fields: Readonly<Record<string, unknown>>,
  apiKey: string,
  now: number,
): ClientTokenClaims {
  const scope = fields.scope;
  if (scope !== undefined && scope !== 'session.connect') {
    throw new EmulatorTokenError(
      'bad_scope',
      `Token scope is ${JSON.stringify(scope)}, expected "session.connect".`,
    );
  }
  const sessionId = fields.session_id;
  if (typeof sessionId !== 'string' || sessionId.length === 0) {
    throw new EmulatorTokenError('bad_session_id', 'Token has no session_id.');
  }
  const decoded = decodeSessionId(sessionId);
  if (decoded === undefined) {
    throw new EmulatorTokenError(
      'bad_session_id',
      'Token session_id is not an OpenTok session id.',
    );
  }
  if (decoded.apiKey !== apiKey) {
    throw new EmulatorTokenError(
      'wrong_project',
      'Token session_id belongs to another API key: create the session with this project.',
    );
  }
  const role = fields.role ?? 'publisher';
  if (!isRole(role)) {
    throw new EmulatorTokenError(
      'bad_role',
      `Token role ${JSON.stringify(role)} is not one of ${ROLES.join(', ')}.`,
    );
  }
  const expireTime = readSeconds(fields.expire_time ?? fields.exp);
  const createTime = readSeconds(fields.create_time ?? fields.iat);
  if (expireTime === undefined || createTime === undefined) {
    throw new EmulatorTokenError('malformed', 'Token has no valid expire_time or create_time.');
  }
  if (expireTime * 1000 <= now) {
    throw new EmulatorTokenError('expired', 'Token has expired: generate a new one.');
  }
  const exp = fields.exp === undefined ? undefined : readSeconds(fields.exp);
  if (format === 'jwt' && (exp === undefined || exp * 1000 <= now)) {
    throw new EmulatorTokenError('expired', 'Token JWT exp is missing or has passed.');
  }
  const nonce = fields.nonce;
  if (typeof nonce !== 'string' && typeof nonce !== 'number') {
    throw new EmulatorTokenError('malformed', 'Token has no nonce.');
  }
  const claims: ClientTokenClaims = {
    format,
    sessionId,
    role,
    expireTime,
    createTime,
    nonce: String(nonce),
  };
  const connectionData = readOptionalText(fields.connection_data, 'connection_data');
  if (connectionData !== undefined) claims.connectionData = connectionData;
  const layout = readOptionalText(fields.initial_layout_class_list, 'initial_layout_class_list');
  if (layout !== undefined && layout.length > 0) claims.initialLayoutClassList = layout;
  return claims;
}

function verifyJwtToken(
  token: string,
  credentials: ProjectCredentials,
  now: number,
): ClientTokenClaims {
  const jwt = decodeHs256Jwt(token);
  const { payload } = jwt;
  if (payload.iss === undefined || String(payload.iss) !== credentials.apiKey) {
    throw new EmulatorTokenError('wrong_project', 'Token was issued for another API key (iss).');
  }
  if (!verifyHs256Signature(jwt, credentials.apiSecret)) {
    throw new EmulatorTokenError(
      'bad_signature',
      'Token signature does not match: sign it with this project API secret.',
    );
  }
  if (payload.ist !== 'project') {
    throw new EmulatorTokenError('bad_scope', 'Token claim ist must be "project".');
  }
  if (payload.scope !== 'session.connect') {
    throw new EmulatorTokenError('bad_scope', 'Token claim scope must be "session.connect".');
  }
  return buildClaims('jwt', payload, credentials.apiKey, now);
}

/** A Vonage application's client token: claims as the SDK's Vonage `generateToken` writes them. */
function verifyRs256Token(
  token: string,
  applicationId: string,
  publicKey: KeyObject,
  now: number,
): ClientTokenClaims {
  const jwt = decodeJwt(token, 'RS256');
  const { payload } = jwt;
  if (!verifyRs256Signature(jwt, publicKey)) {
    throw new EmulatorTokenError(
      'bad_signature',
      "Token signature does not match: sign it with this application's private key.",
    );
  }
  if (payload.application_id === undefined || String(payload.application_id) !== applicationId) {
    throw new EmulatorTokenError(
      'wrong_project',
      'Token was issued for another application (application_id).',
    );
  }
  if (payload.scope !== 'session.connect') {
    throw new EmulatorTokenError('bad_scope', 'Token claim scope must be "session.connect".');
  }
  // jti is the Vonage token's nonce; iat and exp its create and expire times.
  return buildClaims('jwt', { ...payload, nonce: payload.jti }, applicationId, now);
}

function verifyT1Token(
  token: string,
  credentials: ProjectCredentials,
  now: number,
): ClientTokenClaims {
  const encoded = token.slice(T1_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new EmulatorTokenError('malformed', 'T1 token body is not base64.');
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new EmulatorTokenError('malformed', 'T1 token has no "meta:data" separator.');
  }
  const meta = new URLSearchParams(decoded.slice(0, colon));
  const data = decoded.slice(colon + 1);
  if (meta.get('partner_id') !== credentials.apiKey) {
    throw new EmulatorTokenError('wrong_project', 'Token was issued for another API key.');
  }
  const signature = meta.get('sig') ?? '';
  const expected = createHmac('sha1', credentials.apiSecret).update(data).digest('hex');
  if (!constantTimeEqual(Buffer.from(expected, 'utf8'), Buffer.from(signature, 'utf8'))) {
    throw new EmulatorTokenError(
      'bad_signature',
      'Token signature does not match: sign it with this project API secret.',
    );
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(data)) fields[key] = value;
  return buildClaims('t1', fields, credentials.apiKey, now);
}

/**
 * Verifies a client token the way OpenTok does when a client connects, with code independent of
 * any token generator. For a Vonage application (`publicKey` given): only an RS256 JWT verified
 * with the public key, `application_id` = the application ID, `scope` = `session.connect`. For an
 * OpenTok project: the default HS256 JWT (`alg` HS256, HMAC-SHA256 with the API secret,
 * `iss` = API key, `ist` = `project`, `scope` = `session.connect`) and the legacy `T1==` format
 * (HMAC-SHA1 with the API secret, `partner_id` = API key). Both must carry a session id of this
 * API key, a valid role and an expiry in the future.
 *
 * @param token - The client token.
 * @param credentials - The project's API key and secret.
 * @param now - The current time in milliseconds since the epoch. Default: `Date.now()`.
 * @returns The claims the token grants.
 * @throws {@link EmulatorTokenError} with a `reason` saying why the token was rejected.
 *
 * @example
 * ```ts
 * const token = new OpenTok(apiKey, apiSecret).generateToken(sessionId, { role: 'subscriber' });
 * const claims = verifyClientToken(token, { apiKey, apiSecret });
 * claims.role; // 'subscriber'
 * ```
 */
export function verifyClientToken(
  token: string,
  credentials: ProjectCredentials,
  now: number = Date.now(),
): ClientTokenClaims {
  if (typeof token !== 'string' || token.length === 0) {
    throw new EmulatorTokenError('malformed', 'Token must be a non-empty string.');
  }
  if (credentials.publicKey !== undefined) {
    if (token.startsWith(T1_PREFIX)) {
      throw new EmulatorTokenError(
        'unsupported_algorithm',
        'T1 tokens are not accepted for Vonage applications: sign an RS256 JWT with the private key.',
      );
    }
    return verifyRs256Token(token, credentials.apiKey, credentials.publicKey, now);
  }
  if (token.startsWith(T1_PREFIX)) return verifyT1Token(token, credentials, now);
  return verifyJwtToken(token, credentials, now);
}
