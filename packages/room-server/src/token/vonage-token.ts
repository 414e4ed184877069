import { type KeyObject, randomUUID, sign } from 'node:crypto';
import type { ResolvedTokenOptions } from './token-options.js';

// base64url('{"alg":"RS256","typ":"JWT"}'): the header @vonage/jwt writes.
const RS256_HEADER = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
const ACL = ',"sub":"video","acl":{"paths":{"/session/**":{}}}';

/**
 * The signing input of a Vonage application's client token: an RS256 JWT's header and payload with
 * exactly the claims, in the order, that the `opentok` SDK's Vonage path produces through
 * `@vonage/jwt`'s `tokenGenerate`: `scope, session_id, role, initial_layout_class_list, exp, sub,
 * acl, connection_data?, jti, iat, application_id`. The payload is written as text (no object, no
 * JSON.stringify of a whole object), so the RSA signature is nearly the whole cost of a token.
 *
 * @param applicationIdJson - the application ID as a JSON string literal
 * @param sessionJson - the session id as a JSON string literal
 * @param issuedAt - seconds since the epoch
 * @param resolved - the validated token options
 * @param dataJson - the connection data as a JSON string literal, or undefined
 * @returns `header.payload`, base64url
 */
export function vonageSigningInput(
  applicationIdJson: string,
  sessionJson: string,
  issuedAt: number,
  resolved: ResolvedTokenOptions,
  dataJson: string | undefined,
): string {
  const data = dataJson === undefined ? '' : `,"connection_data":${dataJson}`;
  const payload =
    `{"scope":"session.connect","session_id":${sessionJson},"role":"${resolved.role}"` +
    `,"initial_layout_class_list":${JSON.stringify(resolved.layoutClassList)}` +
    `,"exp":${resolved.expireTime}${ACL}${data}` +
    `,"jti":"${randomUUID()}","iat":${issuedAt},"application_id":${applicationIdJson}}`;
  return `${RS256_HEADER}.${Buffer.from(payload, 'utf8').toString('base64url')}`;
}

/**
 * Signs a signing input on this thread.
 *
 * @param signingInput - from {@link vonageSigningInput}
 * @param privateKey - the application's RSA private key, parsed once
 * @returns the compact JWT
 */
export function signVonageToken(signingInput: string, privateKey: KeyObject): string {
  const signature = sign('sha256', Buffer.from(signingInput, 'latin1'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * Signs a signing input in libuv's thread pool (`crypto.sign`'s callback form): the same token, with
 * the event loop free for other requests while RSA runs (about 0.4 ms a token). On 2 cores an HTTP
 * join endpoint answers about 1.7 times as many Vonage joins this way (`bench/http-join.mjs`).
 *
 * @param signingInput - from {@link vonageSigningInput}
 * @param privateKey - the application's RSA private key, parsed once
 * @returns the compact JWT
 */
export function signVonageTokenInPool(
  signingInput: string,
  privateKey: KeyObject,
): Promise<string> {
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(signingInput, 'latin1'), privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(`${signingInput}.${signature.toString('base64url')}`);
    });
  });
}
