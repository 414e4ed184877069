import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@opentok-rooms/store-testkit';
import { redisProblem } from './redis.js';

/** A redis-server of the test's own, to stop, freeze and start again on the same port. */
export interface RedisProcess {
  readonly url: string;
  /** Stops it (SIGTERM) and waits for the process to end. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory, and waits for it to answer. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing is answered. */
  freeze(): void;
  /** Resumes it after {@link RedisProcess.freeze}. */
  thaw(): void;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

/** @returns undefined when `redis-server` can be run, else why not */
export function redisServerProblem(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error ? `redis-server cannot be run: ${probe.error.message}` : undefined;
}

/**
 * Starts `redis-server --port <free> --save '' --appendonly no` in a temporary directory.
 *
 * @returns the running server
 */
export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'room-store-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while ((await redisProblem(url)) !== undefined) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGTERM');
    await exited;
  }

  await start();
  return {
    url,
    start,
    stop,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
