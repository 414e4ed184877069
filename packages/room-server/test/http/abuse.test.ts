// The abuse of issue 17 replayed: thousands of anonymous room creations from one address against the
// open setup (createOnJoin, default limits), through createRoomHttpServer on node:http.
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRoomHandler,
  createRoomHttpServer,
  type NodeEnv,
  type RoomHandlerOptions,
} from '../../src/http/index.js';
import { memoryRoomStore, type RoomServer } from '../../src/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { send } from '../support/serve.js';
import { stillClockLimitStore } from '../support/still-clock-limits.js';

const { rooms, createSessionRequests } = useEmulator();
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

/** Listens on every local address (IPv4 and IPv6): 127.0.0.1 and ::1 are then two clients. */
async function listen(server: RoomServer, options: Partial<RoomHandlerOptions> = {}) {
  const http = createRoomHttpServer(createRoomHandler({ rooms: server, ...options }));
  await new Promise<void>((resolve) => http.listen(0, '::', resolve));
  const { port } = http.address() as AddressInfo;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  );
  return { attacker: `http://127.0.0.1:${port}`, neighbour: `http://[::1]:${port}` };
}

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('anonymous room creation from one address', () => {
  it('2,000 creations: 10 rooms a minute, the rest 429 with Retry-After, neighbours served, memory bounded', async () => {
    const server = rooms();
    await server.getOrCreateRoom('lobby');
    const url = await listen(server, { createOnJoin: true });
    const sessionsBefore = createSessionRequests();
    const heapBefore = heapAfterGc();

    const startedAt = Date.now();
    const statuses = new Map<number, number>();
    const retryAfters = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 2000) {
          const i = next++;
          // Half on the JSON API, half on the sample-server routes: both create on demand here.
          const path = i % 2 ? `/rooms/spam-${i}/join` : `/room/spam-${i}`;
          const response = await fetch(`${url.attacker}${path}`, {
            method: i % 2 ? 'POST' : 'GET',
          });
          const body = (await response.json()) as { error?: { code: string; message: string } };
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status === 429) {
            expect(body.error?.code).toBe('rate_limited');
            expect(typeof body.error?.message).toBe('string');
            retryAfters.add(response.headers.get('retry-after') ?? 'missing');
          }
        }
      }),
    );

    // Limits count in fixed one-minute windows: a run that spans a boundary gets the next 10 too.
    const windows = Math.floor(Date.now() / 60_000) - Math.floor(startedAt / 60_000) + 1;
    const created = statuses.get(200) ?? 0;
    expect(created).toBeGreaterThanOrEqual(10);
    expect(created).toBeLessThanOrEqual(10 * windows);
    expect(statuses.get(429)).toBe(2000 - created);
    expect([...retryAfters].every((value) => /^\d+$/.test(value) && Number(value) <= 60)).toBe(
      true,
    );
    expect(createSessionRequests() - sessionsBefore).toBe(created);
    expect((await server.listRooms({ limit: 1000 })).rooms).toHaveLength(created + 1);

    // Another client joins an existing room while the attacker is held back.
    const neighbour = await send(`${url.neighbour}/rooms/lobby/join`, 'POST');
    expect(neighbour.status).toBe(200);
    expect(neighbour.body.created).toBe(false);
    const attackerAgain = await send(`${url.attacker}/rooms/lobby/join`, 'POST');
    // (Unless a new window has just begun, the attacker has spent this one's joins too.)
    if (Math.floor(Date.now() / 60_000) === Math.floor(startedAt / 60_000)) {
      expect(attackerAgain.status).toBe(429);
    }

    const grownBy = heapAfterGc() - heapBefore;
    expect(grownBy).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);

  it('by default a join that would create a room is refused: no session is made', async () => {
    const url = await listen(rooms());
    const before = createSessionRequests();
    for (let i = 0; i < 50; i++) {
      const { status } = await send(`${url.attacker}/rooms/nope-${i}/join`, 'POST');
      expect(status).toBe(403);
    }
    expect(createSessionRequests() - before).toBe(0);
  });

  it('maxRooms caps the rooms a server holds: then 503 capacity_reached, and no session', async () => {
    const server = rooms({ maxRooms: 3 });
    const url = await listen(server, { createOnJoin: true, limits: false });
    for (const name of ['a', 'b', 'c']) {
      expect((await send(`${url.attacker}/rooms/${name}/join`, 'POST')).status).toBe(200);
    }
    const before = createSessionRequests();
    const full = await send(`${url.attacker}/rooms/d/join`, 'POST');
    expect(full.status).toBe(503);
    expect(full.body.error.code).toBe('capacity_reached');
    expect(createSessionRequests()).toBe(before);
    expect((await send(`${url.attacker}/rooms/a/join`, 'POST')).status).toBe(200);
  });

  it('maxRooms holds under concurrent creations: 20 at once with a cap of 3 make 3 rooms and 3 sessions', async () => {
    const server = rooms({ maxRooms: 3 });
    const url = await listen(server, { createOnJoin: true, limits: false });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(`${url.attacker}/rooms/burst-${i}/join`, 'POST')),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 503)).toHaveLength(17);
    for (const answer of answers.filter((a) => a.status === 503)) {
      expect(answer.body.error.code).toBe('capacity_reached');
    }
    expect(createSessionRequests()).toBe(3);
    expect((await server.listRooms()).rooms).toHaveLength(3);
    // A place is freed when a room goes; a creation that failed holds none.
    await server.deleteRoom((await server.listRooms()).rooms[0]!.name);
    expect((await send(`${url.attacker}/rooms/after-delete/join`, 'POST')).status).toBe(200);
    expect(createSessionRequests()).toBe(4);
  });

  it('processes sharing a store each hold the cap: together at most N × maxRooms', async () => {
    // Two servers over one store stand for two processes over one Redis or Postgres.
    const store = memoryRoomStore();
    const [one, two] = [rooms({ store, maxRooms: 3 }), rooms({ store, maxRooms: 3 })];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).joinRoom(`shared-${i}`)),
    );
    const created = results.filter((result) => result.status === 'fulfilled').length;
    expect(created).toBeGreaterThanOrEqual(3);
    expect(created).toBeLessThanOrEqual(6);
    expect(await store.countRooms!()).toBe(created);
    expect(createSessionRequests()).toBe(created);
    // Once the count is in the store, neither lets one more through.
    await expect(one.joinRoom('one-more')).rejects.toMatchObject({ code: 'capacity_reached' });
    await expect(two.joinRoom('one-more')).rejects.toMatchObject({ code: 'capacity_reached' });
  });

  it('a handler that knows no remote address (Fetch only) counts all clients as one, apart from the server', async () => {
    const handler = createRoomHandler({
      rooms: rooms(),
      createOnJoin: true,
      limits: { store: stillClockLimitStore() },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await handler(
        new Request(`http://rooms.example/rooms/fetch-only-${i}/join`, { method: 'POST' }),
      );
      statuses.push(response.status);
    }
    // creationsPerMinute (10) for the one client '*', not half of it.
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
    expect(createSessionRequests()).toBe(10);
  });

  it('with the rate-limit store down a join is 503 store_unavailable, not 500', async () => {
    const server = rooms();
    await server.getOrCreateRoom('lobby');
    const url = await listen(server, {
      limits: { store: { hit: () => Promise.reject(new Error('ECONNREFUSED')) } },
    });
    const answer = await send(`${url.attacker}/rooms/lobby/join`, 'POST');
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('store_unavailable');
  });

  it('POST /rooms counts creations only: asking again for an existing room is 200, not a creation', async () => {
    const url = await listen(rooms(), {
      authorize: () => true,
      limits: { creationsPerMinute: 2, store: stillClockLimitStore() },
    });
    const statuses = [];
    for (const name of ['kept', 'kept', 'kept', 'kept', 'second', 'third']) {
      statuses.push((await send(`${url.attacker}/rooms`, 'POST', { name })).status);
    }
    expect(statuses).toEqual([201, 200, 200, 200, 201, 429]);
    expect(createSessionRequests()).toBe(2);
  });

  it('addresses of one IPv6 /64 are one client: rotating through it escapes no limit', async () => {
    const handler = createRoomHandler({
      rooms: rooms(),
      createOnJoin: true,
      limits: { store: stillClockLimitStore() },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const remoteAddress = `2001:db8:7:9:${((i * 7919) % 0xffff).toString(16)}::${i + 1}`;
      const env = { incoming: { socket: { remoteAddress } } } as unknown as NodeEnv;
      const request = new Request(`http://rooms.example/rooms/v6-${i}/join`, { method: 'POST' });
      statuses.push((await handler(request, env)).status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
    // The next /64 is someone else.
    const env = {
      incoming: { socket: { remoteAddress: '2001:db8:7:a::1' } },
    } as unknown as NodeEnv;
    const other = new Request('http://rooms.example/rooms/v6-other/join', { method: 'POST' });
    expect((await handler(other, env)).status).toBe(200);
  });

  it('the server-wide creation limit holds across clients', async () => {
    const url = await listen(rooms(), {
      createOnJoin: true,
      limits: {
        creationsPerMinute: 100,
        serverCreationsPerMinute: 3,
        store: stillClockLimitStore(),
      },
    });
    const answers = [];
    for (const [i, base] of [url.attacker, url.neighbour, url.attacker, url.neighbour].entries()) {
      answers.push((await send(`${base}/rooms/shared-${i}/join`, 'POST')).status);
    }
    expect(answers).toEqual([200, 200, 200, 429]);
  });
});
