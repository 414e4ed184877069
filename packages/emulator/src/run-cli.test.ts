import { createServer } from 'node:net';
import OpenTok from 'opentok';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

function capture(): {
  lines: string[];
  errors: string[];
  log(line: string): void;
  error(line: string): void;
} {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    log: (line) => lines.push(line),
    error: (line) => errors.push(line),
  };
}

describe('runCli', () => {
  it('starts the emulator with the given credentials and prints how to use it', async () => {
    const output = capture();
    const result = await runCli(
      ['--port', '0', '--api-key', '10203040', '--api-secret', 's3cret'],
      output,
    );
    if (!('emulator' in result)) throw new Error('expected a running emulator');
    const { emulator } = result;
    try {
      const text = output.lines.join('\n');
      expect(text).toContain(emulator.url);
      expect(text).toContain('OPENTOK_API_KEY=10203040');
      expect(text).toContain('OPENTOK_API_SECRET=s3cret');
      expect(text).toContain(`OPENTOK_API_URL=${emulator.url}`);
      expect(text).toContain('new OpenTok(');
      const session = await new Promise<string | undefined>((resolve) => {
        new OpenTok('10203040', 's3cret', { apiUrl: emulator.url }).createSession({}, (_e, s) =>
          resolve(s?.sessionId),
        );
      });
      expect(session).toMatch(/^1_/);
    } finally {
      await emulator.close();
    }
  });

  it('prints help and exits 0', async () => {
    const output = capture();
    expect(await runCli(['--help'], output)).toEqual({ exitCode: 0 });
    expect(output.lines.join('\n')).toContain('Usage: opentok-emulator');
  });

  it('exits 2 on bad arguments', async () => {
    for (const args of [['--bogus'], ['--port', 'abc'], ['--port', '70000'], ['extra']]) {
      const output = capture();
      expect(await runCli(args, output), args.join(' ')).toEqual({ exitCode: 2 });
      expect(output.errors.length).toBeGreaterThan(0);
    }
  });

  it('says in one line which option and variable to set when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      for (const [args, env] of [
        [['--port', String(port)], {}],
        [[], { OPENTOK_EMULATOR_PORT: String(port) }],
      ] as const) {
        const output = capture();
        expect(await runCli(args, output, env)).toEqual({ exitCode: 1 });
        expect(output.errors).toEqual([
          `Port ${port} is taken (another emulator already running?): stop it, or choose another port with --port N or OPENTOK_EMULATOR_PORT=N.`,
        ]);
      }
    } finally {
      blocker.close();
    }
  });

  it('listens on OPENTOK_EMULATOR_PORT when no --port is given, and rejects a bad one', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const output = capture();
    const result = await runCli([], output, { OPENTOK_EMULATOR_PORT: String(port) });
    if (!('emulator' in result)) throw new Error(output.errors.join('\n'));
    try {
      expect(result.emulator.url).toBe(`http://127.0.0.1:${port}`);
      expect(output.lines).toContain(`  OPENTOK_API_URL=http://127.0.0.1:${port}`);
      expect(output.lines.join('\n')).toContain(`OPENTOK_EMULATOR_URL=http://127.0.0.1:${port}`);
    } finally {
      await result.emulator.close();
    }
    const bad = capture();
    expect(await runCli([], bad, { OPENTOK_EMULATOR_PORT: 'abc' })).toEqual({ exitCode: 2 });
    expect(bad.errors).toEqual(['OPENTOK_EMULATOR_PORT must be an integer 0-65535, got "abc".']);
  });
});
