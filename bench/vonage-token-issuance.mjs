// Vonage (RS256) tokens per second: our signer, the SDK's Vonage generateToken, and raw
// crypto.sign('sha256') over the same bytes with a pre-parsed key; then whether signing off the
// main thread pays on this machine: worker threads, and Node's async crypto.sign (libuv pool).
// Target (issue 10): ours >= 90% of raw RSA and >= 3x the SDK, measured in one run.
import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createTokenSigner } from '@opentok-rooms/room-server';
import OpenTok from 'opentok';
import { compare, formatRate, printTable } from './lib/measure.mjs';

const applicationId = randomUUID();
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
const sessionId = `1_${Buffer.from(`1~${applicationId}~~${Date.now()}~bench~MX4~`).toString('base64url')}`;
const options = { role: 'publisher', data: 'name=Ada Lovelace&avatar=42' };

const sdk = new OpenTok(applicationId, pem); // the SDK's Vonage path: UUID key + PKCS#8 PEM
const signer = createTokenSigner({ applicationId, privateKey: pem });
const sample = signer.sign(sessionId, options).token;
const signingInput = Buffer.from(sample.slice(0, sample.lastIndexOf('.')));
const key = createPrivateKey(pem);
const loadAtStart = loadavg()[0];

let sink = 0;
const results = compare(
  [
    {
      name: 'opentok generateToken, Vonage path (SDK)',
      fn: () => (sink += sdk.generateToken(sessionId, options).length),
    },
    {
      name: 'room-server createTokenSigner (RS256)',
      fn: () => (sink += signer.sign(sessionId, options).token.length),
    },
    {
      name: "raw crypto.sign('sha256'), KeyObject (same bytes)",
      fn: () => (sink += sign('sha256', signingInput, key).length),
    },
    {
      name: "crypto.sign('sha256') with the PEM text (parsed per call)",
      fn: () => (sink += sign('sha256', signingInput, pem).length),
    },
  ],
  { rounds: 5, ms: 400, batch: 10 },
);
const [sdkRate, ours, raw] = results.map((r) => r.opsPerSecond);

printTable(
  `Vonage RS256 token issuance, one core, Node ${process.version} (median of 5 interleaved rounds), ` +
    `load ${loadAtStart.toFixed(1)} at the start`,
  [
    ['signer', 'tokens/s', 'vs SDK', 'vs raw RSA'],
    ...results.map((r) => [
      r.name,
      formatRate(r.opsPerSecond),
      `${(r.opsPerSecond / sdkRate).toFixed(1)}x`,
      `${((r.opsPerSecond / raw) * 100).toFixed(0)}%`,
    ]),
  ],
);
const vsSdk = ours / sdkRate;
const vsRaw = ours / raw;
console.log(
  `\ntarget ours >= 3x SDK: ${vsSdk.toFixed(1)}x ${vsSdk >= 3 ? 'MET' : 'MISSED'}; ` +
    `ours >= 90% of raw RSA: ${(vsRaw * 100).toFixed(0)}% ${vsRaw >= 0.9 ? 'MET' : 'MISSED'}`,
);

// Off the main thread: N tokens requested with 64 in flight, as a busy join endpoint would.
const TOKENS = 3000;
const IN_FLIGHT = 64;

async function throughput(issue) {
  const start = process.hrtime.bigint();
  let next = 0;
  const lane = async () => {
    while (next < TOKENS) {
      next++;
      sink += (await issue()).length;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return TOKENS / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** A pool of worker threads, each with its own signer; one message per token. */
async function workerPool(size) {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { createTokenSigner } = require(workerData.module);
    const signer = createTokenSigner({ applicationId: workerData.applicationId, privateKey: workerData.pem });
    parentPort.on('message', ({ id }) => {
      parentPort.postMessage({ id, token: signer.sign(workerData.sessionId, workerData.options).token });
    });`;
  const module = import.meta
    .resolve('@opentok-rooms/room-server')
    .replace(/index\.js$/, 'index.cjs');
  const workers = Array.from(
    { length: size },
    () =>
      new Worker(source, {
        eval: true,
        workerData: { module: new URL(module).pathname, applicationId, pem, sessionId, options },
      }),
  );
  const pending = new Map();
  let id = 0;
  for (const worker of workers) {
    worker.on('message', (message) => {
      pending.get(message.id)(message.token);
      pending.delete(message.id);
    });
  }
  const issue = () =>
    new Promise((resolve) => {
      const current = id++;
      pending.set(current, resolve);
      workers[current % size].postMessage({ id: current });
    });
  await Promise.all(workers.map(() => issue())); // warm up: each worker loaded its signer
  return { issue, close: () => Promise.all(workers.map((w) => w.terminate())) };
}

const asyncSign = () =>
  new Promise((resolve, reject) =>
    sign('sha256', signingInput, key, (error, signature) =>
      error ? reject(error) : resolve(signature),
    ),
  );

const offLoop = [];
const rounds = 3;
const samples = { main: [], async: [], w1: [], w2: [] };
const pool1 = await workerPool(1);
const pool2 = await workerPool(2);
for (let round = 0; round < rounds; round++) {
  samples.main.push(await throughput(async () => signer.sign(sessionId, options).token));
  samples.async.push(await throughput(asyncSign));
  samples.w1.push(await throughput(pool1.issue));
  samples.w2.push(await throughput(pool2.issue));
}
await pool1.close();
await pool2.close();
const med = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const mainRate = med(samples.main);
offLoop.push(
  ['main thread, synchronous signer', mainRate],
  ['async crypto.sign (libuv threadpool; signature only)', med(samples.async)],
  ['1 worker thread (one message per token)', med(samples.w1)],
  ['2 worker threads (one message per token)', med(samples.w2)],
);
printTable(
  `Signing off the event loop, ${availableParallelism()} cores, ${TOKENS} tokens, ${IN_FLIGHT} in flight ` +
    `(median of ${rounds}), load ${loadavg()[0].toFixed(1)} at the end`,
  [
    ['where', 'tokens/s', 'vs main thread'],
    ...offLoop.map(([name, rate]) => [name, formatRate(rate), `${(rate / mainRate).toFixed(2)}x`]),
  ],
);
if (sink === 0) console.log('(unreachable: keeps the work observable)');
