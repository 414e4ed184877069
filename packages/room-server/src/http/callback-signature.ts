import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { RoomError } from '../errors.js';

/** Options of {@link verifyCallbackSignature}. */
export interface CallbackSignatureOptions {
  /** The signature secret configured for session monitoring. */
  secret: string;
  /** Oldest accepted `iat`, in seconds before now. Default 600. */
  maxAgeSeconds?: number;
  /** The current time in milliseconds (tests). */
  nowMs?: number;
}

const CLOCK_SKEW_SECONDS = 60;

/**
 * Verifies a signed ("secure") OpenTok callback: the `Authorization` header carries a JWT
 * (`Bearer` optional), HS256-signed with the signature secret, whose `payload_hash` claim is the
 * SHA-256 (hex) of the raw body and whose `iat` is recent.
 *
 * @param authorization - the Authorization header value
 * @param rawBody - the body exactly as received
 * @param options - secret, maximum age, clock
 * @throws RoomError `unauthorized`, saying what is wrong (never the secret)
 */
export function verifyCallbackSignature(
  authorization: string | null,
  rawBody: string,
  options: CallbackSignatureOptions,
): void {
  if (!authorization) throw unauthorized('the Authorization header with the signed JWT is missing');
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized('the Authorization header is not a JWT');
  const [header, payload, signature] = parts as [string, string, string];
  let alg: unknown;
  let claims: Record<string, unknown>;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    throw unauthorized('the JWT cannot be decoded');
  }
  if (alg !== 'HS256') throw unauthorized('the JWT must be signed with HS256');
  const expected = createHmac('sha256', options.secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw unauthorized('the JWT signature does not match the signature secret');
  }
  const bodyHash = createHash('sha256').update(rawBody, 'utf8').digest('hex');
  if (typeof claims.payload_hash !== 'string' || claims.payload_hash.toLowerCase() !== bodyHash) {
    throw unauthorized('the body does not match the payload_hash of the JWT');
  }
  const now = (options.nowMs ?? Date.now()) / 1000;
  const { iat, exp } = claims;
  if (typeof iat !== 'number') throw unauthorized('the JWT has no iat');
  if (iat > now + CLOCK_SKEW_SECONDS) throw unauthorized('the JWT was issued in the future');
  if (now - iat > (options.maxAgeSeconds ?? 600))
    throw unauthorized('the JWT is too old (replayed?)');
  if (typeof exp === 'number' && exp + CLOCK_SKEW_SECONDS < now)
    throw unauthorized('the JWT has expired');
}

/**
 * Signs a callback body the way OpenTok's secure callbacks do: for tests and for emulators.
 *
 * @param rawBody - the exact body to send
 * @param secret - the signature secret
 * @param nowMs - the issue time
 * @returns the Authorization header value (`Bearer <jwt>`)
 */
export function signCallback(rawBody: string, secret: string, nowMs: number = Date.now()): string {
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    iat,
    exp: iat + 300,
    jti: createHash('sha256')
      .update(`${rawBody}${nowMs}${Math.random()}`)
      .digest('hex')
      .slice(0, 32),
    iss: 'Vonage',
    payload_hash: createHash('sha256').update(rawBody, 'utf8').digest('hex'),
  };
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `Bearer ${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function unauthorized(why: string): RoomError {
  return new RoomError('unauthorized', `Callback signature rejected: ${why}.`);
}
