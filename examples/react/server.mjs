// The React example's server is examples/basic's (room-server's HTTP handler under /api, the
// emulator by default, real Vonage with VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY or
// VONAGE_PRIVATE_KEY_PATH, real OpenTok with OPENTOK_API_KEY and OPENTOK_API_SECRET), serving
// this app.

import { normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitIfPortTaken, startBasicExample } from '@opentok-rooms/example-basic/server.mjs';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
/** `vite build --mode development`: React's development build (StrictMode double-mounts). */
const DIST_DEV = fileURLToPath(new URL('./dist-dev/', import.meta.url));

/**
 * Starts the React example.
 *
 * @param {{ port?: number, host?: string, env?: NodeJS.ProcessEnv, development?: boolean }} options
 */
export function startReactExample({ development = false, ...options } = {}) {
  return startBasicExample({ ...options, dist: development ? DIST_DEV : DIST });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const port = Number(process.env.PORT ?? 3000);
  const example = await startReactExample({ port }).catch((error) => exitIfPortTaken(error, port));
  console.log(
    `\nopentok-rooms React example (${example.mode === 'emulator' ? 'local OpenTok emulator' : 'real OpenTok'})`,
  );
  console.log(`\n  Open ${example.url} in two tabs and join the same room.\n`);
  if (process.env.DEMO_EXIT_AFTER_START) {
    // Smoke mode for CI: prove the built app, the room list and a join work, then stop.
    const page = await fetch(example.url);
    const html = await page.text();
    const rooms = await fetch(`${example.url}/api/rooms`);
    const join = await fetch(`${example.url}/api/rooms/smoke/join`, { method: 'POST' });
    const ok = page.ok && html.includes('id="root"') && rooms.ok && join.ok;
    console.log(`  smoke check: page ${page.status}, rooms ${rooms.status}, join ${join.status}`);
    await example.close();
    process.exit(ok ? 0 : 1);
  }
  const stop = () => example.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
