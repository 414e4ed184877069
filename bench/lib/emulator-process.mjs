// Runs an emulator in a child process, so that a benchmark can read the CPU time the emulator
// itself spends (its media router, in routed sessions) apart from the browser driver's.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(import.meta.url);
// BENCH_EMULATOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the emulator alone.
const CHILD_ARGS = process.env.BENCH_EMULATOR_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

// How long the child's main thread (its event loop) has waited, runnable, for a CPU: Linux's
// schedstat, second field, in nanoseconds. `undefined` without it.
function runQueueWaitMs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return Number(fields[1]) / 1e6;
  } catch {
    return undefined;
  }
}

// Why the router rebuilt the downstream peer connections open now, one list per peer connection
// (a single peer connection once, not once per subscriber it carries).
function rebuildReasons(emulator) {
  const byPeerConnection = new Map();
  for (const { downstreams } of emulator.media.stats()) {
    for (const entry of downstreams) {
      const key = entry.singlePeerConnection ? `spc:${entry.connectionId}` : entry.subscriberId;
      byPeerConnection.set(key, entry.rebuildReasons);
    }
  }
  return [...byPeerConnection.values()].flat();
}

if (process.argv[2] === '--child') {
  const { startEmulator } = await import('@opentok-rooms/emulator');
  const emulator = await startEmulator();
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpuMs: (user + system) / 1000, waitMs: runQueueWaitMs() });
    } else if (message === 'rebuilds') {
      process.send({ reasons: rebuildReasons(emulator) });
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
 * @returns Its url, credentials, `usage()` (the child's CPU time so far, and how long its event
 *   loop waited for a CPU so far), `rebuildReasons()` (the router's, for the downstream peer
 *   connections open now), `countRequests(filter)`
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
    // CPU time so far, and how long its event loop waited for a CPU so far (Linux, else undefined).
    usage: async () => {
      child.send('cpu');
      const { cpuMs, waitMs } = await next();
      return { cpuMs, waitMs };
    },
    // Why the downstream peer connections open now were rebuilt (one entry per rebuild).
    rebuildReasons: async () => {
      child.send('rebuilds');
      return (await next()).reasons;
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
