import OpenTok from 'opentok';
import { describe, expect, it } from 'vitest';
import { decodeJwt, decodeT1, sessionIdFor, stableClaims } from '../../test/support/tokens.js';
import { isRoomError } from '../errors.js';
import { createTokenSigner } from './token-signer.js';

const apiKey = '47123456';
const apiSecret = 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678';
const sdk = new OpenTok(apiKey, apiSecret);
const signer = createTokenSigner({ apiKey, apiSecret });
const sessionId = sessionIdFor(apiKey);
const inOneHour = () => Math.round(Date.now() / 1000) + 3600;

const cases: Array<{ title: string; ours: object; sdk: object }> = [
  { title: 'defaults', ours: {}, sdk: {} },
  ...(['publisher', 'publisheronly', 'subscriber', 'moderator'] as const).map((role) => ({
    title: `role ${role}`,
    ours: { role },
    sdk: { role },
  })),
  {
    title: 'data, layout classes and an explicit expiry',
    ours: { role: 'moderator', data: 'name=Ada&lang=en', initialLayoutClassList: ['focus', 'big'] },
    sdk: { role: 'moderator', data: 'name=Ada&lang=en', initialLayoutClassList: ['focus', 'big'] },
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

describe('createTokenSigner: the same tokens as opentok.generateToken', () => {
  for (const c of cases) {
    it(`JWT with ${c.title}: same header and claims, valid signature`, () => {
      const expireTime = inOneHour();
      const ours = decodeJwt(signer.sign(sessionId, { ...c.ours, expireTime }).token, apiSecret);
      const theirs = decodeJwt(sdk.generateToken(sessionId, { ...c.sdk, expireTime }), apiSecret);
      expect(ours.signatureValid).toBe(true);
      expect(theirs.signatureValid).toBe(true);
      expect(ours.header).toEqual(theirs.header);
      expect(Object.keys(ours.claims)).toEqual(Object.keys(theirs.claims));
      expect(stableClaims(ours.claims)).toEqual(stableClaims(theirs.claims));
      expect(typeof ours.claims.nonce).toBe(typeof theirs.claims.nonce);
      expect(Math.abs(Number(ours.claims.iat) - Number(theirs.claims.iat))).toBeLessThanOrEqual(1);
    });

    it(`T1 with ${c.title}: same fields, valid signature`, () => {
      const expireTime = inOneHour();
      const ours = decodeT1(
        signer.sign(sessionId, { ...c.ours, expireTime, format: 't1' }).token,
        apiSecret,
      );
      const theirs = decodeT1(
        sdk.generateToken(sessionId, { ...c.sdk, expireTime }, true),
        apiSecret,
      );
      expect(ours.signatureValid).toBe(true);
      expect(theirs.signatureValid).toBe(true);
      expect(ours.partnerId).toBe(theirs.partnerId);
      expect(Object.keys(ours.fields)).toEqual(Object.keys(theirs.fields));
      expect(stableClaims(ours.fields)).toEqual(stableClaims(theirs.fields));
    });
  }

  it('default expiry is 24 hours, as the SDK', () => {
    const ours = decodeJwt(signer.sign(sessionId).token, apiSecret).claims;
    const theirs = decodeJwt(sdk.generateToken(sessionId), apiSecret).claims;
    expect(Math.abs(Number(ours.exp) - Number(theirs.exp))).toBeLessThanOrEqual(1);
    expect(Number(ours.exp) - Number(ours.iat)).toBe(86_400);
  });

  it('reports role and expiry with the token', () => {
    const expireTime = inOneHour();
    const issued = signer.sign(sessionId, { role: 'subscriber', expireTime });
    expect(issued).toMatchObject({ apiKey, sessionId, role: 'subscriber' });
    expect(issued.expiresAt).toBe(new Date(expireTime * 1000).toISOString());
  });

  it('expiresIn sets exp that many seconds ahead', () => {
    const { claims } = decodeJwt(signer.sign(sessionId, { expiresIn: 120 }).token, apiSecret);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(120);
    expect(claims.expire_time).toBe(claims.exp);
  });

  it('gives every token its own nonce', () => {
    const nonces = new Set(
      Array.from(
        { length: 1000 },
        () => decodeJwt(signer.sign(sessionId).token, apiSecret).claims.nonce,
      ),
    );
    expect(nonces.size).toBe(1000);
  });

  it('signs with the secret: another secret does not verify', () => {
    expect(decodeJwt(signer.sign(sessionId).token, `${apiSecret}x`).signatureValid).toBe(false);
  });

  it('refuses a session of another project, as the SDK does', () => {
    const foreign = sessionIdFor('99999999');
    expect(() => sdk.generateToken(foreign)).toThrow(/belongs to the API Key/);
    expect(() => signer.sign(foreign)).toThrowError(
      expect.objectContaining({ code: 'invalid_argument', field: 'sessionId' }),
    );
    expect(() => signer.sign('not-a-session')).toThrow(/not a session of this project/);
  });
});

describe('createTokenSigner: validation', () => {
  const bad: Array<[string, object, string]> = [
    ['an unknown role', { role: 'admin' }, 'role'],
    ['data over 1000 characters', { data: 'x'.repeat(1001) }, 'data'],
    ['data that is not a string', { data: 42 }, 'data'],
    ['expiresIn of 0', { expiresIn: 0 }, 'expiresIn'],
    ['a negative expiresIn', { expiresIn: -5 }, 'expiresIn'],
    ['expiresIn over 30 days', { expiresIn: 30 * 86_400 + 1 }, 'expiresIn'],
    ['expiresIn that is not a number', { expiresIn: '3600' }, 'expiresIn'],
    ['expiresIn of NaN', { expiresIn: Number.NaN }, 'expiresIn'],
    ['an expireTime in the past', { expireTime: Math.round(Date.now() / 1000) - 10 }, 'expireTime'],
    [
      'an expireTime over 30 days ahead',
      { expireTime: Math.round(Date.now() / 1000) + 31 * 86_400 },
      'expireTime',
    ],
    ['both expiresIn and expireTime', { expiresIn: 60, expireTime: inOneHour() }, 'expiresIn'],
    [
      'a layout list that is a string',
      { initialLayoutClassList: 'focus' },
      'initialLayoutClassList',
    ],
    ['a layout class with a space', { initialLayoutClassList: ['a b'] }, 'initialLayoutClassList'],
    [
      'a layout list over 1024 characters',
      { initialLayoutClassList: ['x'.repeat(1025)] },
      'initialLayoutClassList',
    ],
    ['an unknown format', { format: 't2' }, 'format'],
    ['an unknown option', { rol: 'publisher' }, 'rol'],
  ];
  for (const [title, options, field] of bad) {
    it(`rejects ${title} with invalid_argument on "${field}"`, () => {
      let caught: unknown;
      try {
        signer.sign(sessionId, options as never);
      } catch (error) {
        caught = error;
      }
      expect(isRoomError(caught)).toBe(true);
      expect(caught).toMatchObject({ code: 'invalid_argument', field });
    });
  }

  it('accepts the limits themselves: 1000 characters of data, 30 days, 1024 layout characters', () => {
    expect(() =>
      signer.sign(sessionId, {
        data: 'x'.repeat(1000),
        expiresIn: 30 * 86_400,
        initialLayoutClassList: ['y'.repeat(1024)],
      }),
    ).not.toThrow();
  });

  it('needs credentials and never repeats the secret', () => {
    expect(() => createTokenSigner({ apiKey: '', apiSecret })).toThrow(/apiKey/);
    try {
      createTokenSigner({ apiKey, apiSecret: '' });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain(apiSecret);
    }
  });
});
