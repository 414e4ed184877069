// Room operations per second and p99 latency over each RoomStore: get-or-create of an existing room
// (one store read) and join (a store read plus a signed token), through createRoomServer with a stub
// OpenTok adapter, so the store is what differs. A fixed number of calls in flight, one cell at a time.
// Redis (REDIS_URL) and Postgres (DATABASE_URL) are skipped with a message when unreachable.
import { createRoomServer } from '@opentok-rooms/room-server';
import { formatRate, printTable } from './lib/measure.mjs';
import { backends } from './lib/store-backends.mjs';

const CELL_MS = Number(process.env.BENCH_CELL_MS ?? 3000);
const WARM_UP_MS = 500;
const IN_FLIGHT = 16;

const apiKey = '47123456';
const apiSecret = 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678';
const sessionId = `1_${Buffer.from(`1~${apiKey}~~${Date.now()}~x~~`).toString('base64url')}`;
const adapter = {
  createSession: async () => sessionId,
  signal: async () => {},
  forceDisconnect: async () => {},
  muteAll: async () => {},
};

/** Keeps IN_FLIGHT calls of `op` running for `ms`; answers ops/s and latency percentiles. */
async function measure(op, ms) {
  const latencies = [];
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await op();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { opsPerSecond: latencies.length / (elapsed / 1000), p50: at(0.5), p99: at(0.99) };
}

const rows = [['store', 'get-or-create ops/s', 'p99 ms', 'join ops/s', 'p99 ms']];
for (const backend of await backends()) {
  const rooms = createRoomServer({ apiKey, apiSecret, adapter, store: backend.store() });
  try {
    await rooms.joinRoom('bench'); // the room exists from here on
    const getOrCreate = () => rooms.getOrCreateRoom('bench');
    const join = () => rooms.joinRoom('bench', { data: 'name=Ada' });
    await measure(getOrCreate, WARM_UP_MS);
    const a = await measure(getOrCreate, CELL_MS);
    await measure(join, WARM_UP_MS);
    const b = await measure(join, CELL_MS);
    rows.push([
      backend.name,
      formatRate(a.opsPerSecond),
      a.p99.toFixed(2),
      formatRate(b.opsPerSecond),
      b.p99.toFixed(2),
    ]);
    await rooms.deleteRoom('bench');
  } finally {
    await rooms.close();
    await backend.cleanUp();
  }
}

printTable(
  `Room operations over each store, ${IN_FLIGHT} calls in flight, ${CELL_MS / 1000} s per cell, ` +
    `one process, Node ${process.version}`,
  rows,
);
