import { type KeyObject, randomUUID, sign } from 'node:crypto';
import type { ResolvedTokenOptions } from './token-options.js';

// base64url('{"alg":"RS256","typ":"JWT"}'): the header @vonage/jwt writes.
const RS256_HEADER = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
const ACL = ',"sub":"video","acl":{"paths":{"/session/**":{}}}';

/**
 * Signs the client token of a Vonage application: an RS256 JWT with exactly the claims, in the
 * order, that the `opentok` SDK's Vonage path produces through `@vonage/jwt`'s `tokenGenerate`:
 * `scope, session_id, role, initial_layout_class_list, exp, sub, acl, connection_data?, jti, iat,
 * application_id`. The payload is written as text (no object, no JSON.stringify of a whole object)
 * and signed with a pre-parsed KeyObject, so the RSA signature is nearly the whole cost.
 *
 * @param applicationIdJson - the application ID as a JSON string literal
 * @param privateKey - its RSA private key, parsed once
 * @param sessionJson - the session id as a JSON string literal
 * @param issuedAt - seconds since the epoch
 * @param resolved - the validated token options
 * @param dataJson - the connection data as a JSON string literal, or undefined
 * @returns the compact JWT
 */
export function signVonageToken(
  applicationIdJson: string,
  privateKey: KeyObject,
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
  const signingInput = `${RS256_HEADER}.${Buffer.from(payload, 'utf8').toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'latin1'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
