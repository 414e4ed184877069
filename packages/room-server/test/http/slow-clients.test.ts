// Slow and hostile clients against createRoomHttpServer: slowloris (headers that never end) and a
// body sent a byte at a time are cut off within the configured bounds while others are served.

import type { AddressInfo } from 'node:net';
import { createConnection, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomHandler, createRoomHttpServer } from '../../src/http/index.js';
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

async function start() {
  const server = rooms();
  await server.getOrCreateRoom('open');
  const http = createRoomHttpServer(createRoomHandler({ rooms: server }), {
    headersTimeoutMs: HEADERS_MS,
    requestTimeoutMs: REQUEST_MS,
    checkEveryMs: CHECK_MS,
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
