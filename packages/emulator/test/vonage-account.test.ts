// The emulator as a Vonage application: the real opentok SDK (which switches to Bearer RS256 on a
// UUID key and a PEM secret) creates sessions and moderates; anything else is refused as Vonage does.
import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import OpenTok from 'opentok';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator, verifyClientToken } from '../src/index.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';
import { connectRawClient, openRawClient } from './helpers/ws-client.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function rs256(claims: Record<string, unknown>, key: Parameters<typeof sign>[2]): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
function hs256(claims: Record<string, unknown>, secret: string): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function call<T extends unknown[]>(run: (callback: (...args: T) => void) => void): Promise<T> {
  return new Promise((resolve) => run((...args) => resolve(args)));
}

describe("startEmulator({ account: 'vonage' })", () => {
  let emulator: Emulator;
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  beforeAll(async () => {
    emulator = await startEmulator({ account: 'vonage' });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('exposes a UUID application id and a PKCS#8 private key (also as apiKey/apiSecret)', () => {
    expect(emulator.account).toBe('vonage');
    expect(emulator.applicationId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(emulator.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(emulator.apiKey).toBe(emulator.applicationId);
    expect(emulator.apiSecret).toBe(emulator.privateKey);
  });

  it('the real SDK creates a session, and its RS256 client token connects', async () => {
    const { error, sessionId } = await createSessionViaSdk(sdkFor(emulator), {
      mediaMode: 'routed',
    });
    expect(error).toBeNull();
    expect(sessionId).toMatch(/^1_/);
    const token = sdkFor(emulator).generateToken(sessionId!, {
      role: 'moderator',
      data: 'name=Ada',
    });
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'RS256',
    });
    const claims = verifyClientToken(token, {
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      publicKey: (await import('node:crypto')).createPublicKey(emulator.privateKey!),
    });
    expect(claims).toMatchObject({ sessionId, role: 'moderator', connectionData: 'name=Ada' });
    const { client, result } = await connectRawClient(emulator, sessionId!, token);
    expect(result.connection.data).toBe('name=Ada');
    client.close();
  });

  it('the real SDK moderates: signal and forceDisconnect', async () => {
    const opentok = sdkFor(emulator);
    const { sessionId } = await createSessionViaSdk(opentok);
    const a = await connectRawClient(emulator, sessionId!, opentok.generateToken(sessionId!));
    const [signalError] = await call<[Error | null]>((cb) =>
      opentok.signal(sessionId!, null, { type: 'notice', data: 'hi' }, cb),
    );
    expect(signalError).toBeNull();
    expect(await a.client.waitFor((m) => m.type === 'signal')).toMatchObject({ data: 'hi' });
    const [disconnectError] = await call<[Error | null]>((cb) =>
      opentok.forceDisconnect(sessionId!, a.result.connection.connectionId, cb),
    );
    expect(disconnectError).toBeNull();
    await a.client.closed;
  });

  it('answers 401 to a wrong key, HS256, alg none, X-OPENTOK-AUTH or an expired JWT', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: emulator.applicationId,
      ist: 'project',
      iat: now,
      exp: now + 300,
      application_id: emulator.applicationId,
      jti: randomUUID(),
    };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'another key',
        { Authorization: `Bearer ${rs256(claims, otherKey)}` },
        /signature does not match/,
      ],
      [
        'HS256 with the PEM as secret',
        { Authorization: `Bearer ${hs256(claims, emulator.privateKey!)}` },
        /use RS256/,
      ],
      ['alg none', { Authorization: `Bearer ${none}` }, /use RS256/],
      [
        'X-OPENTOK-AUTH',
        { 'X-OPENTOK-AUTH': hs256(claims, emulator.apiSecret) },
        /X-OPENTOK-AUTH is for OpenTok projects/,
      ],
      [
        'an expired JWT',
        {
          Authorization: `Bearer ${rs256({ ...claims, iat: now - 900, exp: now - 600 }, emulator.privateKey!)}`,
        },
        /expired/,
      ],
      [
        'another application',
        {
          Authorization: `Bearer ${rs256({ ...claims, application_id: randomUUID() }, emulator.privateKey!)}`,
        },
        /unknown application/,
      ],
    ];
    for (const [, headers, message] of cases) {
      const response = await fetch(`${emulator.url}/session/create`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: 'p2p.preference=disabled',
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    }
    const good = await fetch(`${emulator.url}/session/create`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Bearer ${rs256(claims, emulator.privateKey!)}`,
      },
      body: 'p2p.preference=disabled',
    });
    expect(good.status).toBe(200);
  });

  it('the SDK with another key or as an OpenTok project is refused', async () => {
    const otherPem = otherKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const wrongKey = await createSessionViaSdk(
      new OpenTok(emulator.apiKey, otherPem, { apiUrl: emulator.url }),
    );
    expect(wrongKey.error?.message).toMatch(/Invalid API key or secret/);
    const asOpenTok = await createSessionViaSdk(
      new OpenTok(emulator.apiKey, 'not-a-key', { apiUrl: emulator.url }),
    );
    expect(asOpenTok.error?.message).toMatch(/Invalid API key or secret/);
  });

  it('refuses an HS256 or T1 client token, or one signed with another key, with OT_AUTHENTICATION_ERROR', async () => {
    const { sessionId } = await createSessionViaSdk(sdkFor(emulator));
    const now = Math.floor(Date.now() / 1000);
    const vonageClaims = {
      scope: 'session.connect',
      session_id: sessionId,
      role: 'publisher',
      initial_layout_class_list: '',
      exp: now + 600,
      sub: 'video',
      acl: { paths: { '/session/**': {} } },
      jti: randomUUID(),
      iat: now,
      application_id: emulator.applicationId,
    };
    // The first is what room-server signed before Vonage support: HS256 with the PEM as HMAC key.
    const tokens: [string, RegExp][] = [
      [
        hs256(
          { iss: emulator.apiKey, ist: 'project', ...vonageClaims, nonce: 1 },
          emulator.privateKey!,
        ),
        /use RS256/,
      ],
      [rs256(vonageClaims, otherKey), /private key/],
      [
        `T1==${Buffer.from('partner_id=1&sig=x:session_id=y').toString('base64')}`,
        /T1 tokens are not accepted/,
      ],
      [
        rs256({ ...vonageClaims, application_id: randomUUID() }, emulator.privateKey!),
        /another application/,
      ],
    ];
    for (const [token, message] of tokens) {
      const client = await openRawClient(emulator);
      const reply = await client.request({
        type: 'connect',
        apiKey: emulator.apiKey,
        sessionId,
        token,
      });
      expect(reply.error).toMatchObject({
        name: 'OT_AUTHENTICATION_ERROR',
        code: 1004,
        message: expect.stringMatching(message),
      });
      client.close();
    }
    const ok = await openRawClient(emulator);
    expect(
      (
        await ok.request({
          type: 'connect',
          apiKey: emulator.apiKey,
          sessionId,
          token: rs256(vonageClaims, emulator.privateKey!),
        })
      ).error,
    ).toBeUndefined();
    ok.close();
  });

  it('stays an OpenTok project by default, and refuses contradictory options', async () => {
    const openTok = await startEmulator();
    expect(openTok.account).toBe('opentok');
    expect(openTok.applicationId).toBeUndefined();
    expect(openTok.apiKey).toMatch(/^\d{8}$/);
    await openTok.close();
    await expect(startEmulator({ account: 'vonage', apiKey: '1' })).rejects.toThrow(
      /do not pass apiKey/,
    );
    await expect(startEmulator({ account: 'other' as 'vonage' })).rejects.toThrow(
      /"opentok" or "vonage"/,
    );
  });
});
