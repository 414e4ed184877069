import { createHmac } from 'node:crypto';
import OpenTok from 'opentok';
import { describe, expect, it } from 'vitest';
import {
  type EmulatorTokenErrorReason,
  encodeSessionId,
  isEmulatorTokenError,
  verifyClientToken,
} from '../src/index.js';

const apiKey = '47112233';
const apiSecret = '0123456789abcdef0123456789abcdef01234567';
const credentials = { apiKey, apiSecret };
const opentok = new OpenTok(apiKey, apiSecret);
const sessionId = encodeSessionId({ apiKey });

function reasonOf(action: () => unknown): EmulatorTokenErrorReason | undefined {
  try {
    action();
  } catch (error) {
    if (isEmulatorTokenError(error)) return error.reason;
    throw error;
  }
  return undefined;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('verifyClientToken against tokens from the real opentok SDK', () => {
  it('accepts a default (JWT) token and returns its claims', () => {
    const token = opentok.generateToken(sessionId, {
      role: 'moderator',
      data: 'name=Ada',
      initialLayoutClassList: ['focus', 'full'],
    });
    const claims = verifyClientToken(token, credentials);
    expect(claims).toMatchObject({
      format: 'jwt',
      sessionId,
      role: 'moderator',
      connectionData: 'name=Ada',
      initialLayoutClassList: 'focus full',
    });
    expect(claims.expireTime - claims.createTime).toBe(86_400);
    expect(claims.nonce).toMatch(/^0\.\d+/);
  });

  it('accepts a legacy T1 token', () => {
    const token = opentok.generateToken(sessionId, { role: 'subscriber', data: 'a:b&c=d é' }, true);
    expect(token.startsWith('T1==')).toBe(true);
    const claims = verifyClientToken(token, credentials);
    expect(claims).toMatchObject({
      format: 't1',
      sessionId,
      role: 'subscriber',
      connectionData: 'a:b&c=d é',
    });
    expect(claims.initialLayoutClassList).toBeUndefined();
  });

  it('defaults to publisher and honours expireTime', () => {
    const expireTime = Math.floor(Date.now() / 1000) + 60;
    const claims = verifyClientToken(opentok.generateToken(sessionId, { expireTime }), credentials);
    expect(claims.role).toBe('publisher');
    expect(claims.expireTime).toBe(expireTime);
  });

  it('rejects a tampered JWT', () => {
    const [header, payload, signature] = opentok.generateToken(sessionId).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const tampered = `${header}.${base64urlJson({ ...claims, role: 'moderator' })}.${signature}`;
    expect(reasonOf(() => verifyClientToken(tampered, credentials))).toBe('bad_signature');
  });

  it('rejects a tampered T1 token', () => {
    const token = opentok.generateToken(sessionId, { role: 'subscriber' }, true);
    const decoded = Buffer.from(token.slice(4), 'base64').toString();
    const tampered = `T1==${Buffer.from(decoded.replace('role=subscriber', 'role=moderator')).toString('base64')}`;
    expect(reasonOf(() => verifyClientToken(tampered, credentials))).toBe('bad_signature');
  });

  it('rejects expired tokens (both formats)', () => {
    const jwt = opentok.generateToken(sessionId);
    const t1 = opentok.generateToken(sessionId, {}, true);
    const later = Date.now() + 2 * 86_400_000;
    expect(reasonOf(() => verifyClientToken(jwt, credentials, later))).toBe('expired');
    expect(reasonOf(() => verifyClientToken(t1, credentials, later))).toBe('expired');
  });

  it('rejects tokens of another API key', () => {
    const otherKey = '99887766';
    const other = new OpenTok(otherKey, apiSecret);
    const otherSession = encodeSessionId({ apiKey: otherKey });
    for (const t1 of [false, true]) {
      const token = other.generateToken(otherSession, {}, t1);
      expect(reasonOf(() => verifyClientToken(token, credentials))).toBe('wrong_project');
    }
  });

  it('rejects a token whose session id belongs to another API key', () => {
    const foreign = encodeSessionId({ apiKey: '99887766' });
    // The SDK refuses to sign such a token, so build one by hand with the right secret.
    const jwtToken = signJwt({
      iss: apiKey,
      ist: 'project',
      iat: 1,
      exp: 4_000_000_000,
      scope: 'session.connect',
      session_id: foreign,
      create_time: 1,
      expire_time: 4_000_000_000,
      nonce: 1,
      role: 'publisher',
    });
    expect(reasonOf(() => verifyClientToken(jwtToken, credentials))).toBe('wrong_project');
  });

  it('rejects tokens verified with the wrong secret', () => {
    const wrong = { apiKey, apiSecret: 'f'.repeat(40) };
    expect(reasonOf(() => verifyClientToken(opentok.generateToken(sessionId), wrong))).toBe(
      'bad_signature',
    );
    expect(
      reasonOf(() => verifyClientToken(opentok.generateToken(sessionId, {}, true), wrong)),
    ).toBe('bad_signature');
  });

  it('rejects a bad role, a bad scope, another algorithm and garbage', () => {
    const base = {
      iss: apiKey,
      ist: 'project',
      iat: 1,
      exp: 4_000_000_000,
      scope: 'session.connect',
      session_id: sessionId,
      create_time: 1,
      expire_time: 4_000_000_000,
      nonce: 1,
      role: 'publisher',
    };
    expect(verifyClientToken(signJwt(base), credentials).role).toBe('publisher');
    expect(
      reasonOf(() => verifyClientToken(signJwt({ ...base, role: 'admin' }), credentials)),
    ).toBe('bad_role');
    expect(
      reasonOf(() => verifyClientToken(signJwt({ ...base, scope: 'session.admin' }), credentials)),
    ).toBe('bad_scope');
    expect(
      reasonOf(() => verifyClientToken(signJwt({ ...base, session_id: 'nope' }), credentials)),
    ).toBe('bad_session_id');
    const none = `${base64urlJson({ alg: 'none' })}.${base64urlJson(base)}.`;
    expect(reasonOf(() => verifyClientToken(none, credentials))).toBe('unsupported_algorithm');
    for (const garbage of ['', 'abc', 'a.b.c', 'T1==!!!', 'T1==YWJj', '...']) {
      expect(reasonOf(() => verifyClientToken(garbage, credentials))).toBe('malformed');
    }
  });

  it('throws errors that carry a name, a reason and a helpful message', () => {
    try {
      verifyClientToken('abc', credentials);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('EmulatorTokenError');
      expect(isEmulatorTokenError(error)).toBe(true);
      expect(isEmulatorTokenError(new Error('x'))).toBe(false);
    }
  });
});

function signJwt(claims: Record<string, unknown>, secret: string = apiSecret): string {
  const input = `${base64urlJson({ alg: 'HS256', typ: 'JWT' })}.${base64urlJson(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
