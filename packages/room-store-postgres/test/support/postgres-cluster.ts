import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@opentok-rooms/store-testkit';
import { postgresProblem } from './postgres.js';

/** A Postgres cluster of the test's own, to stop and start again on the same port and data. */
export interface PostgresCluster {
  readonly connectionString: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

/** @returns the directory of `initdb` and `pg_ctl`, or undefined */
function binDirectory(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const initdb = which.stdout.trim();
  return initdb ? join(initdb, '..') : undefined;
}

/** @returns undefined when a cluster can be started, else why not */
export function postgresBinariesProblem(): string | undefined {
  const bin = binDirectory();
  if (!bin) return 'the Postgres server binaries (initdb, pg_ctl) were not found';
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) {
    return 'running as root, and there is no "postgres" user to run the server as';
  }
  return undefined;
}

/**
 * Creates a cluster in a temporary directory (trust auth, database `test`) and starts it on a free
 * port. As root it runs the binaries as the `postgres` user, since Postgres refuses to run as root.
 *
 * @returns the running cluster
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binDirectory();
  if (!bin) throw new Error('the Postgres server binaries were not found');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'room-store-postgres-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, full, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      throw new Error(`${tool} failed: ${result.stderr || result.stdout || result.error?.message}`);
    }
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const connectionString = `postgres://postgres@127.0.0.1:${port}/postgres`;

  async function launch(): Promise<void> {
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
    const deadline = Date.now() + 10_000;
    while ((await postgresProblem(connectionString)) !== undefined) {
      if (Date.now() > deadline) throw new Error(`Postgres did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  let running = false;
  await launch();
  running = true;
  return {
    connectionString,
    async start() {
      await launch();
      running = true;
    },
    async stop() {
      if (!running) return;
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    async dispose() {
      if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
