// The example's server: room-server's HTTP handler under /api, the built app from dist/, and a
// video platform to talk to: real Vonage when VONAGE_APPLICATION_ID and a private key are set, real
// OpenTok when OPENTOK_API_KEY and OPENTOK_API_SECRET are, and the local emulator otherwise.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer, credentialsFromEnv } from '@opentok-rooms/room-server';
import { createRoomHandler, toNodeListener } from '@opentok-rooms/room-server/http';
import { withHostRecording } from './recording-policy.mjs';

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
 * @param {{ port?: number, host?: string, env?: NodeJS.ProcessEnv, dist?: string, emulatorAccount?: 'opentok' | 'vonage' }} options
 * @returns {Promise<{ url: string, mode: 'emulator' | 'opentok' | 'vonage', hostCode: string, emulator?: import('@opentok-rooms/emulator').Emulator, close(): Promise<void> }>}
 */
export async function startBasicExample({
  port = 3000,
  host = '127.0.0.1',
  env = process.env,
  dist = DIST,
  emulatorAccount = env.EMULATOR_ACCOUNT === 'vonage' ? 'vonage' : 'opentok',
} = {}) {
  // Half-set or contradictory variables throw here, listing what to set, before anything listens;
  // none set: the emulator.
  const credentials = credentialsFromEnv(env, { optional: true });
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

  const real = credentials !== undefined;
  const mode = !real ? 'emulator' : 'applicationId' in credentials ? 'vonage' : 'opentok';
  // The emulator posts signed session-monitoring callbacks to our webhook, so the lobby shows who is
  // in each room, exactly as the platform does once the callback URL and its signature secret are
  // set (OpenTok: in the project; Vonage: in the application's Video capability).
  const signatureSecret = real
    ? (env.VONAGE_SIGNATURE_SECRET ?? env.OPENTOK_CALLBACK_SECRET)
    : randomBytes(24).toString('hex');
  let emulator;
  let rooms;
  try {
    emulator = real
      ? undefined
      : await startEmulator({
          account: emulatorAccount,
          callbackUrl: `${url}/api/webhooks/opentok`,
          callbackSignatureSecret: signatureSecret,
        });
    // A key that is not an RSA private key throws here: close what was started.
    rooms = createRoomServer(
      credentials ??
        (emulator.account === 'vonage'
          ? {
              applicationId: emulator.applicationId,
              privateKey: emulator.privateKey,
              apiUrl: emulator.url,
            }
          : { apiKey: emulator.apiKey, apiSecret: emulator.apiSecret, apiUrl: emulator.url }),
    );
  } catch (error) {
    await emulator?.close();
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  // Whoever knows it joins as the host, who alone may record (see recording-policy.mjs).
  const hostCode = env.HOST_CODE || randomBytes(4).toString('hex');
  const handler = toNodeListener(
    createRoomHandler({
      rooms,
      basePath: '/api',
      authorize: withHostRecording(authorize, hostCode),
      ...(signatureSecret ? { webhooks: { signatureSecret } } : {}),
      onServerError: (error) => console.error('room API error:', error),
    }),
  );
  const config = JSON.stringify({
    mode,
    account: emulator?.account ?? mode,
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
    mode,
    hostCode,
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
    `\nopentok-rooms basic example (${{ emulator: 'local emulator', opentok: 'real OpenTok', vonage: 'real Vonage Video API' }[example.mode]})`,
  );
  console.log(`\n  Open ${example.url} in two tabs and join the same room.`);
  console.log(`  Host code (to record): ${example.hostCode}\n`);
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
