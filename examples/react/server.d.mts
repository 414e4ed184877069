import type { BasicExample } from '@opentok-rooms/example-basic/server.mjs';

/** Starts the React example's server (examples/basic's, serving this app's build). */
export function startReactExample(options?: {
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  /** Serve the development build (dist-dev/, `vite build --mode development`) instead of dist/. */
  development?: boolean;
}): Promise<BasicExample>;
