// The first join of a new room (issue 16): its time is OpenTok's createSession; this measures what
// room-server adds to it. Each round, one after another (one in flight), against an emulator in its
// own process (so its CPU time is not ours):
//   - joinRoom of a new name, per store (memory, Redis, Postgres): get, createSession, insert, token;
//   - the floor: one POST /session/create on a keep-alive connection with a freshly signed
//     X-OPENTOK-AUTH (what any createSession must send) + createToken;
//   - the opentok SDK's createSession + createToken (the sample server's first join);
//   - room-server's own createSession (the adapter, over its REST transport) + createToken: the
//     same request the SDK sends, without the SDK.
// Printed: time per first join (median of the rounds), this process's CPU time per join (the
// steadier figure on a shared machine), both against the floor, and the store calls one first join
// makes.
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import {
  createOpenTokAdapter,
  createRoomServer,
  createTokenSigner,
} from '@opentok-rooms/room-server';
import OpenTok from 'opentok';
import { startEmulatorProcess } from './lib/emulator-process.mjs';
import { median, printTable } from './lib/measure.mjs';
import { backends } from './lib/store-backends.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const JOINS_PER_ROUND = 40;

const emulator = await startEmulatorProcess();
const { apiKey, apiSecret } = emulator;
const signer = createTokenSigner({ apiKey, apiSecret });
const sdk = new OpenTok(apiKey, apiSecret, { apiUrl: emulator.url });
const adapter = createOpenTokAdapter({ apiKey, apiSecret, apiUrl: emulator.url });
const DEFAULT_SESSION = { mediaMode: 'relayed', archiveMode: 'manual', e2ee: false };
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const createUrl = new URL('/session/create', emulator.url);

/** The REST JWT the SDK sends, signed here with one HMAC. */
function projectJwt() {
  const iat = Math.floor(Date.now() / 1000);
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: apiKey, ist: 'project', iat, exp: iat + 300, jti: randomUUID() })}`;
  return `${input}.${createHmac('sha256', apiSecret).update(input).digest('base64url')}`;
}

/** One bare POST /session/create (relayed, manual archiving: the defaults). */
function bareCreateSession() {
  const body = 'archiveMode=manual&p2p.preference=enabled';
  return new Promise((resolve, reject) => {
    const call = request(
      createUrl,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': body.length,
          accept: 'application/json',
          'x-opentok-auth': projectJwt(),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200)
            reject(new Error(`createSession: ${response.statusCode}`));
          else resolve(JSON.parse(text)[0].session_id);
        });
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** Wraps a store so every call is counted. */
function counting(store) {
  const counter = { calls: 0 };
  const wrapped = new Proxy(store, {
    get(target, key) {
      const value = target[key];
      if (typeof value !== 'function') return value;
      return (...args) => {
        counter.calls++;
        return value.apply(target, args);
      };
    },
  });
  return { wrapped, counter };
}

/** Runs `fn` JOINS_PER_ROUND times in a row: wall and CPU microseconds per call. */
async function timed(fn) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < JOINS_PER_ROUND; i++) await fn();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    wallUs: ((performance.now() - start) * 1000) / JOINS_PER_ROUND,
    cpuUs: (cpu.user + cpu.system) / JOINS_PER_ROUND,
  };
}

const sdkCreateSession = () =>
  new Promise((resolve, reject) =>
    sdk.createSession({ mediaMode: 'relayed' }, (error, session) =>
      error ? reject(error) : resolve(session.sessionId),
    ),
  );

let next = 0;
const contenders = [
  {
    name: 'floor: POST /session/create + createToken',
    fn: async () => signer.sign(await bareCreateSession(), { role: 'publisher' }),
  },
  {
    name: 'opentok SDK createSession + createToken',
    fn: async () => signer.sign(await sdkCreateSession(), { role: 'publisher' }),
  },
  {
    name: 'room-server createSession + createToken',
    fn: async () =>
      signer.sign(await adapter.createSession(DEFAULT_SESSION), { role: 'publisher' }),
  },
];
const stores = [];
try {
  for (const backend of await backends()) {
    const { wrapped, counter } = counting(backend.store());
    const rooms = createRoomServer({ apiKey, apiSecret, apiUrl: emulator.url, store: wrapped });
    const prefix = `first-${randomUUID().slice(0, 8)}`;
    stores.push({ backend, rooms, counter });
    contenders.push({
      name: `joinRoom, new room (${backend.name})`,
      fn: () => rooms.joinRoom(`${prefix}-${next++}`),
      counter,
    });
  }
  for (const contender of contenders) await timed(contender.fn); // warm-up
  const samples = contenders.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, contender] of contenders.entries()) {
      if (contender.counter) contender.counter.calls = 0;
      const sample = await timed(contender.fn);
      if (contender.counter) contender.storeCalls = contender.counter.calls / JOINS_PER_ROUND;
      samples[i].push(sample);
    }
  }
  const rows = contenders.map((contender, i) => ({
    ...contender,
    wallUs: median(samples[i].map((s) => s.wallUs)),
    cpuUs: median(samples[i].map((s) => s.cpuUs)),
  }));
  const [floor] = rows;
  printTable(
    `First join of a new room, one at a time, ${JOINS_PER_ROUND} joins x ${ROUNDS} rounds ` +
      `(median), emulator in its own process, Node ${process.version}`,
    [
      [
        'contender',
        'ms/join',
        'vs floor',
        'added ms',
        'our CPU µs/join',
        'added CPU µs',
        'store calls',
      ],
      ...rows.map((r) => [
        r.name,
        (r.wallUs / 1000).toFixed(2),
        `${(r.wallUs / floor.wallUs).toFixed(2)}x`,
        ((r.wallUs - floor.wallUs) / 1000).toFixed(2),
        Math.round(r.cpuUs),
        Math.round(r.cpuUs - floor.cpuUs),
        r.storeCalls ?? '',
      ]),
    ],
  );
  console.log(
    '\nadded = the contender minus the floor; the emulator answers createSession in its own process.',
  );
} finally {
  for (const { rooms, backend } of stores) {
    await rooms.close();
    await backend.cleanUp();
  }
  agent.destroy();
  await emulator.close();
}
