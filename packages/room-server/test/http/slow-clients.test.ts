// Slow and hostile clients against createRoomHttpServer: slowloris (headers that never end) and a
// body sent a byte at a time are cut off within the configured bounds while others are served; idle
// keep-alive connections, requests per connection and open connections are bounded.

import type { AddressInfo } from 'node:net';
import { createConnection, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRoomHandler,
  createRoomHttpServer,
  type RoomHttpServerOptions,
} from '../../src/http/index.js';
import { useEmulator } from '../support/emulated-rooms.js';
import { send } from '../support/serve.js';

const { rooms } = useEmulator();
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

const HEADERS_MS = 600;
const REQUEST_MS = 1200;
const CHECK_MS = 100;

async function start(options: RoomHttpServerOptions = {}) {
  const server = rooms();
  await server.getOrCreateRoom('open');
  const http = createRoomHttpServer(createRoomHandler({ rooms: server }), {
    headersTimeoutMs: HEADERS_MS,
    requestTimeoutMs: REQUEST_MS,
    checkEveryMs: CHECK_MS,
    ...options,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  );
  return (http.address() as AddressInfo).port;
}

/** A client that sends `first`, then one byte of `drip` every 50 ms; resolves when it is cut off. */
function dripping(
  port: number,
  first: string,
  drip: string,
): Promise<{ afterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const socket: Socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    let sent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    socket.on('connect', () => {
      socket.write(first);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write(drip[sent % drip.length]!);
        sent++;
      }, 50);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: performance.now() - startedAt, answer });
    });
    setTimeout(() => reject(new Error('never cut off')), 10_000).unref();
  });
}

const JOIN = 'POST /rooms/open/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n';

/** A raw HTTP/1.1 connection: what it was answered, and when it was closed. */
function rawClient(port: number) {
  const startedAt = performance.now();
  const socket: Socket = createConnection({ host: '127.0.0.1', port });
  let text = '';
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const statuses = () => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => Number(match[1]));
  socket.on('data', (chunk) => {
    text += chunk.toString('latin1');
    for (const wait of waiting.filter((w) => statuses().length >= w.count)) wait.resolve();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => {
    socket.on('close', () => {
      for (const wait of waiting) wait.resolve();
      resolve(performance.now() - startedAt);
    });
  });
  return {
    socket,
    statuses,
    text: () => text,
    closed,
    connected: new Promise<void>((resolve) => socket.on('connect', () => resolve())),
    /** Resolves once `count` answers have come (or the connection closed). */
    answered: (count: number) =>
      new Promise<void>((resolve) => {
        if (statuses().length >= count || socket.destroyed) resolve();
        else waiting.push({ count, resolve });
      }),
  };
}

describe('createRoomHttpServer against slow clients', () => {
  it('slowloris: 20 connections whose headers never end are closed after headersTimeoutMs; joins go on', async () => {
    const port = await start();
    const attack = Array.from({ length: 20 }, () =>
      dripping(port, 'GET /room/open HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n'),
    );
    const join = await send(`http://127.0.0.1:${port}/rooms/open/join`, 'POST');
    expect(join.status).toBe(200);
    for (const { afterMs, answer } of await Promise.all(attack)) {
      expect(afterMs).toBeGreaterThanOrEqual(HEADERS_MS - 50);
      expect(afterMs).toBeLessThan(HEADERS_MS + 2 * CHECK_MS + 1500);
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    }
  });

  it('slow body: a join whose body trickles in is closed after requestTimeoutMs; joins go on', async () => {
    const port = await start();
    const head =
      'POST /rooms/open/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 1000\r\n\r\n';
    const attack = Array.from({ length: 5 }, () => dripping(port, head, ' '));
    const join = await send(`http://127.0.0.1:${port}/rooms/open/join`, 'POST');
    expect(join.status).toBe(200);
    for (const { afterMs } of await Promise.all(attack)) {
      expect(afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50);
      expect(afterMs).toBeLessThan(REQUEST_MS + 2 * CHECK_MS + 1500);
    }
  });

  it('refuses a request head over maxHeaderBytes with 431', async () => {
    const port = await start();
    const { status } = await send(`http://127.0.0.1:${port}/rooms/open/join`, 'POST', undefined, {
      'x-big': 'x'.repeat(20 * 1024),
    });
    expect(status).toBe(431);
  });

  it('closes a keep-alive connection idle for keepAliveTimeoutMs', async () => {
    const port = await start({ keepAliveTimeoutMs: 300 });
    const client = rawClient(port);
    client.socket.write(JOIN);
    const closedAfterMs = await client.closed;
    expect(client.statuses()).toEqual([200]);
    expect(closedAfterMs).toBeGreaterThanOrEqual(300);
    expect(closedAfterMs).toBeLessThan(300 + 2000);
  });

  it('serves maxRequestsPerSocket requests on one connection: the last says close, more get 503', async () => {
    const port = await start({ maxRequestsPerSocket: 3 });
    const client = rawClient(port);
    for (let i = 0; i < 4; i++) {
      client.socket.write(JOIN);
      await client.answered(i + 1);
    }
    expect(client.statuses()).toEqual([200, 200, 200, 503]);
    const answers = client.text().split(/(?=HTTP\/1\.1 )/);
    expect(answers[1]).not.toMatch(/connection: close/i);
    expect(answers[2]).toMatch(/connection: close/i);
    client.socket.destroy();
  });

  it('refuses connections beyond maxConnections at once; a place freed serves again', async () => {
    const port = await start({ maxConnections: 2 });
    const held = [rawClient(port), rawClient(port)];
    await Promise.all(held.map((client) => client.connected));
    // Let the server count both before the third arrives.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = rawClient(port);
    refused.socket.write(JOIN);
    const refusedAfterMs = await refused.closed;
    expect(refusedAfterMs).toBeLessThan(1000);
    expect(refused.statuses()).toEqual([]);
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const served = rawClient(port);
    served.socket.write(JOIN);
    await served.answered(1);
    expect(served.statuses()).toEqual([200]);
    for (const client of [held[1]!, served]) client.socket.destroy();
  });

  it('checks its options', () => {
    const handler = createRoomHandler({ rooms: rooms() });
    expect(() => createRoomHttpServer(handler, { headersTimeoutMs: 0 })).toThrow(
      /headersTimeoutMs/,
    );
    expect(() =>
      createRoomHttpServer(handler, { headersTimeoutMs: 5000, requestTimeoutMs: 1000 }),
    ).toThrow(/headersTimeoutMs/);
  });
});
