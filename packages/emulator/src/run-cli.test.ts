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
    const result = await runCli(['--api-key', '10203040', '--api-secret', 's3cret'], output);
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
});
