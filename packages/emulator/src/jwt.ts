import { createHmac, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { EmulatorTokenError } from './errors.js';

/** A JWT split into its parts; the signature is not verified yet. @internal */
export interface DecodedJwt {
  /** The decoded JOSE header. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The decoded claims. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** `base64url(header) + '.' + base64url(payload)`, the bytes the signature covers. */
  readonly signingInput: string;
  /** The raw signature bytes. */
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes or a UTF-8 string as unpadded base64url.
 *
 * @param input - The bytes or text to encode.
 * @returns The base64url text, without `=` padding.
 * @internal
 */
export function base64urlEncode(input: Buffer | string): string {
  const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return buffer.toString('base64url');
}

/**
 * Decodes unpadded base64url text, strictly (no other characters allowed).
 *
 * @param input - base64url text.
 * @returns The bytes, or `undefined` when `input` is not base64url.
 * @internal
 */
export function base64urlDecode(input: string): Buffer | undefined {
  if (!BASE64URL.test(input) || input.length % 4 === 1) return undefined;
  return Buffer.from(input, 'base64url');
}

/**
 * Signs claims as an HS256 JWT (`{"alg":"HS256","typ":"JWT"}`).
 *
 * @param payload - The claims.
 * @param secret - The HMAC key (an OpenTok API secret).
 * @returns The compact JWT.
 * @internal
 */
export function signHs256(payload: Readonly<Record<string, unknown>>, secret: string): string {
  const signingInput = `${base64urlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64urlEncode(JSON.stringify(payload))}`;
  const signature = createHmac('sha256', secret).update(signingInput).digest();
  return `${signingInput}.${base64urlEncode(signature)}`;
}

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  const bytes = base64urlDecode(part);
  if (bytes === undefined) {
    throw new EmulatorTokenError('malformed', `The JWT ${what} is not base64url.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new EmulatorTokenError('malformed', `The JWT ${what} is not JSON.`, { cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EmulatorTokenError('malformed', `The JWT ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Splits a compact JWT and decodes its header and claims. Checks that the header says HS256.
 * Does not verify the signature: see {@link verifyHs256Signature}.
 *
 * @param token - A compact JWT.
 * @returns The decoded parts.
 * @throws {@link EmulatorTokenError} `malformed` or `unsupported_algorithm`.
 * @internal
 */
export function decodeHs256Jwt(token: string): DecodedJwt {
  return decodeJwt(token, 'HS256');
}

/**
 * Splits a compact JWT and decodes its header and claims, checking that the header names `alg`
 * (so `none`, or HS256 where RS256 is due, never reaches a signature check).
 *
 * @param token - A compact JWT.
 * @param alg - The one algorithm accepted.
 * @returns The decoded parts.
 * @throws {@link EmulatorTokenError} `malformed` or `unsupported_algorithm`.
 * @internal
 */
export function decodeJwt(token: string, alg: 'HS256' | 'RS256'): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new EmulatorTokenError('malformed', 'A JWT has three dot-separated parts.');
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJsonObject(headerPart, 'header');
  if (header.alg !== alg) {
    throw new EmulatorTokenError(
      'unsupported_algorithm',
      alg === 'HS256'
        ? `The JWT is signed with ${JSON.stringify(header.alg)}; OpenTok project tokens use HS256.`
        : `The JWT is signed with ${JSON.stringify(header.alg)}; Vonage application tokens use RS256 (signed with the application's private key).`,
    );
  }
  const payload = decodeJsonObject(payloadPart, 'payload');
  const signature = base64urlDecode(signaturePart);
  if (signature === undefined || signature.length === 0) {
    throw new EmulatorTokenError('malformed', 'The JWT signature is missing or not base64url.');
  }
  return { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature };
}

/**
 * Compares two byte strings in constant time (false when their lengths differ).
 *
 * @param a - First bytes.
 * @param b - Second bytes.
 * @returns Whether they are equal.
 * @internal
 */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks an HS256 signature.
 *
 * @param jwt - The decoded JWT.
 * @param secret - The HMAC key (an OpenTok API secret).
 * @returns Whether the signature matches.
 * @internal
 */
export function verifyHs256Signature(jwt: DecodedJwt, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(jwt.signingInput).digest();
  return constantTimeEqual(expected, jwt.signature);
}

/**
 * Checks an RS256 signature with the application's public key.
 *
 * @param jwt - The decoded JWT.
 * @param publicKey - The Vonage application's public key.
 * @returns Whether the signature matches.
 * @internal
 */
export function verifyRs256Signature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), publicKey, jwt.signature);
  } catch {
    return false;
  }
}
