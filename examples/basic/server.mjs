// The example's server: room-server's HTTP handler under /api, the built app from dist/, and an
// OpenTok to talk to: the local emulator by default, real OpenTok when OPENTOK_API_KEY and
// OPENTOK_API_SECRET are set.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import { createRoomHandler, toNodeListener } from '@opentok-rooms/room-server/http';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * The only connection data a visitor may set: `{"name": "..."}` with a display name of 1 to 40
 * characters. Everything else about a join is decided here, never by the browser.
 */
export function authorize(_request, { action, requested }) {
  if (action === 'listRooms') return true;
  if (action !== 'joinRoom') return false;
  if (requested?.data === undefined) return { role: 'publisher' };
  let name;
  try {
    name = JSON.parse(requested.data).name;
  } catch {
    return false;
  }
  if (typeof name !== 'string' || name.trim() === '' || name.length > 40) return false;
  if (JSON.stringify({ name }) !== requested.data) return false;
  return { role: 'publisher', data: requested.data };
}

/**
 * A busy port is one line that names the variable, not a stack trace: exits 1 for EADDRINUSE,
 * rethrows anything else.
 *
 * @param {unknown} error
 * @param {number} port
 * @returns {never}
 */
export function exitIfPortTaken(error, port) {
  if (error?.code !== 'EADDRINUSE') throw error;
  console.error(
    `Port ${port} is taken: set PORT to another one (PORT=${port + 1} npx --yes pnpm@10 demo).`,
  );
  process.exit(1);
}

/**
 * Starts the example. examples/react runs this same server with its own built app (`dist`).
 *
 * @param {{ port?: number, host?: string, env?: NodeJS.ProcessEnv, dist?: string }} options
 * @returns {Promise<{ url: string, mode: 'emulator' | 'opentok', emulator?: import('@opentok-rooms/emulator').Emulator, close(): Promise<void> }>}
 */
export async function startBasicExample({
  port = 3000,
  host = '127.0.0.1',
  env = process.env,
  dist = DIST,
} = {}) {
  let api = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/')) return api(req, res);
    serveApp(req, res, dist).catch(() => res.writeHead(500).end());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://${host}:${server.address().port}`;

  const real = Boolean(env.OPENTOK_API_KEY && env.OPENTOK_API_SECRET);
  // The emulator posts signed session-monitoring callbacks to our webhook, so the lobby shows who is
  // in each room, exactly as real OpenTok does once the callback URL is set in your project.
  const signatureSecret = real ? env.OPENTOK_CALLBACK_SECRET : randomBytes(24).toString('hex');
  const emulator = real
    ? undefined
    : await startEmulator({
        callbackUrl: `${url}/api/webhooks/opentok`,
        callbackSignatureSecret: signatureSecret,
      });
  const rooms = createRoomServer(
    real
      ? { apiKey: env.OPENTOK_API_KEY, apiSecret: env.OPENTOK_API_SECRET }
      : { apiKey: emulator.apiKey, apiSecret: emulator.apiSecret, apiUrl: emulator.url },
  );
  const handler = toNodeListener(
    createRoomHandler({
      rooms,
      basePath: '/api',
      authorize,
      ...(signatureSecret ? { webhooks: { signatureSecret } } : {}),
      onServerError: (error) => console.error('room API error:', error),
    }),
  );
  const config = JSON.stringify({
    mode: real ? 'opentok' : 'emulator',
    otScriptUrl: emulator?.scriptUrl ?? null,
  });
  api = (req, res) => {
    if (req.url === '/api/config') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(config);
      return;
    }
    handler(req, res);
  };

  return {
    url,
    mode: real ? 'opentok' : 'emulator',
    // For tests: fault injection (e.g. dropClient) on the emulator the example runs.
    emulator,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await emulator?.close();
      await rooms.close();
    },
  };
}

async function serveApp(req, res, dist) {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = normalize(join(dist, path === '/' ? 'index.html' : path));
  const inside = file.startsWith(dist);
  const body = await readFile(inside ? file : join(dist, 'index.html')).catch(() =>
    // Unknown paths get the app (it routes on the client); a missing build gets a hint.
    readFile(join(dist, 'index.html')).catch(() => null),
  );
  if (!body) {
    res
      .writeHead(500, { 'content-type': 'text/plain' })
      .end('The app is not built: run `pnpm build` in its example folder.');
    return;
  }
  const type =
    TYPES[extname(file)] ?? (inside && extname(file) ? 'application/octet-stream' : TYPES['.html']);
  res.writeHead(200, { 'content-type': type }).end(body);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const port = Number(process.env.PORT ?? 3000);
  const example = await startBasicExample({ port }).catch((error) => exitIfPortTaken(error, port));
  console.log(
    `\nopentok-rooms basic example (${example.mode === 'emulator' ? 'local OpenTok emulator' : 'real OpenTok'})`,
  );
  console.log(`\n  Open ${example.url} in two tabs and join the same room.\n`);
  if (process.env.DEMO_EXIT_AFTER_START) {
    // Smoke mode for CI: prove the page and a join work, then stop.
    const page = await fetch(example.url);
    const join = await fetch(`${example.url}/api/rooms/smoke/join`, { method: 'POST' });
    console.log(`  smoke check: page ${page.status}, join ${join.status}`);
    await example.close();
    process.exit(page.ok && join.ok ? 0 : 1);
  }
  const stop = () => example.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
