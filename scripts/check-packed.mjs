// Consumes the packages as published: packs each one, installs the tarballs into a fresh app outside
// the workspace, and checks ESM import, CJS require (with a real join against the emulator), a strict
// TypeScript file that uses the typed helpers. (The getting-started guide is executed as written by
// scripts/check-getting-started.mjs.)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackages } from './pack-packages.mjs';

const work = mkdtempSync(join(tmpdir(), 'opentok-rooms-packed-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballs);
mkdirSync(app);
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  const files = Object.fromEntries(
    Object.entries(await packPackages(tarballs)).map(([name, file]) => [name, `file:${file}`]),
  );
  console.log(`packed: ${Object.keys(files).join(', ')}`);

  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'fresh-app',
        private: true,
        type: 'module',
        dependencies: { ...files, ioredis: '6.0.0', pg: '8.23.1' },
        devDependencies: { typescript: '5.9.3', '@types/node': '20.19.8', '@types/pg': '8.15.6' },
      },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);

  writeFileSync(
    join(app, 'esm.mjs'),
    `import { startEmulator, verifyClientToken } from '@opentok-rooms/emulator';
import { createRoomServer, isRoomError } from '@opentok-rooms/room-server';
import { createRoomHandler } from '@opentok-rooms/room-server/http';
import { createRoomClient } from '@opentok-rooms/room-client';
import { createFakeOT } from '@opentok-rooms/room-client/testing';
import { redisRoomStore } from '@opentok-rooms/room-store-redis';
import { postgresRoomStore } from '@opentok-rooms/room-store-postgres';
const emulator = await startEmulator();
const rooms = createRoomServer({ apiKey: emulator.apiKey, apiSecret: emulator.apiSecret, apiUrl: emulator.url });
const join = await rooms.joinRoom('packed');
verifyClientToken(join.token, emulator);
const response = await createRoomHandler({ rooms })(new Request('http://x/rooms/packed/join', { method: 'POST' }));
if (response.status !== 200) throw new Error('handler answered ' + response.status);
const OT = createFakeOT();
const client = createRoomClient({ OT, credentials: { apiKey: 'k', sessionId: 's', token: 't' }, publisher: false });
await client.join();
await client.leave();
for (const f of [isRoomError, redisRoomStore, postgresRoomStore]) if (typeof f !== 'function') throw new Error('missing export');
await emulator.close();
console.log('ESM ok');
`,
  );
  writeFileSync(
    join(app, 'cjs.cjs'),
    `const { startEmulator, verifyClientToken } = require('@opentok-rooms/emulator');
const { createRoomServer } = require('@opentok-rooms/room-server');
const { createRoomHandler } = require('@opentok-rooms/room-server/http');
const { createRoomClient } = require('@opentok-rooms/room-client');
const { createFakeOT } = require('@opentok-rooms/room-client/testing');
const { redisRoomStore } = require('@opentok-rooms/room-store-redis');
const { postgresRoomStore } = require('@opentok-rooms/room-store-postgres');
(async () => {
  const emulator = await startEmulator();
  const rooms = createRoomServer({ apiKey: emulator.apiKey, apiSecret: emulator.apiSecret, apiUrl: emulator.url });
  verifyClientToken((await rooms.joinRoom('packed-cjs')).token, emulator);
  if (typeof createRoomHandler !== 'function' || typeof createRoomClient !== 'function' || typeof createFakeOT !== 'function') throw new Error('missing export');
  if (typeof redisRoomStore !== 'function' || typeof postgresRoomStore !== 'function') throw new Error('missing export');
  await emulator.close();
  console.log('CJS ok');
})().catch((error) => { console.error(error); process.exit(1); });
`,
  );
  writeFileSync(
    join(app, 'typed.ts'),
    `import { createRoomServer, type IssuedToken, isRoomError, type RoomError, type RoomStore } from '@opentok-rooms/room-server';
import { type Authorize, createRoomHandler, toNodeListener } from '@opentok-rooms/room-server/http';
import { createRoomClient, type RoomClient, type RoomClientEvents, isRoomClientError } from '@opentok-rooms/room-client';
import { createFakeOT } from '@opentok-rooms/room-client/testing';
import { startEmulator, type Emulator } from '@opentok-rooms/emulator';
import { redisRoomStore } from '@opentok-rooms/room-store-redis';
import { postgresRoomStore } from '@opentok-rooms/room-store-postgres';
import { createServer } from 'node:http';

const authorize: Authorize = (_request, { action }) => (action === 'joinRoom' ? { role: 'subscriber', data: 'name=Ada' } : false);
export async function serve(emulator: Emulator, store: RoomStore): Promise<IssuedToken> {
  const rooms = createRoomServer({ apiKey: emulator.apiKey, apiSecret: emulator.apiSecret, apiUrl: emulator.url, store });
  createServer(toNodeListener(createRoomHandler({ rooms, authorize })));
  try {
    return await rooms.issueToken('typed', { role: 'moderator', expiresIn: 60 });
  } catch (error) {
    if (isRoomError(error)) { const code: RoomError['code'] = error.code; throw new Error(code); }
    throw error;
  }
}
export function client(): RoomClient {
  const room = createRoomClient({ OT: createFakeOT(), credentials: { apiKey: 'k', sessionId: 's', token: 't' } });
  const onCount = (counts: Parameters<RoomClientEvents['countChanged']>[0]) => counts.others;
  room.on('countChanged', onCount);
  room.join().catch((error: unknown) => { if (isRoomClientError(error)) console.log(error.code); });
  return room;
}
export const stores = [redisRoomStore({ url: 'redis://127.0.0.1:6379' }), postgresRoomStore({ connectionString: 'postgres://localhost/test' })];
export { startEmulator };
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        lib: ['ES2022', 'DOM'],
        types: ['node'],
        skipLibCheck: true,
      },
      files: ['typed.ts'],
    }),
  );
  process.stdout.write(run('node', ['esm.mjs'], app));
  process.stdout.write(run('node', ['cjs.cjs'], app));
  run(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app);
  console.log('TypeScript ok (typed.ts)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
