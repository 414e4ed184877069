// Soak (issue 17): joins of an existing room, room creations (joins of new names, from many virtual
// clients) and session-monitoring webhooks at fixed rates against createRoomHttpServer, on loopback,
// for SOAK_SECONDS (default 40, short enough for `pnpm bench`; set it for minutes). Prints, per
// interval, p99 latencies and the rate actually sent and answered against the target, then the
// server's RSS, heap after GC and rooms at the start and the end: rooms made by joins whose client
// never connects expire on the idle timer, so memory must level off, not grow.
//
// The schedule is open-loop and owed by elapsed time (rate × time since the last tick), so a tick
// that comes late sends what it owes: a generator that falls behind shows as a late tick and as
// "sent/s" under the target, never as a quietly lower rate.
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
const TARGET = Object.values(RATES).reduce((a, b) => a + b, 0);
const CLIENTS = 500;
const loadAtStart = os.loadavg();

const child = spawn(process.execPath, ['--expose-gc', join(here, 'servers/soak-server.mjs')], {
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
// One question at a time: the answers come back in order.
let asked = Promise.resolve();
function stats() {
  const answer = asked.then(async () => {
    child.send('stats');
    return (await once(child, 'message'))[0];
  });
  asked = answer.catch(() => undefined);
  return answer;
}

const lobby = await (await fetch(`${base}/rooms/lobby/join`, { method: 'POST' })).json();
// One sequence per kind: webhooks alternate created and destroyed of the same connection, so the
// lobby's live presence stays empty and only its tombstones grow (to the store's bound).
const sequence = { join: 0, create: 0, webhook: 0 };
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
    sent: 0,
    answered: 0,
    lateTickMs: 0,
    server: undefined,
  };
  intervals.push(current);
  // The server's heap after a full GC and its rooms as the interval begins: memory must level off.
  const interval = current;
  stats().then((answer) => {
    interval.server = answer;
  });
}
const start = await stats();
const t0 = performance.now();
newInterval(0);
const pending = new Set();
const errorReasons = new Map();
const owed = { join: 0, create: 0, webhook: 0 };
const TICK_MS = 20;
let lastTick = t0;
await new Promise((resolve) => {
  // Each tick sends after the loop's I/O phase (setImmediate): after a stall, the closes of idle
  // keep-alive connections that came meanwhile are seen first, so requests are not written to them.
  const timer = setInterval(() => setImmediate(tick), TICK_MS);
  let done = false;
  function tick() {
    if (done) return;
    // The last tick pays what is owed up to the end, and no more.
    const now = Math.min(performance.now(), t0 + SECONDS * 1000);
    const elapsed = (now - t0) / 1000;
    while (elapsed >= intervals.length * INTERVAL_S && intervals.length * INTERVAL_S < SECONDS) {
      newInterval(intervals.length * INTERVAL_S);
    }
    current.lateTickMs = Math.max(current.lateTickMs, now - lastTick - TICK_MS);
    for (const kind of Object.keys(RATES)) {
      owed[kind] += (RATES[kind] * (now - lastTick)) / 1000;
      for (; owed[kind] >= 1; owed[kind]--) {
        const interval = current;
        const began = performance.now();
        interval.sent++;
        const request = kinds[kind](sequence[kind]++)
          .then(async (response) => {
            await response.arrayBuffer();
            interval.latencies[kind].push(performance.now() - began);
            interval.answered++;
            interval.statuses.set(
              response.status,
              (interval.statuses.get(response.status) ?? 0) + 1,
            );
          })
          .catch((error) => {
            interval.errors++;
            const reason = `${kind}: ${error?.cause?.code ?? error?.cause?.message ?? error?.message}`;
            errorReasons.set(reason, (errorReasons.get(reason) ?? 0) + 1);
          })
          .finally(() => pending.delete(request));
        pending.add(request);
      }
    }
    lastTick = now;
    if (elapsed >= SECONDS) {
      done = true;
      clearInterval(timer);
      resolve();
    }
  }
});
const sendingTook = (performance.now() - t0) / 1000;
await Promise.all(pending);
const end = await stats();
const loadAtEnd = os.loadavg();
child.kill('SIGTERM');
await once(child, 'exit');

const p99 = (values) => {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))].toFixed(1);
};
const load = (l) => l.map((x) => x.toFixed(1)).join(' / ');
printTable(
  `Soak: ${RATES.join} joins/s (existing room), ${RATES.create} creations/s (${CLIENTS} virtual clients), ` +
    `${RATES.webhook} webhooks/s (target ${TARGET} requests/s) for ${SECONDS} s, loopback, ` +
    'heap and rooms of the server as each interval begins, ' +
    `Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}, ` +
    `load average (1/5/15 min) ${load(loadAtStart)} at the start, ${load(loadAtEnd)} at the end`,
  [
    [
      'from s',
      'sent/s',
      'answered/s',
      'latest tick ms',
      'join p99 ms',
      'create p99 ms',
      'webhook p99 ms',
      'answers by status',
      'errors',
      'heap MB',
      'rooms',
    ],
    ...intervals.map((interval) => {
      // Answers are counted in the interval their request was sent in.
      const length = Math.min(INTERVAL_S, SECONDS - interval.at);
      return [
        interval.at,
        (interval.sent / length).toFixed(1),
        (interval.answered / length).toFixed(1),
        interval.lateTickMs.toFixed(0),
        p99(interval.latencies.join),
        p99(interval.latencies.create),
        p99(interval.latencies.webhook),
        [...interval.statuses]
          .sort()
          .map(([status, count]) => `${status}:${count}`)
          .join(' '),
        interval.errors,
        interval.server ? (interval.server.heapUsed / 1024 / 1024).toFixed(1) : '-',
        interval.server?.rooms ?? '-',
      ];
    }),
  ],
);
const sent = intervals.reduce((sum, interval) => sum + interval.sent, 0);
const answered = intervals.reduce((sum, interval) => sum + interval.answered, 0);
console.log(
  `\nSent ${sent} requests of ${Math.round(TARGET * SECONDS)} scheduled ` +
    `(${((100 * sent) / (TARGET * SECONDS)).toFixed(1)}%, ${(sent / sendingTook).toFixed(1)}/s); ` +
    `${answered} answered, ${sent - answered} failed` +
    (errorReasons.size > 0
      ? ` (${[...errorReasons].map(([reason, count]) => `${reason} × ${count}`).join(', ')}).`
      : '.'),
);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
printTable(`Server memory and rooms (heap ${start.gc ? 'after a full GC' : 'without GC'})`, [
  ['', 'RSS', 'heap used', 'rooms held', 'rooms expired', 'OpenTok sessions made'],
  ['start', mb(start.rss), mb(start.heapUsed), start.rooms, start.expired, start.sessions],
  ['end', mb(end.rss), mb(end.heapUsed), end.rooms, end.expired, end.sessions],
]);
