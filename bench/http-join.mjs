// Join requests per second and p99 latency of an existing room's join endpoint, in one run: the floor
// (bare node:http, node:http + our signer, and Express answering a constant: the floor of anything
// mounted with app.use), room-server's handler on node:http, mounted in Express with app.use and in
// front of an Express app (toNodeListener's fallback), and the pattern of OpenTok's sample server
// (Express + opentok.generateToken). Then the same floor and handler for a Vonage application
// (RS256 tokens, against the emulator acting as one), so the joins/s of each account kind come from
// the same machine in the same run.
// Targets (issue 16): ours >= 40% of bare and >= 60% of bare+signer, p99 <= 2x bare+signer's,
// >= 12x the sample style; through Express >= 70% of ours. Each server runs in its own process; autocannon
// drives it from this one, and the contenders take turns (ROUNDS rounds, the median kept).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { printTable } from './lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 32;

async function startServer(variant) {
  const child = spawn(process.execPath, [join(here, 'servers/join-server.mjs'), variant], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    const match = /READY (\d+)/.exec(output);
    if (match) return { child, port: Number(match[1]) };
  }
  throw new Error(`${variant} server exited before it was ready`);
}

/** The server process's CPU time so far, in microseconds. */
async function cpuOf(child) {
  child.send('cpu');
  const [usage] = await once(child, 'message');
  return usage.user + usage.system;
}

/** A load run, with the server's CPU time per answered request. */
async function measured(server, path) {
  const before = await cpuOf(server.child);
  const result = await load(server.port, path);
  result.cpuPerRequest = ((await cpuOf(server.child)) - before) / result.requests.total;
  return result;
}

async function load(port, path, duration = DURATION_S) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors on ${path}`);
  }
  return result;
}

// `floor`: the node:http + signer variant of the same account kind, what "vs bare+signer" compares to.
const contenders = [
  { name: 'bare node:http (constant JSON)', variant: 'bare', floor: 'bare-signer' },
  { name: 'node:http + createTokenSigner', variant: 'bare-signer', floor: 'bare-signer' },
  {
    name: 'Express + constant JSON (app.use floor)',
    variant: 'express-floor',
    floor: 'bare-signer',
  },
  { name: 'room-server handler (node:http)', variant: 'ours-node', floor: 'bare-signer' },
  { name: 'room-server in Express (app.use)', variant: 'ours-express', floor: 'bare-signer' },
  {
    name: 'room-server in front of Express (fallback)',
    variant: 'ours-before-express',
    floor: 'bare-signer',
  },
  { name: 'sample style (Express + generateToken)', variant: 'sample', floor: 'bare-signer' },
  {
    name: 'Vonage: node:http + RS256 createTokenSigner',
    variant: 'bare-signer-vonage',
    floor: 'bare-signer-vonage',
  },
  {
    name: 'Vonage: node:http + RS256 signed in the thread pool',
    variant: 'bare-async-signer-vonage',
    floor: 'bare-signer-vonage',
  },
  {
    name: 'Vonage: room-server handler (node:http)',
    variant: 'ours-node-vonage',
    floor: 'bare-signer-vonage',
  },
];
const PATH = '/room/bench';
const servers = [];
const loadAverage = os.loadavg()[0];
try {
  for (const contender of contenders) servers.push(await startServer(contender.variant));
  for (const server of servers) await load(server.port, PATH, 1); // warm-up
  const samples = contenders.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, server] of servers.entries()) samples[i].push(await measured(server, PATH));
  }
  const rows = contenders.map((contender, i) => {
    const byRate = [...samples[i]].sort((a, b) => a.requests.average - b.requests.average);
    const mid = byRate[byRate.length >> 1];
    const cpu = samples[i].map((r) => r.cpuPerRequest).sort((a, b) => a - b)[
      samples[i].length >> 1
    ];
    return {
      ...contender,
      rps: mid.requests.average,
      p50: mid.latency.p50,
      p99: mid.latency.p99,
      cpu,
    };
  });
  const by = Object.fromEntries(rows.map((r) => [r.variant, r]));
  const [bare, signer, expressFloor, ours, inExpress, beforeExpress, sample] = rows;
  const vonageSigner = by['bare-signer-vonage'];
  const vonageOurs = by['ours-node-vonage'];
  const vonagePool = by['bare-async-signer-vonage'];
  const loadAtEnd = os.loadavg()[0];
  printTable(
    `${PATH} (existing room, memory store): ${CONNECTIONS} connections, ${DURATION_S} s x ${ROUNDS} ` +
      `rounds each (median), Node ${process.version}, ${os.cpus().length} cores, load ` +
      `${loadAverage.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end`,
    [
      [
        'handler',
        'joins/s',
        'p50 ms',
        'p99 ms',
        'server CPU µs/join',
        'joins/s per core (by CPU)',
        'vs bare',
        'vs bare+signer (same account)',
        'vs sample',
      ],
      ...rows.map((r) => [
        r.name,
        Math.round(r.rps).toLocaleString('en-US'),
        r.p50,
        r.p99,
        r.cpu.toFixed(1),
        Math.round(1e6 / r.cpu).toLocaleString('en-US'),
        percent(r.rps / bare.rps),
        percent(r.rps / by[r.floor].rps),
        // The sample style is an OpenTok project's: no ratio for the Vonage rows.
        r.floor === 'bare-signer' ? `${(r.rps / sample.rps).toFixed(1)}x` : '—',
      ]),
    ],
  );
  const verdict = (label, value, target, met) =>
    `${label} ${value} (target ${target}) ${met ? 'MET' : 'MISSED'}`;
  console.log(
    [
      verdict('ours vs bare', percent(ours.rps / bare.rps), '>= 40%', ours.rps / bare.rps >= 0.4),
      verdict(
        'ours vs bare+signer',
        percent(ours.rps / signer.rps),
        '>= 60%',
        ours.rps / signer.rps >= 0.6,
      ),
      verdict(
        'p99 vs bare+signer',
        `${(ours.p99 / Math.max(signer.p99, 1)).toFixed(1)}x`,
        '<= 2x',
        ours.p99 <= 2 * Math.max(signer.p99, 1),
      ),
      verdict(
        'ours vs sample',
        `${(ours.rps / sample.rps).toFixed(1)}x`,
        '>= 12x',
        ours.rps / sample.rps >= 12,
      ),
      verdict(
        'in front of Express vs ours',
        percent(beforeExpress.rps / ours.rps),
        '>= 70%',
        beforeExpress.rps / ours.rps >= 0.7,
      ),
      verdict(
        'Express app.use vs ours',
        percent(inExpress.rps / ours.rps),
        '>= 70%',
        inExpress.rps / ours.rps >= 0.7,
      ),
      `  (Express's own floor, a constant from app.use, is ${percent(expressFloor.rps / ours.rps)} ` +
        `of ours: no handler mounted with app.use can pass it)`,
    ].join('\n'),
  );
  // On a machine others load too, CPU time per join is the steadier figure: the same ratios by it.
  console.log(
    `by server CPU per join: ours vs bare ${percent(bare.cpu / ours.cpu)}, vs bare+signer ` +
      `${percent(signer.cpu / ours.cpu)}, vs sample ${(sample.cpu / ours.cpu).toFixed(1)}x, ` +
      `in front of Express vs ours ${percent(ours.cpu / beforeExpress.cpu)}, ` +
      `Express app.use vs ours ${percent(ours.cpu / inExpress.cpu)} (its floor ` +
      `${percent(ours.cpu / expressFloor.cpu)})`,
  );
  // Per account kind: what one server process (one core's worth of event loop) sustains, measured
  // (joins/s) and from its CPU time per join (1e6 / µs: the rate if it had a core to itself).
  const perCore = (r) => Math.round(1e6 / r.cpu).toLocaleString('en-US');
  const rate = (r) => Math.round(r.rps).toLocaleString('en-US');
  console.log(
    [
      'per account kind, room-server handler on node:http (floor: node:http + signer):',
      `  OpenTok project (HS256): ${rate(ours)} joins/s, ${perCore(ours)}/core by CPU ` +
        `(floor ${rate(signer)} joins/s, ${perCore(signer)}/core)`,
      `  Vonage application (RS256): ${rate(vonageOurs)} joins/s, ${perCore(vonageOurs)}/core by CPU ` +
        `(floor ${rate(vonageSigner)} joins/s, ${perCore(vonageSigner)}/core)`,
      `  Vonage ours vs its floor: ${percent(vonageOurs.rps / vonageSigner.rps)} by rate, ` +
        `${percent(vonageSigner.cpu / vonageOurs.cpu)} by CPU; Vonage vs OpenTok (ours): ` +
        `${percent(vonageOurs.rps / ours.rps)} by rate, ${percent(ours.cpu / vonageOurs.cpu)} by CPU`,
      // Whether signing off the event loop pays (issue 16): the thread pool's floor against the
      // event loop's, both node:http answering the same RS256 token. Its CPU counts every thread.
      `  Vonage, RS256 signed in the thread pool vs on the event loop: ` +
        `${percent(vonagePool.rps / vonageSigner.rps)} by rate (p99 ${vonagePool.p99} vs ` +
        `${vonageSigner.p99} ms), ${os.cpus().length} cores; room-server's handler, which signs ` +
        `there, is ${percent(vonageOurs.rps / vonagePool.rps)} of that floor by rate`,
    ].join('\n'),
  );
} finally {
  for (const { child } of servers) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

function percent(ratio) {
  return `${Math.round(ratio * 100)}%`;
}
