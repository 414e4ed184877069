// Runs the app (`next start` or `next dev`) against real OpenTok or Vonage when the environment
// names an account, and against a local OpenTok emulator otherwise: it starts one and hands its
// credentials to Next.js as the variables room-server reads (OPENTOK_API_KEY, OPENTOK_API_SECRET,
// OPENTOK_API_URL). The app itself never knows which: that is configuration.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@opentok-rooms/emulator';
import { credentialsFromEnv } from '@opentok-rooms/room-server';

const APP = fileURLToPath(new URL('.', import.meta.url));
const NEXT = createRequire(import.meta.url).resolve('next/dist/bin/next');

/**
 * Starts the example and resolves once Next.js answers.
 *
 * @param {{ mode?: 'start' | 'dev', port?: number, host?: string, env?: Record<string, string | undefined>, onOutput?: (text: string) => void }} options
 */
export async function startNextExample({
  mode = 'start',
  port = 3000,
  host = '127.0.0.1',
  env = process.env,
  onOutput = (text) => process.stdout.write(text),
} = {}) {
  // Half-set or contradictory variables throw here, naming what to set; none set: the emulator.
  const real = credentialsFromEnv(env, { optional: true }) !== undefined;
  const emulator = real ? undefined : await startEmulator({ host });
  const childEnv = {
    ...env,
    ...(emulator
      ? {
          OPENTOK_API_KEY: emulator.apiKey,
          OPENTOK_API_SECRET: emulator.apiSecret,
          OPENTOK_API_URL: emulator.url,
        }
      : {}),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const url = `http://${host}:${port}`;
  const next = spawn(process.execPath, [NEXT, mode, '--port', String(port), '--hostname', host], {
    cwd: APP,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  next.stdout.setEncoding('utf8').on('data', onOutput);
  next.stderr.setEncoding('utf8').on('data', onOutput);
  const exited = new Promise((resolve) => next.once('exit', resolve));

  async function close() {
    if (next.exitCode === null && next.signalCode === null) next.kill('SIGTERM');
    await exited;
    await emulator?.close();
  }

  try {
    await waitForAnswer(url, exited);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, mode: emulator ? 'emulator' : 'real', emulator, close };
}

/** Polls until Next.js answers at all (any status), or fails if it exits first. */
async function waitForAnswer(url, exited) {
  let gone;
  exited.then((code) => {
    gone = `Next.js exited (${code}) before it answered; its output above says why (not built? run \`pnpm build\`; port taken? set PORT).`;
  });
  const deadline = Date.now() + 120_000;
  while (!gone) {
    try {
      await fetch(`${url}/api/health-check-of-the-runner`, { signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Next.js did not answer at ${url} in 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(gone);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
  const port = Number(process.env.PORT ?? 3000);
  const example = await startNextExample({ mode, port });
  console.log(
    `\nopentok-rooms Next.js example (${example.mode === 'emulator' ? 'local OpenTok emulator' : 'real account'})`,
  );
  console.log(`\n  Open ${example.url} in two tabs and join the same room.\n`);
  const stop = () => example.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
