import { createHmac, randomUUID, sign } from 'node:crypto';
import type { Account } from './account.js';

const HS256_HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
const RS256_HEADER = Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url');
/** Lifetime of a REST JWT, as the SDK writes it. */
const REST_JWT_SECONDS = 300;

/**
 * The JWT that authenticates one REST call, as the `opentok` SDK writes it (`lib/generateJwt.js`):
 * claims `{ iss, ist: 'project', iat, exp: iat + 300 }` plus a `jti`; for Vonage applications also
 * `application_id`, signed RS256 with the private key (sent as `Authorization: Bearer`), for OpenTok
 * projects HS256 with the API secret (sent as `X-OPENTOK-AUTH`).
 *
 * @param account - the account's resolved credentials
 * @param nowMs - the current time
 * @returns the compact JWT
 */
export function projectJwt(account: Account, nowMs: number = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + REST_JWT_SECONDS;
  if (account.kind === 'vonage') {
    const claims = {
      iss: account.projectId,
      ist: 'project',
      iat,
      exp,
      application_id: account.projectId,
      jti: randomUUID(),
    };
    const input = `${RS256_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${sign('sha256', Buffer.from(input), account.privateKey).toString('base64url')}`;
  }
  const claims = { iss: account.projectId, ist: 'project', iat, exp, jti: randomUUID() };
  const input = `${HS256_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', account.apiSecret).update(input).digest('base64url')}`;
}

/**
 * The auth header of one REST call for the account's kind.
 *
 * @param account - the account's resolved credentials
 * @returns `{ Authorization: 'Bearer …' }` for Vonage, `{ 'X-OPENTOK-AUTH': … }` for OpenTok
 */
export function authHeader(account: Account): Record<string, string> {
  const jwt = projectJwt(account);
  return account.kind === 'vonage' ? { Authorization: `Bearer ${jwt}` } : { 'X-OPENTOK-AUTH': jwt };
}
