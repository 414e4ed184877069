import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../../src/index.js';

export const CREATE_SESSION = { method: 'POST', path: '/session/create' } as const;

/** Starts one emulator for the test file; `rooms(options)` builds room servers pointed at it. */
export function useEmulator(): {
  emulator: () => Emulator;
  rooms: (options?: Partial<RoomServerOptions>) => RoomServer;
  createSessionRequests: () => number;
} {
  let emulator: Emulator | undefined;
  let baseline = 0;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => {
    emulator?.faults.clear();
    baseline = emulator?.countRequests(CREATE_SESSION) ?? 0;
  });
  afterAll(async () => {
    await emulator?.close();
  });
  const current = (): Emulator => {
    if (!emulator) throw new Error('the emulator is not running');
    return emulator;
  };
  return {
    emulator: current,
    rooms: (options = {}) =>
      createRoomServer({
        apiKey: current().apiKey,
        apiSecret: current().apiSecret,
        apiUrl: current().url,
        ...options,
        opentok: { retryBaseDelayMs: 5, retryMaxDelayMs: 20, ...options.opentok },
      }),
    createSessionRequests: () => current().countRequests(CREATE_SESSION) - baseline,
  };
}
