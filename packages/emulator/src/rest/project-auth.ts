import { isEmulatorTokenError } from '../errors.js';
import { decodeHs256Jwt, verifyHs256Signature } from '../jwt.js';
import type { RestRequest } from './rest-types.js';

/** Clock skew tolerated on `iat` and `exp`, in seconds. */
const CLOCK_SKEW_SECONDS = 60;

/** The outcome of {@link checkProjectAuth}: `undefined` when the request is authenticated. */
export type ProjectAuthFailure = { readonly message: string } | undefined;

/**
 * Checks the `X-OPENTOK-AUTH` header of a REST request: an HS256 JWT signed with the API secret,
 * claims `iss` = API key, `ist` = `project`, `iat` present (not in the future) and `exp` in the
 * future, both with {@link CLOCK_SKEW_SECONDS} of tolerance.
 *
 * @param request - The REST request.
 * @param credentials - The project's API key and secret.
 * @param nowMs - The current time in milliseconds.
 * @returns `undefined` when authenticated, otherwise why not.
 * @internal
 */
export function checkProjectAuth(
  request: RestRequest,
  credentials: { readonly apiKey: string; readonly apiSecret: string },
  nowMs: number,
): ProjectAuthFailure {
  const header = request.headers['x-opentok-auth'];
  if (typeof header !== 'string' || header.length === 0) {
    return { message: 'Missing X-OPENTOK-AUTH header.' };
  }
  let jwt: ReturnType<typeof decodeHs256Jwt>;
  try {
    jwt = decodeHs256Jwt(header);
  } catch (error) {
    return { message: isEmulatorTokenError(error) ? error.message : 'Invalid JWT.' };
  }
  const { payload } = jwt;
  if (payload.iss === undefined || String(payload.iss) !== credentials.apiKey) {
    return { message: 'Invalid token: unknown API key (iss).' };
  }
  if (!verifyHs256Signature(jwt, credentials.apiSecret)) {
    return { message: 'Invalid token: signature does not match the API secret.' };
  }
  if (payload.ist !== 'project') {
    return { message: 'Invalid token: ist must be "project".' };
  }
  const now = nowMs / 1000;
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    return { message: 'Invalid token: iat is missing.' };
  }
  if (iat > now + CLOCK_SKEW_SECONDS) {
    return { message: 'Invalid token: iat is in the future.' };
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return { message: 'Invalid token: exp is missing.' };
  }
  if (exp + CLOCK_SKEW_SECONDS <= now) {
    return { message: 'Invalid token: expired.' };
  }
  return undefined;
}
