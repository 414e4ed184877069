import { generateKeyPairSync, verify } from 'node:crypto';
import OpenTok from 'opentok';
import { describe, expect, it } from 'vitest';
import { sessionIdFor } from '../../test/support/tokens.js';
import { createTokenSigner } from './token-signer.js';

const applicationId = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
// The SDK switches to its Vonage path on exactly this: a UUID key and a PKCS#8 PEM secret.
const sdk = new OpenTok(applicationId, pem);
const signers = {
  'PEM text': createTokenSigner({ applicationId, privateKey: pem }),
  KeyObject: createTokenSigner({ applicationId, privateKey }),
  'the SDK style (UUID apiKey + PEM apiSecret)': createTokenSigner({
    apiKey: applicationId,
    apiSecret: pem,
  }),
};
const sessionId = sessionIdFor(applicationId);
const inOneHour = () => Math.round(Date.now() / 1000) + 3600;

/** Decodes an RS256 JWT and verifies it with the application's public key. */
function decodeRs256(token: string) {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    signatureValid: verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    ),
  };
}

// jti is random; iat, and exp when defaulted from now, may fall in the next second under load.
function stable(claims: Record<string, unknown>, explicitExpiry: boolean): Record<string, unknown> {
  const { jti, iat, exp, ...rest } = claims;
  return explicitExpiry ? { ...rest, exp } : rest;
}

// The SDK's Vonage path reads `expire_time` (not `expireTime`) and `data` only when truthy.
const cases: Array<{ title: string; ours: object; sdk: object }> = [
  { title: 'defaults', ours: {}, sdk: {} },
  ...(['publisher', 'publisheronly', 'subscriber', 'moderator'] as const).map((role) => ({
    title: `role ${role}`,
    ours: { role },
    sdk: { role },
  })),
  {
    title: 'data, layout classes and an explicit expiry',
    ours: {
      role: 'moderator',
      data: 'name=Ada&lang=en',
      initialLayoutClassList: ['focus', 'big'],
      expiry: true,
    },
    sdk: {
      role: 'moderator',
      data: 'name=Ada&lang=en',
      initialLayoutClassList: ['focus', 'big'],
      expiry: true,
    },
  },
  {
    title: 'unicode and JSON connection data of 1000 characters',
    ours: { data: `{"n":"Zoë 👋 \\"q\\""}`.padEnd(1000, '.') },
    sdk: { data: `{"n":"Zoë 👋 \\"q\\""}`.padEnd(1000, '.') },
  },
  {
    title: 'data with control characters, backslashes and a lone surrogate',
    ours: { data: 'a\nb\tc\\d\u0001e\ud800f</script>' },
    sdk: { data: 'a\nb\tc\\d\u0001e\ud800f</script>' },
  },
];

describe('Vonage RS256 client tokens: the same as the SDK Vonage generateToken', () => {
  for (const [how, signer] of Object.entries(signers)) {
    for (const c of cases) {
      it(`${c.title} (${how}): same header, claims in the same order, both verified with the public key`, () => {
        const { expiry, ...ours } = c.ours as { expiry?: boolean };
        const { expiry: _, ...theirs } = c.sdk as { expiry?: boolean };
        const expireTime = expiry ? inOneHour() : undefined;
        const issued = signer.sign(sessionId, expireTime ? { ...ours, expireTime } : ours);
        const mine = decodeRs256(issued.token);
        const sdkToken = decodeRs256(
          sdk.generateToken(
            sessionId,
            expireTime ? { ...theirs, expire_time: expireTime } : theirs,
          ),
        );
        expect(mine.signatureValid).toBe(true);
        expect(sdkToken.signatureValid).toBe(true);
        expect(mine.header).toEqual(sdkToken.header);
        expect(Object.keys(mine.claims)).toEqual(Object.keys(sdkToken.claims));
        expect(stable(mine.claims, expireTime !== undefined)).toEqual(
          stable(sdkToken.claims, expireTime !== undefined),
        );
        expect(Math.abs(Number(mine.claims.exp) - Number(sdkToken.claims.exp))).toBeLessThanOrEqual(
          1,
        );
        expect(mine.claims.jti).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect(mine.claims.jti).not.toBe(
          decodeRs256(signer.sign(sessionId, ours).token).claims.jti,
        );
        expect(Math.abs(Number(mine.claims.iat) - Number(sdkToken.claims.iat))).toBeLessThanOrEqual(
          1,
        );
        expect(issued).toMatchObject({ apiKey: applicationId, sessionId, role: mine.claims.role });
        expect(Date.parse(issued.expiresAt) / 1000).toBe(mine.claims.exp);
      });
    }
  }

  it('keeps the same limits as the OpenTok path', () => {
    const signer = signers.KeyObject;
    const now = Math.round(Date.now() / 1000);
    expect(() => signer.sign(sessionId, { data: 'x'.repeat(1001) })).toThrow(/at most 1000/);
    expect(() => signer.sign(sessionId, { expiresIn: 31 * 86400 })).toThrow(/at most 30 days/);
    expect(() => signer.sign(sessionId, { expireTime: now - 1 })).toThrow(/in the future/);
    expect(() => signer.sign(sessionId, { role: 'admin' as 'publisher' })).toThrow(
      /role must be one of/,
    );
    expect(() => signer.sign(sessionId, { initialLayoutClassList: ['a b'] })).toThrow(
      /without spaces/,
    );
    expect(() => signer.sign('', {})).toThrow(/sessionId must be a session id/);
    expect(
      decodeRs256(signer.sign(sessionId, { expiresIn: 60 }).token).claims.exp,
    ).toBeGreaterThanOrEqual(now + 59);
  });
});

describe('signAsync: the same tokens, RSA off the event loop', () => {
  const signer = signers.KeyObject;
  const options = { role: 'subscriber', data: 'name=Ada', expiresIn: 600 } as const;

  it('signs what sign signs: same header, claims and answer, verified with the public key', async () => {
    const issued = await signer.signAsync(sessionId, options);
    const reference = signer.sign(sessionId, options);
    const mine = decodeRs256(issued.token);
    const theirs = decodeRs256(reference.token);
    expect(mine.signatureValid).toBe(true);
    expect(mine.header).toEqual(theirs.header);
    expect(Object.keys(mine.claims)).toEqual(Object.keys(theirs.claims));
    expect(stable(mine.claims, false)).toEqual(stable(theirs.claims, false));
    const { token: _, expiresAt, ...rest } = issued;
    expect(rest).toEqual({ apiKey: applicationId, sessionId, role: 'subscriber' });
    expect(Math.abs(Date.parse(expiresAt) - Date.parse(reference.expiresAt))).toBeLessThanOrEqual(
      1000,
    );
  });

  it('rejects bad input with the errors of sign, before anything is signed', async () => {
    await expect(signer.signAsync(sessionId, { data: 'x'.repeat(1001) })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'data',
    });
    await expect(signer.signAsync('', {})).rejects.toMatchObject({ field: 'sessionId' });
    await expect(signer.signAsync(sessionId, { format: 't1' })).rejects.toMatchObject({
      field: 'format',
    });
  });

  it('keeps the event loop turning while 200 tokens are signed (sign would hold it throughout)', async () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const tokens = await Promise.all(
      Array.from({ length: 200 }, () => signer.signAsync(sessionId, options)),
    );
    counting = false;
    expect(new Set(tokens.map((t) => t.token)).size).toBe(200);
    expect(tokens.every((t) => decodeRs256(t.token).signatureValid)).toBe(true);
    // 200 RSA signatures keep the pool's threads busy for tens of milliseconds, finishing one by
    // one: the loop turns between them (even a starved main thread wakes for the first ones).
    expect(turns).toBeGreaterThan(0);

    turns = 0;
    counting = true;
    setImmediate(tick);
    for (let i = 0; i < 40; i++) signer.sign(sessionId, options);
    counting = false;
    expect(turns).toBe(0);
  });

  it('an OpenTok project signs at once, the same token as sign', async () => {
    const opentok = createTokenSigner({
      apiKey: '12345678',
      apiSecret: 'a'.repeat(40),
      now: () => 1_700_000_000_000,
    });
    const projectSession = sessionIdFor('12345678');
    const issued = await opentok.signAsync(projectSession, { format: 't1', role: 'moderator' });
    expect(issued.token).toMatch(/^T1==/);
    expect(issued).toMatchObject({
      apiKey: '12345678',
      sessionId: projectSession,
      role: 'moderator',
    });
  });
});
