import { createHmac } from 'node:crypto';
import OpenTok from 'opentok';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk } from './helpers/sdk.js';

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function projectJwt(claims: Record<string, unknown>, secret: string): string {
  const input = `${base64urlJson({ alg: 'HS256', typ: 'JWT' })}.${base64urlJson(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('REST edge cases', () => {
  let emulator: Emulator;
  let auth: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    const now = Math.floor(Date.now() / 1000);
    auth = projectJwt(
      { iss: emulator.apiKey, ist: 'project', iat: now, exp: now + 300 },
      emulator.apiSecret,
    );
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${emulator.url}/session/create`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-OPENTOK-AUTH': auth,
        ...headers,
      },
      body,
    });
  }

  it('serves a JSON array like OpenTok', async () => {
    const response = await post('p2p.preference=disabled&archiveMode=manual');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as Array<Record<string, unknown>>;
    expect(body).toEqual([
      {
        session_id: expect.stringMatching(/^1_/),
        project_id: emulator.apiKey,
        partner_id: emulator.apiKey,
        create_dt: expect.stringMatching(
          /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/,
        ),
        media_server_url: '',
      },
    ]);
  });

  it('answers 403 JSON without, or with a bad, X-OPENTOK-AUTH', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, Record<string, string>]> = [
      ['missing', { 'X-OPENTOK-AUTH': '' }],
      ['garbage', { 'X-OPENTOK-AUTH': 'not-a-jwt' }],
      [
        'expired',
        {
          'X-OPENTOK-AUTH': projectJwt(
            { iss: emulator.apiKey, ist: 'project', iat: now - 1000, exp: now - 600 },
            emulator.apiSecret,
          ),
        },
      ],
      [
        'no iat',
        {
          'X-OPENTOK-AUTH': projectJwt(
            { iss: emulator.apiKey, ist: 'project', exp: now + 300 },
            emulator.apiSecret,
          ),
        },
      ],
      [
        'wrong ist',
        {
          'X-OPENTOK-AUTH': projectJwt(
            { iss: emulator.apiKey, ist: 'account', iat: now, exp: now + 300 },
            emulator.apiSecret,
          ),
        },
      ],
      [
        'alg none',
        {
          'X-OPENTOK-AUTH': `${base64urlJson({ alg: 'none' })}.${base64urlJson({ iss: emulator.apiKey, ist: 'project', iat: now, exp: now + 300 })}.`,
        },
      ],
    ];
    for (const [label, headers] of cases) {
      const response = await post('', headers);
      expect(response.status, label).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/json');
      const body = (await response.json()) as { code: number; message: string };
      expect(body.code, label).toBe(403);
      expect(body.message.length, label).toBeGreaterThan(0);
    }
  });

  it('validates the form fields with 400', async () => {
    for (const body of [
      'archiveMode=always',
      'archiveMode=sometimes',
      'p2p.preference=maybe',
      'location=not-an-ip',
      'location=::1',
      'e2ee=yes',
      'e2ee=true&p2p.preference=enabled',
    ]) {
      const response = await post(body);
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { code: number }).code).toBe(400);
    }
  });

  it('rejects a non-form body with 415', async () => {
    const response = await post('{"archiveMode":"manual"}', { 'Content-Type': 'application/json' });
    expect(response.status).toBe(415);
  });

  it('answers 404 to unknown routes and 405 to a wrong method', async () => {
    const missing = await fetch(`${emulator.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 404 });
    const wrongMethod = await fetch(`${emulator.url}/session/create`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('answers 413 to a body over 64 KiB and keeps serving', async () => {
    const response = await post(`x=${'a'.repeat(70 * 1024)}`);
    expect(response.status).toBe(413);
    const { error } = await createSessionViaSdk(
      new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url }),
    );
    expect(error).toBeNull();
  });

  it('survives odd request targets', async () => {
    const response = await fetch(`${emulator.url}//session/create?x=%zz`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(emulator.countRequests({ path: /^\/\/session/ })).toBe(1);
  });

  it('closes twice without error and ends keep-alive connections', async () => {
    const other = await startEmulator();
    await fetch(`${other.url}/nope`, { headers: { Connection: 'keep-alive' } });
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.url}/nope`)).rejects.toThrow();
  });
});
