// A busy port is one clear line that names PORT, not an EADDRINUSE stack.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it.each(['../server.mjs', '../../react/server.mjs'])(
  '%s says in one line to set PORT when its port is taken',
  async (file) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const server = fileURLToPath(new URL(file, import.meta.url));
      const { code, stdout, stderr } = await new Promise<{
        code: number | null;
        stdout: string;
        stderr: string;
      }>((resolve) => {
        const child = execFile(
          process.execPath,
          [server],
          { env: { ...process.env, PORT: String(port) } },
          (_e, out, err) => resolve({ code: child.exitCode, stdout: out, stderr: err }),
        );
      });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `Port ${port} is taken: set PORT to another one (PORT=${port + 1} npx --yes pnpm@10 demo).\n`,
      );
    } finally {
      blocker.close();
    }
  },
  60_000,
);
