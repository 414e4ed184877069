// The server of bench/soak.mjs: createRoomHttpServer over the emulator, memory store, default rate
// limits keyed by the load generator's virtual client header, idle expiry on a timer, unsigned
// webhooks. Prints "READY <port> <apiKey>"; answers "stats" over IPC with RSS, heap and room count.
import { startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, createRoomHttpServer } from '@opentok-rooms/room-server/http';

const UNUSED_MS = Number(process.env.SOAK_UNUSED_MS ?? 10_000);
const emulator = await startEmulator();
let expired = 0;
const rooms = createRoomServer({
  apiKey: emulator.apiKey,
  apiSecret: emulator.apiSecret,
  apiUrl: emulator.url,
  maxRooms: 5_000,
  idleExpiry: {
    idleForMs: UNUSED_MS * 3,
    unusedForMs: UNUSED_MS,
    everyMs: 1000,
    onExpired: (names) => {
      expired += names.length;
    },
  },
});
await rooms.getOrCreateRoom('lobby');
const server = createRoomHttpServer(
  createRoomHandler({
    rooms,
    createOnJoin: true,
    webhooks: { allowUnsigned: true },
    // The load generator stands for many clients behind one proxy: it names them in a header.
    clientKey: (request) => request.headers.get('x-client') ?? 'unknown',
  }),
);
server.listen(0, '127.0.0.1', () => {
  console.log(`READY ${server.address().port} ${emulator.apiKey}`);
});
process.on('message', async (message) => {
  if (message !== 'stats') return;
  const { rss, heapUsed } = process.memoryUsage();
  let count = 0;
  let cursor;
  do {
    const page = await rooms.listRooms(cursor ? { limit: 1000, cursor } : { limit: 1000 });
    count += page.rooms.length;
    cursor = page.nextCursor;
  } while (cursor);
  process.send({
    rss,
    heapUsed,
    rooms: count,
    expired,
    sessions: emulator.countRequests({ method: 'POST', path: '/session/create' }),
  });
});
process.on('SIGTERM', async () => {
  server.closeAllConnections();
  server.close();
  await rooms.close();
  await emulator.close();
  process.exit(0);
});
