// One stable address for development: the CLI, `startDevEmulator` and the Vite plugin all default to
// the same port, so a page or a proxy pointed at the emulator still finds it after a restart.
import { type Emulator, type EmulatorOptions, startEmulator } from './start-emulator.js';

/** The emulator's port in development when `OPENTOK_EMULATOR_PORT` is not set. */
export const DEFAULT_EMULATOR_PORT = 4010;

/** The environment variable that moves the development emulator to another port. */
export const EMULATOR_PORT_VARIABLE = 'OPENTOK_EMULATOR_PORT';

/** The environment variable that tells the Vite plugin where an emulator runs (a full URL). */
export const EMULATOR_URL_VARIABLE = 'OPENTOK_EMULATOR_URL';

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new RangeError(`${name} must be an integer 0-65535, got ${JSON.stringify(text)}.`);
  }
  return port;
}

/**
 * The development emulator's port: `OPENTOK_EMULATOR_PORT`, else {@link DEFAULT_EMULATOR_PORT}.
 *
 * @param env - Where to read the variable. Default `process.env`.
 * @returns The port.
 * @throws RangeError when the variable is not an integer 0-65535.
 */
export function emulatorPortFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const text = env[EMULATOR_PORT_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_EMULATOR_PORT;
  return parsePort(text, EMULATOR_PORT_VARIABLE);
}

/**
 * The development emulator's URL: `OPENTOK_EMULATOR_URL`, else `http://127.0.0.1:` + the port of
 * {@link emulatorPortFromEnv}.
 *
 * @param env - Where to read the variables. Default `process.env`.
 * @returns The URL, without a trailing slash.
 * @throws TypeError when `OPENTOK_EMULATOR_URL` is not an http(s) URL.
 */
export function emulatorUrlFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const text = env[EMULATOR_URL_VARIABLE];
  if (text === undefined || text === '') {
    return `http://127.0.0.1:${emulatorPortFromEnv(env)}`;
  }
  if (!/^https?:\/\/[^/]/.test(text)) {
    throw new TypeError(
      `${EMULATOR_URL_VARIABLE} must be an http(s) URL, got ${JSON.stringify(text)}.`,
    );
  }
  return text.replace(/\/+$/, '');
}

/**
 * The one line said when the emulator's port is taken.
 *
 * @param port - The port that is taken.
 * @param option - How to choose another port where this is said (e.g. `--port N or ` for the CLI).
 * @returns The message.
 * @internal
 */
export function portTakenMessage(port: number, option = ''): string {
  return `Port ${port} is taken (another emulator already running?): stop it, or choose another port with ${option}${EMULATOR_PORT_VARIABLE}=N.`;
}

/**
 * Starts the emulator for development on its stable port (`OPENTOK_EMULATOR_PORT`, default
 * {@link DEFAULT_EMULATOR_PORT}) instead of a random one, so pages and the Vite plugin find it again
 * after every restart.
 *
 * @param options - As for {@link startEmulator}; `port` defaults to {@link emulatorPortFromEnv}.
 * @returns The running emulator.
 * @throws Error with one clear line (and `code: 'EADDRINUSE'`) when the port is taken.
 *
 * @example
 * ```ts
 * import { startDevEmulator } from '@opentok-rooms/emulator';
 *
 * const emulator = await startDevEmulator(); // http://127.0.0.1:4010
 * ```
 */
export async function startDevEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? emulatorPortFromEnv();
  try {
    return await startEmulator({ ...options, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw Object.assign(new Error(portTakenMessage(port)), { code: 'EADDRINUSE', cause: error });
  }
}
