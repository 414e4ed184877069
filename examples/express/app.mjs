// An existing Express app (its own routes, its own body parser, its own auth) that gains video rooms.
import { startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, toExpressMiddleware } from '@opentok-rooms/room-server/http';
import express from 'express';

/** The app as it was before video: a body parser, a fake session cookie, a few routes. */
function existingApp() {
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    // Stand-in for your real auth middleware.
    const user = req.headers['x-user'];
    req.user = typeof user === 'string' ? { name: user, isHost: user === 'host' } : undefined;
    next();
  });
  app.get('/health', (_req, res) => res.json({ ok: true }));
  app.get('/me', (req, res) =>
    req.user ? res.json(req.user) : res.status(401).json({ error: 'log in' }),
  );
  return app;
}

/**
 * Builds the app with rooms under /api/video.
 *
 * @param {{ apiKey: string, apiSecret: string, apiUrl?: string }} credentials
 */
export function createApp(credentials) {
  const app = existingApp();

  // --- The lines that add video rooms -------------------------------------------------------
  const rooms = createRoomServer(credentials);
  const authorize = (request, { action }) => {
    const user = request.headers.get('x-user'); // the same identity your middleware reads
    if (!user) return false;
    if (action === 'joinRoom')
      return {
        role: user === 'host' ? 'moderator' : 'publisher',
        data: JSON.stringify({ name: user }),
      };
    return user === 'host'; // only hosts list, create, delete and moderate
  };
  app.use('/api/video', toExpressMiddleware(createRoomHandler({ rooms, authorize })));
  // ------------------------------------------------------------------------------------------

  return { app, rooms };
}

if (process.argv[1]?.endsWith('app.mjs')) {
  const real = process.env.OPENTOK_API_KEY && process.env.OPENTOK_API_SECRET;
  const emulator = real ? undefined : await startEmulator();
  const { app } = createApp(
    real
      ? { apiKey: process.env.OPENTOK_API_KEY, apiSecret: process.env.OPENTOK_API_SECRET }
      : { apiKey: emulator.apiKey, apiSecret: emulator.apiSecret, apiUrl: emulator.url },
  );
  const port = Number(process.env.PORT ?? 3001);
  app.listen(port, () => {
    console.log(`Express app with video rooms on http://127.0.0.1:${port}`);
    console.log(
      `  curl -X POST -H 'x-user: ada' http://127.0.0.1:${port}/api/video/rooms/standup/join`,
    );
  });
}
