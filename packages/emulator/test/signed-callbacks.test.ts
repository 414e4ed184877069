// Secure callbacks: every session-monitoring POST carries `Authorization: Bearer <JWT>`, HS256 with
// the signature secret, whose payload_hash is the SHA-256 of the exact body.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { createSessionViaSdk, sdkFor } from './helpers/sdk.js';
import { connectRawClient } from './helpers/ws-client.js';

const SECRET = 'callback-signature-secret-0123456789';

describe('signed session-monitoring callbacks', () => {
  let receiver: Server;
  let received: Array<{ body: string; authorization: string | undefined }>;
  let emulator: Emulator | undefined;

  beforeEach(async () => {
    received = [];
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ body, authorization: request.headers.authorization });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await emulator?.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  async function connectOnce(options: { callbackSignatureSecret?: string }) {
    const { port } = receiver.address() as AddressInfo;
    emulator = await startEmulator({ callbackUrl: `http://127.0.0.1:${port}/events`, ...options });
    const sessionId = (await createSessionViaSdk(sdkFor(emulator))).sessionId!;
    const { client } = await connectRawClient(
      emulator,
      sessionId,
      sdkFor(emulator).generateToken(sessionId),
    );
    client.send({ type: 'disconnect' });
    await client.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await emulator.callbacksSettled();
  }

  it('signs every callback with the signature secret and the body hash', async () => {
    await connectOnce({ callbackSignatureSecret: SECRET });
    expect(received.length).toBeGreaterThanOrEqual(3);
    for (const { body, authorization } of received) {
      expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      const [header, payload, signature] = authorization!.slice(7).split('.') as [
        string,
        string,
        string,
      ];
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
        alg: 'HS256',
        typ: 'JWT',
      });
      const expected = createHmac('sha256', SECRET)
        .update(`${header}.${payload}`)
        .digest('base64url');
      expect(signature).toBe(expected);
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(claims.payload_hash).toBe(createHash('sha256').update(body).digest('hex'));
      expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(60);
      expect(claims.api_key).toBe(emulator!.apiKey);
    }
  });

  it('sends no Authorization header when no secret is set', async () => {
    await connectOnce({});
    expect(received.length).toBeGreaterThanOrEqual(3);
    expect(received.every((r) => r.authorization === undefined)).toBe(true);
  });
});
