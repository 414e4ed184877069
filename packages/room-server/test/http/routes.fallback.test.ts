// The room routes served in front of an app (toNodeListener / createRoomHttpServer with `fallback`):
// the room paths are the handler's, with its limits, errors and CORS rules; everything else is the app's.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { isRoomError } from '../../src/errors.js';
import {
  createRoomHandler,
  createRoomHttpServer,
  type RoomHandlerOptions,
  toNodeListener,
} from '../../src/http/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { send, serve } from '../support/serve.js';
import { stillClockLimitStore } from '../support/still-clock-limits.js';

const { emulator, rooms } = useEmulator();
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** An Express app with a body parser, a logger and routes of its own, the room routes in front. */
async function inFrontOfExpress(options: Omit<RoomHandlerOptions, 'rooms'> = {}) {
  const seenByApp: string[] = [];
  const app = express();
  app.use((request, _response, next) => {
    seenByApp.push(`${request.method} ${request.url}`);
    next();
  });
  app.use(express.json());
  app.get('/health', (_request, response) => {
    response.json({ ok: true });
  });
  app.post('/echo', (request, response) => {
    response.json({ echoed: request.body });
  });
  app.use((_request, response) => {
    response.status(404).json({ from: 'app' });
  });
  const handler = createRoomHandler({ rooms: rooms(), ...options });
  const served = await serve(toNodeListener(handler, { fallback: app }));
  close = served.close;
  return { url: served.url, seenByApp };
}

describe('toNodeListener with a fallback app', () => {
  it('answers the room routes itself and hands every other request to the app', async () => {
    const { url, seenByApp } = await inFrontOfExpress({ createOnJoin: true });
    const join = await send(`${url}/rooms/standup/join`, 'POST', { role: 'publisher' });
    expect(join.status).toBe(200);
    expect(join.body.apiKey).toBe(emulator().apiKey);
    const compat = await send(`${url}/room/standup`, 'GET');
    expect(compat.body.sessionId).toBe(join.body.sessionId);
    // A request the fast path leaves to Hono (a query string) is still the handler's.
    const withQuery = await send(`${url}/rooms/standup/join?x=1`, 'POST');
    expect(withQuery.status).toBe(200);
    expect(withQuery.body.sessionId).toBe(join.body.sessionId);
    expect((await send(`${url}/health`, 'GET')).body).toEqual({ ok: true });
    expect((await send(`${url}/echo`, 'POST', { a: 1 })).body).toEqual({ echoed: { a: 1 } });
    const elsewhere = await send(`${url}/somewhere-else`, 'GET');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toEqual({ from: 'app' });
    // The app's middleware never saw a room route.
    expect(seenByApp).toEqual(['GET /health', 'POST /echo', 'GET /somewhere-else']);
  });

  it('keeps the handler’s errors, body limit and method rules on its paths', async () => {
    const { url, seenByApp } = await inFrontOfExpress({ maxBodyBytes: 1024 });
    const tooLarge = await send(`${url}/rooms/a/join`, 'POST', { data: 'x'.repeat(2000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');
    const badJson = await send(`${url}/rooms/a/join`, 'POST', '{"role":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_argument');
    // The default policy: joining a room that does not exist creates nothing.
    const missing = await send(`${url}/rooms/nobody-made-this/join`, 'POST');
    expect(missing.status).toBe(403);
    const wrongMethod = await send(`${url}/rooms/a/join`, 'GET');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(seenByApp).toEqual([]);
  });

  it('keeps the rate limits and the CORS rules', async () => {
    const server = rooms();
    await server.getOrCreateRoom('limited');
    const app = express();
    const handler = createRoomHandler({
      rooms: server,
      limits: { joinsPerMinute: 2, store: stillClockLimitStore() },
      cors: { origins: ['https://app.example.com'] },
    });
    const served = await serve(toNodeListener(handler, { fallback: app }));
    close = served.close;
    const origin = { origin: 'https://app.example.com' };
    const first = await send(`${served.url}/rooms/limited/join`, 'POST', undefined, origin);
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await send(`${served.url}/rooms/limited/join`, 'POST', undefined, {
      origin: 'https://evil.example.com',
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const limited = await send(`${served.url}/rooms/limited/join`, 'POST', undefined, origin);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses a fallback that is not a request handler', () => {
    const handler = createRoomHandler({ rooms: rooms() });
    let thrown: unknown;
    try {
      toNodeListener(handler, { fallback: 'app' as never });
    } catch (error) {
      thrown = error;
    }
    expect(isRoomError(thrown) && thrown.code).toBe('invalid_argument');
    expect(isRoomError(thrown) && thrown.field).toBe('fallback');
  });
});

describe('createRoomHttpServer with a fallback app', () => {
  it('serves the app with the same slow-client limits', async () => {
    const server = rooms();
    await server.getOrCreateRoom('lobby');
    const app = express();
    app.get('/health', (_request, response) => {
      response.json({ ok: true });
    });
    const http = createRoomHttpServer(createRoomHandler({ rooms: server }), {
      fallback: app,
      headersTimeoutMs: 3_000,
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    close = () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    expect(http.headersTimeout).toBe(3_000);
    expect((await send(`${url}/rooms/lobby/join`, 'POST')).status).toBe(200);
    expect((await send(`${url}/health`, 'GET')).body).toEqual({ ok: true });
  });
});
