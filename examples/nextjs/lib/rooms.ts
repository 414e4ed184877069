// The room server and its HTTP handler, created on the first request (not at import: `next build`
// imports route modules without the account's variables) and kept on globalThis, so that `next dev`
// reloading this module does not start a second store whose rooms would be new OpenTok sessions.
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, type RoomHandler } from '@opentok-rooms/room-server/http';
import { authorize } from './authorize';

const KEY = Symbol.for('opentok-rooms.example-nextjs.handler');
const cache = globalThis as { [KEY]?: RoomHandler };

/** room-server's Fetch handler under `/api`, for the Route Handler. */
export function roomHandler(): RoomHandler {
  cache[KEY] ??= createRoomHandler({
    // OPENTOK_API_KEY + OPENTOK_API_SECRET (+ OPENTOK_API_URL for the emulator), or a Vonage
    // application; a missing or half-set account is an error that names the variables.
    rooms: createRoomServer.fromEnv(),
    basePath: '/api',
    authorize,
    onServerError: (error) => console.error('room API error:', error),
  });
  return cache[KEY];
}
