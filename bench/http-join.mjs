// Join requests per second and p99 latency of an existing room's join endpoint: room-server's handler
// against the pattern of OpenTok's sample server (Express + opentok.generateToken), in one run.
// Each server runs in its own process; autocannon drives it from this one.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { printTable } from './lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = 32;

async function startServer(variant) {
  const child = spawn(process.execPath, [join(here, 'servers/join-server.mjs'), variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    const match = /READY (\d+)/.exec(output);
    if (match) return { child, port: Number(match[1]) };
  }
  throw new Error(`${variant} server exited before it was ready`);
}

async function load(port, path) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors on ${path}`);
  }
  return result;
}

const contenders = [
  { name: 'room-server handler (node:http)', variant: 'ours-node', path: '/room/bench' },
  { name: 'room-server handler (in Express)', variant: 'ours-express', path: '/room/bench' },
  { name: 'sample style (Express + generateToken)', variant: 'sample', path: '/room/bench' },
];
const rows = [];
for (const contender of contenders) {
  const { child, port } = await startServer(contender.variant);
  try {
    await load(port, contender.path).catch(() => undefined); // warm-up
    const result = await load(port, contender.path);
    rows.push({
      ...contender,
      rps: result.requests.average,
      p99: result.latency.p99,
      p50: result.latency.p50,
    });
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

const sample = rows.find((r) => r.variant === 'sample');
printTable(
  `GET /room/bench (existing room, memory store): ${CONNECTIONS} connections, ${DURATION_S} s each, Node ${process.version}`,
  [
    ['handler', 'joins/s', 'p50 ms', 'p99 ms', 'vs sample'],
    ...rows.map((r) => [
      r.name,
      Math.round(r.rps).toLocaleString('en-US'),
      r.p50,
      r.p99,
      `${(r.rps / sample.rps).toFixed(1)}x`,
    ]),
  ],
);
