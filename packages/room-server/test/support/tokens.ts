import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';

/** A session id of the given project, as OpenTok encodes them (no server needed). */
export function sessionIdFor(apiKey: string, random = 'abc123'): string {
  const body = `1~${apiKey}~~${Date.now()}~${random}~MX4~`;
  return `1_${Buffer.from(body, 'latin1').toString('base64url')}`;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signatureValid: boolean;
}

/** Decodes a JWT and checks its HS256 signature with `secret`. */
export function decodeJwt(token: string, secret: string): DecodedJwt {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    signatureValid: actual.length === expected.length && timingSafeEqual(actual, expected),
  };
}

export interface DecodedT1 {
  partnerId: unknown;
  fields: Record<string, string>;
  signatureValid: boolean;
}

/** Decodes a `T1==` token and checks its HMAC-SHA1 signature with `secret`. */
export function decodeT1(token: string, secret: string): DecodedT1 {
  if (!token.startsWith('T1==')) throw new Error('not a T1 token');
  const decoded = Buffer.from(token.slice(4), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const head = parseQueryString(decoded.slice(0, colon));
  const data = decoded.slice(colon + 1);
  const expected = createHmac('sha1', secret).update(data).digest('hex');
  return {
    partnerId: head.partner_id,
    fields: parseQueryString(data) as Record<string, string>,
    signatureValid: head.sig === expected,
  };
}

/** Claims without the ones that differ on every call (nonce) or every second (times). */
export function stableClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const { nonce, iat, create_time, ...rest } = claims;
  return rest;
}
