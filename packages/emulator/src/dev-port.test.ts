import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDevEmulator } from './dev-port.js';

describe('startDevEmulator', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('says in one line to set OPENTOK_EMULATOR_PORT when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const taken = {
      code: 'EADDRINUSE',
      message: `Port ${port} is taken (another emulator already running?): stop it, or choose another port with OPENTOK_EMULATOR_PORT=N.`,
    };
    try {
      await expect(startDevEmulator({ port })).rejects.toMatchObject(taken);
      vi.stubEnv('OPENTOK_EMULATOR_PORT', String(port));
      await expect(startDevEmulator()).rejects.toMatchObject(taken);
    } finally {
      blocker.close();
    }
  });
});
