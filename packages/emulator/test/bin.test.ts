// The installed command: the committed bin file runs the built CLI.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('opentok-emulator --help runs through the bin file', async () => {
  const bin = fileURLToPath(new URL('../bin/opentok-emulator.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help']);
  expect(stdout).toContain('Usage: opentok-emulator [--port N]');
  expect(stdout).toContain('default: $OPENTOK_EMULATOR_PORT, else 4010');
}, 30_000);
