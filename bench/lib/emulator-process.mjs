// Runs an emulator in a child process, so that a benchmark can read the CPU time the emulator
// itself spends (its media router, in routed sessions) apart from the browser driver's.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(import.meta.url);
// BENCH_EMULATOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the emulator alone.
const CHILD_ARGS = process.env.BENCH_EMULATOR_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

if (process.argv[2] === '--child') {
  const { startEmulator } = await import('@opentok-rooms/emulator');
  const emulator = await startEmulator();
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpuMs: (user + system) / 1000 });
    } else if (message?.countRequests) {
      process.send({ count: emulator.countRequests(message.countRequests) });
    } else if (message === 'close') {
      await emulator.close();
      process.exit(0);
    }
  });
  process.send({
    url: emulator.url,
    apiKey: emulator.apiKey,
    apiSecret: emulator.apiSecret,
    scriptUrl: emulator.scriptUrl,
  });
}

/**
 * Starts an emulator in a child process.
 *
 * @returns Its url, credentials, `cpuMs()` (the child's CPU time so far), `countRequests(filter)`
 *   (the emulator's, e.g. `{ method: 'POST', path: '/session/create' }`) and `close()`.
 */
export async function startEmulatorProcess() {
  const child = fork(CHILD, ['--child'], {
    execArgv: [...process.execArgv, ...CHILD_ARGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const info = await next();
  return {
    ...info,
    cpuMs: async () => {
      child.send('cpu');
      return (await next()).cpuMs;
    },
    countRequests: async (filter) => {
      child.send({ countRequests: filter });
      return (await next()).count;
    },
    close: async () => {
      child.send('close');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
