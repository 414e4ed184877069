// Which SDK a dev page gets, decided from the same environment variables the server reads, so the
// page and the server agree on "emulator" or "real account" without a second switch.
import { EMULATOR_URL_VARIABLE, emulatorUrlFromEnv } from './dev-port.js';

/** What the dev page imports as `@opentok/client`. @internal */
export type DevSdkChoice = { sdk: 'emulator'; url: string } | { sdk: 'real'; reason: string };

type Env = Readonly<Record<string, string | undefined>>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function loopbackUrl(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    const url = new URL(text);
    return LOOPBACK.has(url.hostname) ? text.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decides the dev page's SDK: `enabled: false` → the real one; an explicit `url` or
 * `OPENTOK_EMULATOR_URL` → the emulator there; an API URL on loopback (what the emulator CLI
 * prints) → the emulator there; real account variables → the real SDK; nothing → the emulator on
 * its default port.
 *
 * @param options - The plugin's options.
 * @param env - The environment.
 * @returns The choice.
 * @internal
 */
export function chooseDevSdk(options: { enabled?: boolean; url?: string }, env: Env): DevSdkChoice {
  if (options.enabled === false)
    return { sdk: 'real', reason: 'opentokEmulator({ enabled: false })' };
  if (options.url !== undefined) return { sdk: 'emulator', url: options.url.replace(/\/+$/, '') };
  if (env[EMULATOR_URL_VARIABLE]) return { sdk: 'emulator', url: emulatorUrlFromEnv(env) };
  const apiUrl = loopbackUrl(env.OPENTOK_API_URL) ?? loopbackUrl(env.VONAGE_VIDEO_API_URL);
  if (apiUrl !== undefined) return { sdk: 'emulator', url: apiUrl };
  const account = env.OPENTOK_API_KEY
    ? 'OPENTOK_API_KEY'
    : env.VONAGE_APPLICATION_ID
      ? 'VONAGE_APPLICATION_ID'
      : undefined;
  if (account !== undefined && options.enabled !== true) {
    return { sdk: 'real', reason: `${account} is set: a real account` };
  }
  return { sdk: 'emulator', url: emulatorUrlFromEnv(env) };
}
