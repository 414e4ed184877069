import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerTooLargeError, exchange } from './http-exchange.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A loopback server that streams `chunks` chunks of 1 KiB with no length, then ends. */
async function streaming(chunks: number): Promise<URL> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const kib = Buffer.alloc(1024, 'a');
    let sent = 0;
    const next = () => {
      if (sent++ === chunks) return res.end();
      if (res.write(kib)) setImmediate(next);
      else res.once('drain', next);
    };
    next();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
}

describe('exchange', () => {
  it('reads a whole answer up to the cap', async () => {
    const answer = await exchange(await streaming(8), 'GET', {}, undefined, 2000, 8 * 1024);
    expect(answer).toMatchObject({ status: 200, contentType: 'application/json' });
    expect(answer.text).toHaveLength(8 * 1024);
  });

  it('stops reading an answer that streams past the cap, and closes the request', async () => {
    const url = await streaming(10_000);
    const started = performance.now();
    const failure = exchange(url, 'GET', {}, undefined, 5000, 8 * 1024);
    await expect(failure).rejects.toBeInstanceOf(AnswerTooLargeError);
    await expect(failure).rejects.toThrow('the answer is longer than 8192 bytes');
    // It gave up at the cap, not at the end of the 10 MiB or at the deadline.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
