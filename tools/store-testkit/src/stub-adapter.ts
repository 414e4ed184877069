import type { OpenTokAdapter } from '@opentok-rooms/room-server';

/** API credentials the stub adapter's sessions belong to. */
export const API_KEY = '47000001';
/** A secret for signing tokens in tests. */
export const API_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678';

/**
 * An OpenTok adapter that creates sessions locally (ids in OpenTok's format, so tokens sign), and
 * counts them.
 *
 * @returns the adapter and how many sessions it created
 */
export function stubAdapter(): { adapter: OpenTokAdapter; created: () => number } {
  let created = 0;
  return {
    adapter: {
      accountKind: 'opentok',
      projectPath: `/v2/project/${API_KEY}`,
      // No REST service behind the stub: a test that needs one must use the emulator.
      async request(method, path) {
        throw new Error(`stubAdapter has no REST API (${method} ${path}): use the emulator.`);
      },
      async createSession() {
        created++;
        const body = `1~${API_KEY}~~${Date.now()}~stub-${created}~~`;
        return `1_${Buffer.from(body).toString('base64url')}`;
      },
      async signal() {},
      async forceDisconnect() {},
      async muteAll() {},
    },
    created: () => created,
  };
}
