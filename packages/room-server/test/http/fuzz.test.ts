// Thousands of malformed requests: never a 5xx, never a crash, always the documented error shape,
// never the API secret.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRoomHandler, toNodeListener } from '../../src/http/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { serve } from '../support/serve.js';

const { emulator, rooms } = useEmulator();

const methods = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD');
const segment = fc.oneof(
  fc.constantFrom(
    'standup',
    'a',
    'Room-1',
    '..',
    '.',
    '%',
    '%zz',
    '%2F',
    'x'.repeat(200),
    'émoji',
    ' ',
    'null',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
);
const path = fc.oneof(
  fc.tuple(segment).map(([name]) => `/rooms/${name}/join`),
  fc.tuple(segment).map(([name]) => `/rooms/${name}`),
  fc.tuple(segment, segment).map(([name, id]) => `/rooms/${name}/connections/${id}`),
  fc
    .tuple(segment, fc.constantFrom('signal', 'mute', 'join', 'nope'))
    .map(([name, action]) => `/rooms/${name}/${action}`),
  fc.tuple(segment).map(([name]) => `/room/${name}`),
  fc.constantFrom(
    '/rooms',
    '/rooms?limit=0',
    '/rooms?limit=-1',
    '/rooms?limit=1e9',
    '/rooms?cursor=',
    '/session',
    '/webhooks/opentok',
    '/',
    '//rooms',
    '/rooms/',
  ),
  fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        role: fc.oneof(
          fc.constantFrom('publisher', 'subscriber', 'moderator', 'publisheronly', 'admin', ''),
          fc.anything(),
        ),
        data: fc.oneof(fc.string({ maxLength: 1200 }), fc.anything()),
        name: fc.oneof(fc.string({ maxLength: 150 }), fc.anything()),
        session: fc.oneof(
          fc.record(
            {
              mediaMode: fc.string(),
              archiveMode: fc.string(),
              e2ee: fc.anything(),
              location: fc.string(),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
        metadata: fc.anything(),
        type: fc.string({ maxLength: 200 }),
        excludedStreamIds: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v) ?? ''),
  fc.constant('x'.repeat(20_000)),
);
const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-8',
  '',
);
const requestArb = fc.record({ method: methods, path, body, contentType });

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
