import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a scripted server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a scripted server answers: a status, and a body of a content type (default JSON). */
export interface ScriptedAnswer {
  status: number;
  body?: string;
  type?: string;
}

/**
 * A loopback server standing in for the Video API's REST host: it answers each request with the
 * next of `answers` (the last repeats) and records what it was sent.
 *
 * @param answers - the answers, in order
 * @returns the server (the caller closes it), what it saw, and its URL
 */
export async function scriptedServer(
  answers: ScriptedAnswer[],
): Promise<{ server: Server; seen: SeenRequest[]; url: string }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)] ?? { status: 500 };
      res.writeHead(answer.status, { 'Content-Type': answer.type ?? 'application/json' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, seen, url: `http://127.0.0.1:${port}` };
}
