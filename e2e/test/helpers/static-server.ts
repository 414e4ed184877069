import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny static server for the test pages. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Stops it. */
  close(): Promise<void>;
}

/** One page the server answers: a path and a function making its body. */
export interface StaticRoute {
  readonly path: string;
  readonly contentType: string;
  /** More response headers (e.g. a `Permissions-Policy`). */
  readonly headers?: Readonly<Record<string, string>>;
  body(): Promise<string> | string;
}

/**
 * Serves fixed routes on 127.0.0.1 (a random port); anything else is 404.
 *
 * @param routes - The routes.
 * @returns The running server.
 */
export async function startStaticServer(routes: readonly StaticRoute[]): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const route = routes.find((entry) => entry.path === path);
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    Promise.resolve(route.body()).then(
      (body) =>
        response.writeHead(200, { ...route.headers, 'Content-Type': route.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Reads a fixture file next to the tests.
 *
 * @param name - File name in `e2e/fixtures`.
 * @returns Its text.
 */
export function fixture(name: string): Promise<string> {
  return readFile(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
}
