import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The workspace root: the packages this app uses are linked from there (pnpm), and Turbopack and
// the output tracing must see them.
const root = fileURLToPath(new URL('../..', import.meta.url));

const config: NextConfig = {
  // The default for the App Router already; said here because the example is also the StrictMode
  // check (mount, unmount, mount in `next dev` must end with one connection and one publisher).
  reactStrictMode: true,
  // room-server runs as Node.js code, not bundled: it is server-only (node:http, node:crypto, its
  // stores' drivers), and loading it as it ships is what its tests cover. Keep this line in your app.
  serverExternalPackages: ['@opentok-rooms/room-server'],
  turbopack: { root },
  outputFileTracingRoot: root,
  // `pnpm typecheck` checks this app with the rest of the workspace; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default config;
