import { createHmac, randomUUID } from 'node:crypto';

const HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');

/**
 * The `X-OPENTOK-AUTH` JWT for OpenTok's REST API: HS256 with the API secret, claims
 * `{ iss: apiKey, ist: 'project', iat, exp: iat + 300, jti }`, as the SDK writes it.
 *
 * @param apiKey - the project API key
 * @param apiSecret - the project API secret
 * @param nowMs - the current time
 * @returns the JWT
 */
export function projectJwt(apiKey: string, apiSecret: string, nowMs: number = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const claims = { iss: apiKey, ist: 'project', iat, exp: iat + 300, jti: randomUUID() };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', apiSecret).update(input).digest('base64url')}`;
}
