// The server of bench/soak.mjs: createRoomHttpServer over an emulator in a process of its own (so
// this process's memory and CPU are room-server's alone), memory store, rate limits keyed by the load
// generator's virtual client header, idle expiry on a timer, unsigned webhooks. Prints
// "READY <port> <apiKey>"; answers "stats" over IPC with RSS, heap after a full GC (run it with
// --expose-gc), room count, rooms expired and OpenTok sessions made.
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, createRoomHttpServer } from '@opentok-rooms/room-server/http';
import { startEmulatorProcess } from '../lib/emulator-process.mjs';

const UNUSED_MS = Number(process.env.SOAK_UNUSED_MS ?? 10_000);
const emulator = await startEmulatorProcess();
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
    // The server-wide creation limit (300 a minute by default) above the soak's 1,200 a minute,
    // so that creations are made at the soak's rate; the per-client limits are the defaults.
    limits: { serverCreationsPerMinute: 1_500 },
    // The load generator stands for many clients behind one proxy: it names them in a header.
    clientKey: (request) => request.headers.get('x-client') ?? 'unknown',
  }),
);
server.listen(0, '127.0.0.1', () => {
  console.log(`READY ${server.address().port} ${emulator.apiKey}`);
});
process.on('message', async (message) => {
  if (message !== 'stats') return;
  globalThis.gc?.();
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
    gc: typeof globalThis.gc === 'function',
    rooms: count,
    expired,
    sessions: await emulator.countRequests({ method: 'POST', path: '/session/create' }),
  });
});
process.on('SIGTERM', async () => {
  server.closeAllConnections();
  server.close();
  await rooms.close();
  await emulator.close();
  process.exit(0);
});
