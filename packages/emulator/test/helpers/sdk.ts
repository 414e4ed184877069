import OpenTok from 'opentok';
import type { Emulator } from '../../src/index.js';

/** What one `createSession` call produced through the real SDK. */
export interface SdkCreateSessionResult {
  error: Error | null;
  sessionId: string | undefined;
}

/**
 * A real `opentok` SDK client pointed at the emulator.
 *
 * @param emulator - The running emulator.
 * @param apiSecret - Secret to use (default: the emulator's).
 * @returns The SDK client.
 */
export function sdkFor(emulator: Emulator, apiSecret: string = emulator.apiSecret): OpenTok {
  return new OpenTok(emulator.apiKey, apiSecret, { apiUrl: emulator.url });
}

/**
 * Calls `createSession` and resolves with the first callback (the SDK can call back twice; no
 * assertion runs inside the callback, so nothing is fed back into it).
 *
 * @param opentok - The SDK client.
 * @param options - Session options.
 * @returns The first callback's error and session id.
 */
export function createSessionViaSdk(
  opentok: OpenTok,
  options: OpenTok.SessionOptions = {},
): Promise<SdkCreateSessionResult> {
  return new Promise((resolve) => {
    opentok.createSession(options, (error, session) => {
      resolve({ error, sessionId: session?.sessionId });
    });
  });
}
