// Time from join() to a published camera, with camera delay C (the permission prompt) and connect
// delay N, on the fake OT (real SDK semantics, real timers). room-client starts the camera in
// parallel with connecting (OpenTok's best practice); the sequential pattern (camera, then connect,
// then publish; e.g. Video Express) waits for each in turn.
// Target (issue 3): ours ≈ max(C, N), sequential ≈ C + N. Needs a build of room-client (pnpm bench).
import { performance } from 'node:perf_hooks';
import { createRoomClient } from '@opentok-rooms/room-client';
import { createFakeOT } from '@opentok-rooms/room-client/testing';
import { median, printTable } from './lib/measure.mjs';

const scenarios = [
  [200, 200],
  [400, 100],
  [100, 400],
];
const rounds = 3;
let sessions = 0;

function fakeWithARemoteStream(cameraDelayMs, connectDelayMs) {
  const OT = createFakeOT({ cameraDelayMs, connectDelayMs });
  const sessionId = `bench-${++sessions}`;
  const room = OT.room(sessionId);
  room.publish(room.join({ data: 'remote' }));
  return { OT, credentials: { apiKey: 'key', sessionId, token: 'token' } };
}

async function ours(cameraDelayMs, connectDelayMs) {
  const { OT, credentials } = fakeWithARemoteStream(cameraDelayMs, connectDelayMs);
  const client = createRoomClient({ OT, credentials });
  const start = performance.now();
  const published = new Promise((resolve) => client.once('published', resolve));
  await client.join();
  await published;
  const elapsed = performance.now() - start;
  await client.leave();
  return elapsed;
}

const call = (fn) =>
  new Promise((resolve, reject) => fn((error) => (error ? reject(error) : resolve())));

async function sequential(cameraDelayMs, connectDelayMs) {
  const { OT, credentials } = fakeWithARemoteStream(cameraDelayMs, connectDelayMs);
  const start = performance.now();
  let publisher;
  await call((done) => {
    publisher = OT.initPublisher(undefined, {}, done);
  });
  const session = OT.initSession(credentials.apiKey, credentials.sessionId);
  await call((done) => session.connect(credentials.token, done));
  await call((done) => session.publish(publisher, done));
  const elapsed = performance.now() - start;
  await session.disconnect();
  return elapsed;
}

const rows = [];
for (const [camera, connect] of scenarios) {
  const samples = { ours: [], sequential: [] };
  for (let round = 0; round < rounds; round++) {
    samples.ours.push(await ours(camera, connect));
    samples.sequential.push(await sequential(camera, connect));
  }
  const o = median(samples.ours);
  const s = median(samples.sequential);
  rows.push({ camera, connect, ours: o, sequential: s });
}

printTable(
  `Time from join() to published camera, fake OT with real timers, Node ${process.version} (median of ${rounds})`,
  [
    [
      'camera C (ms)',
      'connect N (ms)',
      'max(C, N)',
      'C + N',
      'room-client (ms)',
      'sequential (ms)',
      'saved',
    ],
    ...rows.map((r) => [
      r.camera,
      r.connect,
      Math.max(r.camera, r.connect),
      r.camera + r.connect,
      r.ours.toFixed(0),
      r.sequential.toFixed(0),
      `${(((r.sequential - r.ours) / r.sequential) * 100).toFixed(0)}%`,
    ]),
  ],
);
const met = rows.every(
  (r) =>
    r.ours < Math.max(r.camera, r.connect) + Math.min(r.camera, r.connect) / 2 &&
    r.sequential >= r.camera + r.connect,
);
console.log(`\ntarget ours ≈ max(C, N), sequential ≈ C + N: ${met ? 'MET' : 'MISSED'}`);
