// The same API mounted in an existing Express app, with the app's own routes and body parser.
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomHandler, toExpressMiddleware } from '../../src/http/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { send, serve } from '../support/serve.js';

const { emulator, rooms } = useEmulator();
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

async function app(configure: (app: express.Express) => void) {
  const application = express();
  configure(application);
  const served = await serve(application);
  close = served.close;
  return served.url;
}

describe('toExpressMiddleware', () => {
  it('adds the room routes under a mount path and leaves the app its own routes', async () => {
    const url = await app((a) => {
      a.get('/health', (_req, res) => {
        res.json({ ok: true });
      });
      a.use('/api', toExpressMiddleware(createRoomHandler({ rooms: rooms(), createOnJoin: true })));
      a.get('/api/version', (_req, res) => {
        res.json({ version: 1 });
      });
    });
    const join = await send(`${url}/api/rooms/standup/join`, 'POST');
    expect(join.status).toBe(200);
    expect(join.body.apiKey).toBe(emulator().apiKey);
    expect((await send(`${url}/api/room/standup`, 'GET')).body.sessionId).toBe(join.body.sessionId);
    expect((await send(`${url}/health`, 'GET')).body).toEqual({ ok: true });
    expect((await send(`${url}/api/version`, 'GET')).body).toEqual({ version: 1 });
    const forbidden = await send(`${url}/api/rooms`, 'GET');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
  });

  it('works behind express.json(): the parsed body is used', async () => {
    const url = await app((a) => {
      a.use(express.json());
      a.use(
        toExpressMiddleware(
          createRoomHandler({
            rooms: rooms(),
            authorize: (_r, { requested }) => ({ role: requested?.role ?? 'publisher' }),
          }),
        ),
      );
    });
    const join = await send(`${url}/rooms/parsed/join`, 'POST', { role: 'subscriber' });
    expect(join.status).toBe(200);
    expect(join.body.role).toBe('subscriber');
    const bad = await send(`${url}/rooms/parsed/join`, 'POST', { role: 'admin' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_argument', field: 'role' });
  });

  it('passes unknown paths to the next handler', async () => {
    const url = await app((a) => {
      a.use(toExpressMiddleware(createRoomHandler({ rooms: rooms() })));
      a.use((_req, res) => {
        res.status(404).json({ from: 'app' });
      });
    });
    expect((await send(`${url}/somewhere-else`, 'GET')).body).toEqual({ from: 'app' });
  });
});
