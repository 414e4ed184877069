// The node:http fast path of the join routes answers what the Fetch handler answers, byte for byte
// (but the Date header and the fresh token in each answer), over the fuzz corpus.
import { createConnection } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Authorize,
  createRoomHandler,
  type RoomHandlerOptions,
  toNodeListener,
} from '../../src/http/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { requestArb } from '../support/fuzz-requests.js';
import { serve } from '../support/serve.js';
import { stillClockLimitStore } from '../support/still-clock-limits.js';

const { rooms } = useEmulator();
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

/** One raw HTTP/1.1 exchange on its own connection: the exact bytes of the answer. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.end(request);
  });
}

function rawRequest(method: string, path: string, body: string | undefined, type: string): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  if (type) lines.push(`Content-Type: ${type}`);
  const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
  if (bytes) lines.push(`Content-Length: ${bytes.length}`);
  return `${lines.join('\r\n')}\r\n\r\n${bytes ? bytes.toString('latin1') : ''}`;
}

/**
 * What differs between two answers by design: the date, each token's own claims, and so the
 * length (checked against the body first).
 */
function masked(answer: string): string {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const length = /\r\ncontent-length: (\d+)/i.exec(head)?.[1];
  if (length !== undefined) expect(Number(length)).toBe(Buffer.byteLength(body, 'latin1'));
  return answer
    .replace(/\r\nDate: [^\r]*/i, '\r\nDate: <date>')
    .replace(/\r\ncontent-length: \d+/i, '\r\ncontent-length: <length>')
    .replace(/"token":"[^"]*"/g, '"token":"<token>"')
    .replace(/"expiresAt":"[^"]*"/g, '"expiresAt":"<expiry>"');
}

async function pair(options: Omit<RoomHandlerOptions, 'rooms'>) {
  const handler = createRoomHandler({ rooms: rooms(), ...options });
  const fast = await serve(toNodeListener(handler));
  const viaFetch = await serve(getRequestListener(handler, { overrideGlobalObjects: false }));
  closers.push(fast.close, viaFetch.close);
  return { fast: Number(new URL(fast.url).port), viaFetch: Number(new URL(viaFetch.url).port) };
}

const allowAll: Authorize = (_request, { requested }) => ({
  role: requested?.role ?? 'publisher',
  ...(requested?.data ? { data: requested.data } : {}),
});

describe('the node:http fast path', () => {
  for (const [name, options] of [
    ['the default policy with createOnJoin', { createOnJoin: true, limits: false }],
    ['a custom authorize hook', { authorize: allowAll, limits: false, maxBodyBytes: 4096 }],
  ] as const) {
    it(`answers byte-for-byte what the Fetch handler answers: ${name}`, async () => {
      const ports = await pair(options);
      let compared = 0;
      const hot = fc.oneof(
        requestArb,
        // Plain join requests, so the fast path itself is exercised often.
        fc.record({
          method: fc.constantFrom('POST', 'GET'),
          path: fc
            .stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/)
            .chain((room) => fc.constantFrom(`/rooms/${room}/join`, `/room/${room}`, '/session')),
          body: fc.oneof(
            fc.constant(undefined),
            fc.constantFrom('{}', '{"role":"subscriber"}', '{"data":"x"}', '{"role":1}', '{'),
          ),
          contentType: fc.constantFrom('application/json', 'text/plain', ''),
        }),
      );
      await fc.assert(
        fc.asyncProperty(hot, async ({ method, path, body, contentType }) => {
          const request = rawRequest(
            method,
            path,
            method === 'GET' || method === 'HEAD' ? undefined : body,
            contentType,
          );
          // A room created under a generated name differs by design on each call (and never
          // touches the fast path): nothing to compare.
          if (method === 'POST' && path.split('?')[0] === '/rooms') {
            compared++;
            return;
          }
          // The first answer may create the room; the two compared are of the same state.
          await exchange(ports.viaFetch, request);
          const reference = masked(await exchange(ports.viaFetch, request));
          const fast = masked(await exchange(ports.fast, request));
          expect(fast).toBe(reference);
          compared++;
        }),
        { numRuns: 250 },
      );
      expect(compared).toBe(250);
    }, 120_000);
  }

  it('answers a 429 with Retry-After as the Fetch handler does', async () => {
    const ports = await pair({
      createOnJoin: true,
      limits: { joinsPerMinute: 1, store: stillClockLimitStore() },
    });
    const request = rawRequest('GET', '/room/limited', undefined, '');
    await exchange(ports.viaFetch, request);
    const reference = await exchange(ports.viaFetch, request);
    const fast = await exchange(ports.fast, request);
    expect(reference).toMatch(/^HTTP\/1\.1 429 /);
    expect(reference).toMatch(/\r\nretry-after: \d+\r\n/);
    // The seconds left may tick between the two answers; everything else is byte for byte.
    const seconds = (answer: string) =>
      masked(answer)
        .replace(/\r\nretry-after: \d+/, '\r\nretry-after: <s>')
        .replace(/retry in \d+ s/, 'retry in <s> s');
    expect(seconds(fast)).toBe(seconds(reference));
  });
});
