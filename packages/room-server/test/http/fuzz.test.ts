// Thousands of malformed requests: never a 5xx, never a crash, always the documented error shape,
// never the API secret.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRoomHandler, toNodeListener } from '../../src/http/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { requestArb } from '../support/fuzz-requests.js';
import { serve } from '../support/serve.js';

const { emulator, rooms } = useEmulator();

async function check(response: Response, secret: string, method: string) {
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  expect(text).not.toContain(secret);
  // A HEAD answer has no body by HTTP's rules; its status is all there is to check.
  if (response.status >= 400 && method !== 'HEAD') {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(Object.keys(parsed)).toEqual(['error']);
    expect(typeof parsed.error?.code).toBe('string');
    expect(typeof parsed.error?.message).toBe('string');
  }
}

describe('malformed requests', () => {
  it('3,000 random requests to the Fetch handler: never a 5xx, always the error shape', async () => {
    const server = rooms();
    // An admin policy takes requests past authorization, deep into validation.
    const handler = createRoomHandler({
      rooms: server,
      authorize: () => true,
      webhooks: { allowUnsigned: true },
      maxBodyBytes: 4096,
    });
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ method, path, body, contentType }) => {
        const init: RequestInit = {
          method,
          headers: contentType ? { 'content-type': contentType } : {},
        };
        if (body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = body;
        await check(
          await handler(new Request(`http://test${path}`, init)),
          emulator().apiSecret,
          method,
        );
      }),
      { numRuns: 3000 },
    );
  }, 120_000);

  it('300 random requests through node:http, with a signed webhook endpoint', async () => {
    const served = await serve(
      toNodeListener(
        createRoomHandler({ rooms: rooms(), webhooks: { signatureSecret: 'fuzz-secret-123456' } }),
      ),
    );
    try {
      await fc.assert(
        fc.asyncProperty(requestArb, async ({ method, path, body, contentType }) => {
          const init: RequestInit = {
            method,
            headers: contentType ? { 'content-type': contentType } : {},
          };
          if (body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = body;
          await check(await fetch(`${served.url}${path}`, init), emulator().apiSecret, method);
        }),
        { numRuns: 300 },
      );
    } finally {
      await served.close();
    }
  }, 120_000);
});
