import OpenTok from 'opentok';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('runCli --account vonage', () => {
  it('starts a Vonage application and prints the variables fromEnv reads, which work', async () => {
    const lines: string[] = [];
    // --port 0: a free port, not 4010, where a developer's own emulator may be running.
    const result = await runCli(['--account', 'vonage', '--port', '0'], {
      log: (l) => lines.push(l),
      error: (l) => lines.push(l),
    });
    if (!('emulator' in result))
      throw new Error(`expected a running emulator: ${lines.join('\n')}`);
    const { emulator } = result;
    try {
      const env = Object.fromEntries(
        lines
          .map((line) => /^ {2}(VONAGE_[A-Z_]+)=(.*)$/.exec(line))
          .filter((match) => match !== null)
          .map((match) => [match[1], match[2]?.replace(/^"|"$/g, '')]),
      ) as Record<string, string>;
      expect(Object.keys(env)).toEqual([
        'VONAGE_APPLICATION_ID',
        'VONAGE_PRIVATE_KEY',
        'VONAGE_VIDEO_API_URL',
      ]);
      expect(env.VONAGE_APPLICATION_ID).toBe(emulator.applicationId);
      expect(env.VONAGE_VIDEO_API_URL).toBe(emulator.url);
      const privateKey = (env.VONAGE_PRIVATE_KEY ?? '').replace(/\\n/g, '\n');
      expect(`${privateKey}\n`).toBe(emulator.privateKey);
      expect(lines.join('\n')).not.toContain('OPENTOK_API_SECRET');
      const sessionId = await new Promise<string | undefined>((resolve) => {
        new OpenTok(env.VONAGE_APPLICATION_ID ?? '', privateKey, {
          apiUrl: env.VONAGE_VIDEO_API_URL,
        }).createSession({}, (_e, s) => resolve(s?.sessionId));
      });
      expect(sessionId).toMatch(/^1_/);
    } finally {
      await emulator.close();
    }
  });

  it('exits 2 on an unknown account kind', async () => {
    const errors: string[] = [];
    const result = await runCli(['--account', 'tokbox'], {
      log: () => {},
      error: (l) => errors.push(l),
    });
    expect(result).toEqual({ exitCode: 2 });
    expect(errors[0]).toBe('--account must be opentok or vonage, got "tokbox".');
  });
});
