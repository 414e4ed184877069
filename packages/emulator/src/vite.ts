/**
 * The Vite dev plugin: the emulator in `vite`, the real SDK in `vite build`.
 *
 * @module @opentok-rooms/emulator/vite
 */
// The Vite dev plugin: in `vite` (dev), `@opentok/client` and `@vonage/client-sdk-video` are the
// emulator's browser SDK, talking to the emulator through the dev server's own origin; `vite build`
// is untouched, so production bundles the real SDK. Choosing the emulator is configuration, not code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin, ProxyOptions } from 'vite';
import { chooseDevSdk, type DevSdkChoice } from './vite-choice.js';

/** The SDK imports the plugin answers with the emulator's client in dev. */
export const EMULATED_SDK_IMPORTS: readonly string[] = [
  '@opentok/client',
  '@vonage/client-sdk-video',
];

/** The dev server path the plugin proxies (HTTP and WebSocket) to the emulator. */
export const EMULATOR_PROXY_PATH = '/__opentok-emulator';

/** Options of {@link opentokEmulator}. */
export interface OpentokEmulatorOptions {
  /**
   * Whether `vite` (dev) uses the emulator. Default: yes, unless the environment names a real
   * account (`OPENTOK_API_KEY` or `VONAGE_APPLICATION_ID` without a loopback `OPENTOK_API_URL` /
   * `VONAGE_VIDEO_API_URL`), the same variables the server reads. `vite build` never does.
   */
  enabled?: boolean;
  /**
   * The emulator's URL. Default: `OPENTOK_EMULATOR_URL`, else a loopback `OPENTOK_API_URL` /
   * `VONAGE_VIDEO_API_URL`, else `http://127.0.0.1:` + (`OPENTOK_EMULATOR_PORT` or 4010).
   */
  url?: string;
}

const VIRTUAL_ID = '\0opentok-rooms-emulator-client';

/** The built browser SDK, next to this module in `dist`, or in `../dist` when run from source. */
function emulatorClientFile(): string | undefined {
  const candidates = [
    new URL('./client.js', import.meta.url),
    new URL('../dist/client.js', import.meta.url),
  ];
  for (const candidate of candidates) {
    const file = fileURLToPath(candidate);
    if (existsSync(file)) return file;
  }
  return undefined;
}

// The named exports pages use from `@opentok/client` (`import { initSession } from …`); the
// emulated OT's methods are closures, so they work detached.
const NAMED = [
  'initSession',
  'initPublisher',
  'checkSystemRequirements',
  'upgradeSystemRequirements',
  'getDevices',
  'getUserMedia',
  'setLogLevel',
  'log',
  'on',
  'once',
  'off',
];

function clientModule(file: string): string {
  return [
    `import { createOT } from ${JSON.stringify(file)};`,
    '// Same origin as the page: the dev server proxies this path to the emulator, so the address',
    '// survives emulator restarts and works from any device that reaches the dev server.',
    `const OT = createOT(new URL(${JSON.stringify(EMULATOR_PROXY_PATH)}, location.href).href);`,
    'export default OT;',
    ...NAMED.map((name) => `export const ${name} = OT.${name};`),
    '',
  ].join('\n');
}

function proxyTo(url: string, warn: (line: string) => void): ProxyOptions {
  let warned = false;
  return {
    target: url,
    ws: true,
    changeOrigin: true,
    rewrite: (path) => path.slice(EMULATOR_PROXY_PATH.length) || '/',
    configure(proxy) {
      proxy.on('error', () => {
        if (warned) return;
        warned = true;
        warn(
          `The OpenTok emulator is not answering at ${url}: start it (your server or npx opentok-emulator), or give this terminal the OPENTOK_EMULATOR_PORT (or OPENTOK_EMULATOR_URL) it was started with.`,
        );
      });
      proxy.on('proxyRes', () => {
        warned = false;
      });
    },
  };
}

/**
 * The Vite plugin that makes a page written for `@opentok/client` (or `@vonage/client-sdk-video`)
 * run against the emulator in dev with no source change: those imports become the emulator's
 * browser SDK, which reaches the emulator through the dev server (`/__opentok-emulator`, HTTP and
 * WebSocket). `vite build` bundles the real SDK. The emulator is never silently replaced by the real
 * SDK: when the emulator's SDK is asked for but missing, the dev server does not start.
 *
 * @param options - Whether dev uses the emulator and where it runs; both read from the environment
 *   by default.
 * @returns The plugin.
 * @throws Error (when Vite starts) if the emulator's browser SDK is not built or installed.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { opentokEmulator } from '@opentok-rooms/emulator/vite';
 *
 * export default defineConfig({ plugins: [opentokEmulator()] });
 * ```
 */
export function opentokEmulator(options: OpentokEmulatorOptions = {}): Plugin {
  let choice: DevSdkChoice = { sdk: 'real', reason: 'vite build bundles the real SDK' };
  let clientFile = '';
  let warn = (line: string): void => console.warn(line);
  return {
    name: 'opentok-rooms-emulator',
    enforce: 'pre',
    config(_config, { command }) {
      if (command !== 'serve') return undefined;
      choice = chooseDevSdk(options, process.env);
      if (choice.sdk !== 'emulator') return undefined;
      const file = emulatorClientFile();
      if (file === undefined) {
        throw new Error(
          "opentokEmulator(): the emulator's browser SDK (@opentok-rooms/emulator/dist/client.js) is missing; build or reinstall @opentok-rooms/emulator. Not falling back to the real SDK.",
        );
      }
      clientFile = file;
      return {
        // Pre-bundled dependencies (room-client) must import the SDK through this plugin too.
        optimizeDeps: { exclude: [...EMULATED_SDK_IMPORTS] },
        server: { proxy: { [EMULATOR_PROXY_PATH]: proxyTo(choice.url, (line) => warn(line)) } },
      };
    },
    configResolved(config) {
      if (config.command !== 'serve') return;
      const sdk = EMULATED_SDK_IMPORTS.join(' and ');
      warn = (line) => config.logger.warn(line);
      if (choice.sdk === 'emulator') {
        config.logger.info(
          `opentok-rooms: ${sdk} are the emulator's SDK in dev (emulator at ${choice.url}; vite build bundles the real SDK).`,
        );
      } else {
        config.logger.info(`opentok-rooms: the real ${sdk} (${choice.reason}).`);
      }
    },
    resolveId(id) {
      if (choice.sdk === 'emulator' && EMULATED_SDK_IMPORTS.includes(id)) return VIRTUAL_ID;
      return null;
    },
    load(id) {
      return id === VIRTUAL_ID ? clientModule(clientFile) : null;
    },
  };
}
