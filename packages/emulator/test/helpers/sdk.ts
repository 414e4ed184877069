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

/**
 * Calls a callback-style SDK method and resolves with its first callback (the SDK can call back
 * twice); rejects when that callback carries an error.
 *
 * @param call - Calls the SDK method with the given callback.
 * @returns The callback's value.
 */
export function viaSdk<T = undefined>(
  call: (callback: (error: Error | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let called = false;
    call((error, value) => {
      if (called) return;
      called = true;
      if (error) reject(error);
      else resolve(value as T);
    });
  });
}
