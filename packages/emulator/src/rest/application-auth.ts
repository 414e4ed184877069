import type { KeyObject } from 'node:crypto';
import { isEmulatorTokenError } from '../errors.js';
import { decodeJwt, verifyRs256Signature } from '../jwt.js';
import type { ProjectAuthFailure } from './project-auth.js';
import type { RestRequest } from './rest-types.js';

/** Clock skew tolerated on `iat` and `exp`, in seconds. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * Checks the auth of a REST request to a Vonage application, as the Vonage Video API does:
 * `Authorization: Bearer <JWT>`, RS256 (no HS256, no `none`) verified with the application's public
 * key, `application_id` = the application ID, `iat` not in the future and `exp` not passed. A
 * failure is answered 401.
 *
 * @param request - The REST request.
 * @param applicationId - The application ID.
 * @param publicKey - The application's public key.
 * @param nowMs - The current time in milliseconds.
 * @returns `undefined` when authenticated, otherwise why not.
 * @internal
 */
export function checkApplicationAuth(
  request: RestRequest,
  applicationId: string,
  publicKey: KeyObject,
  nowMs: number,
): ProjectAuthFailure {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !/^Bearer\s+\S/i.test(header)) {
    const hint =
      request.headers['x-opentok-auth'] === undefined
        ? ''
        : ' X-OPENTOK-AUTH is for OpenTok projects; a Vonage application sends an RS256 JWT.';
    return { message: `Missing Authorization: Bearer header.${hint}` };
  }
  let jwt: ReturnType<typeof decodeJwt>;
  try {
    jwt = decodeJwt(header.replace(/^Bearer\s+/i, '').trim(), 'RS256');
  } catch (error) {
    return { message: isEmulatorTokenError(error) ? error.message : 'Invalid JWT.' };
  }
  if (!verifyRs256Signature(jwt, publicKey)) {
    return { message: "Invalid token: signature does not match the application's public key." };
  }
  const { payload } = jwt;
  if (String(payload.application_id ?? payload.iss) !== applicationId) {
    return { message: 'Invalid token: unknown application (application_id).' };
  }
  const now = nowMs / 1000;
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    return { message: 'Invalid token: iat is missing.' };
  }
  if (iat > now + CLOCK_SKEW_SECONDS) return { message: 'Invalid token: iat is in the future.' };
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return { message: 'Invalid token: exp is missing.' };
  }
  if (exp + CLOCK_SKEW_SECONDS <= now) return { message: 'Invalid token: expired.' };
  return undefined;
}
