import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where {@link buildStoreForWorkers} bundles a store package's source for the worker processes.
 *
 * @param packageRoot - the store package's directory
 */
export function testBuildPath(packageRoot: string): string {
  return join(packageRoot, 'node_modules/.test-build/index.js');
}

const WORKER = fileURLToPath(new URL('../fixtures/join-worker.mjs', import.meta.url));

/** What a worker answers for one join. */
export interface WorkerJoin {
  sessionId?: string;
  token?: string;
  created?: boolean;
  error?: string;
}

/** A room server running in a Node process of its own. */
export interface Worker {
  readonly pid: number;
  /** Fires `count` concurrent joins of `room` in the worker. */
  join(room: string, count: number): Promise<WorkerJoin[]>;
  /** Closes the worker's room server and waits for the process to end. */
  close(): Promise<void>;
}

/** What every worker needs: the emulator and how to build its store. */
export interface WorkerConfig {
  /** The store package's directory (its test build is loaded from there). */
  packageRoot: string;
  /** The export that makes the store, e.g. `redisRoomStore`. */
  storeFactory: string;
  storeOptions: Record<string, unknown>;
  apiKey: string;
  apiSecret: string;
  apiUrl: string;
}

/**
 * Starts `count` worker processes and waits until each has reached its store.
 *
 * @returns the workers, ready to join
 */
export async function startWorkers(count: number, config: WorkerConfig): Promise<Worker[]> {
  const env = {
    ...process.env,
    WORKER_CONFIG: JSON.stringify({
      ...config,
      storeModule: pathToFileURL(testBuildPath(config.packageRoot)).href,
    }),
  };
  return Promise.all(
    Array.from({ length: count }, async () => {
      const child = fork(WORKER, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const ready = await nextMessage(child, 'ready');
      return {
        pid: ready.pid as number,
        async join(room, joins) {
          child.send({ type: 'join', room, count: joins });
          return (await nextMessage(child, 'joined')).results as WorkerJoin[];
        },
        async close() {
          if (child.exitCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.send({ type: 'close' });
          await exited;
        },
      } satisfies Worker;
    }),
  );
}

function nextMessage(child: ChildProcess, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`worker ${child.pid} exited with ${code} before "${type}"`));
    };
    function cleanup(): void {
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * @param token - an OpenTok JWT
 * @returns the `session_id` claim
 */
export function sessionIdOfToken(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).session_id;
}
