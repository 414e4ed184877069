// Soak (issue 17): joins of an existing room, room creations (joins of new names, from many virtual
// clients) and session-monitoring webhooks at fixed rates against createRoomHttpServer, on loopback,
// for SOAK_SECONDS (default 40, short enough for `pnpm bench`; set it for minutes). Prints p99 per
// interval and the server's RSS, heap and rooms at the start and the end: rooms made by joins whose
// client never connects expire on the idle timer, so memory must level off, not grow.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.SOAK_SECONDS ?? 40);
const INTERVAL_S = Number(process.env.SOAK_INTERVAL ?? Math.max(5, Math.round(SECONDS / 8)));
const RATES = { join: 200, create: 20, webhook: 50 }; // per second
const CLIENTS = 500;

const child = spawn(process.execPath, [join(here, 'servers/soak-server.mjs')], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
let output = '';
let port;
for await (const chunk of child.stdout) {
  output += chunk;
  const match = /READY (\d+)/.exec(output);
  if (match) {
    port = Number(match[1]);
    break;
  }
}
const base = `http://127.0.0.1:${port}`;
async function stats() {
  child.send('stats');
  const [answer] = await once(child, 'message');
  return answer;
}

const lobby = await (await fetch(`${base}/rooms/lobby/join`, { method: 'POST' })).json();
let sequence = 0;
const kinds = {
  join: (i) =>
    fetch(`${base}/rooms/lobby/join`, {
      method: 'POST',
      headers: { 'x-client': `c${i % CLIENTS}` },
    }),
  create: (i) => fetch(`${base}/room/soak-${i}`, { headers: { 'x-client': `c${i % CLIENTS}` } }),
  webhook: (i) =>
    fetch(`${base}/webhooks/opentok`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        sessionId: lobby.sessionId,
        projectId: lobby.apiKey,
        event: i % 2 ? 'connectionDestroyed' : 'connectionCreated',
        timestamp: Date.now(),
        connection: { id: `conn-${i >> 1}`, createdAt: Date.now(), data: '' },
        ...(i % 2 ? { reason: 'clientDisconnected' } : {}),
      }),
    }),
};

const intervals = [];
let current;
function newInterval(at) {
  current = {
    at,
    latencies: { join: [], create: [], webhook: [] },
    statuses: new Map(),
    errors: 0,
  };
  intervals.push(current);
}
const start = await stats();
const t0 = performance.now();
newInterval(0);
const pending = new Set();
const owed = { join: 0, create: 0, webhook: 0 };
const TICK_MS = 20;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= SECONDS) {
      clearInterval(timer);
      resolve();
      return;
    }
    if (elapsed >= intervals.length * INTERVAL_S) newInterval(intervals.length * INTERVAL_S);
    for (const kind of Object.keys(RATES)) {
      owed[kind] += (RATES[kind] * TICK_MS) / 1000;
      for (; owed[kind] >= 1; owed[kind]--) {
        const interval = current;
        const began = performance.now();
        const request = kinds[kind](sequence++)
          .then(async (response) => {
            await response.arrayBuffer();
            interval.latencies[kind].push(performance.now() - began);
            interval.statuses.set(
              response.status,
              (interval.statuses.get(response.status) ?? 0) + 1,
            );
          })
          .catch(() => {
            interval.errors++;
          })
          .finally(() => pending.delete(request));
        pending.add(request);
      }
    }
  }, TICK_MS);
});
await Promise.all(pending);
const end = await stats();
child.kill('SIGTERM');
await once(child, 'exit');

const p99 = (values) => {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))].toFixed(1);
};
printTable(
  `Soak: ${RATES.join} joins/s (existing room), ${RATES.create} creations/s (${CLIENTS} virtual clients), ` +
    `${RATES.webhook} webhooks/s for ${SECONDS} s, loopback, Node ${process.version}, ` +
    `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
  [
    ['from s', 'join p99 ms', 'create p99 ms', 'webhook p99 ms', 'answers by status', 'errors'],
    ...intervals.map((interval) => [
      interval.at,
      p99(interval.latencies.join),
      p99(interval.latencies.create),
      p99(interval.latencies.webhook),
      [...interval.statuses]
        .sort()
        .map(([status, count]) => `${status}:${count}`)
        .join(' '),
      interval.errors,
    ]),
  ],
);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
printTable('Server memory and rooms', [
  ['', 'RSS', 'heap used', 'rooms held', 'rooms expired', 'OpenTok sessions made'],
  ['start', mb(start.rss), mb(start.heapUsed), start.rooms, start.expired, start.sessions],
  ['end', mb(end.rss), mb(end.heapUsed), end.rooms, end.expired, end.sessions],
]);
