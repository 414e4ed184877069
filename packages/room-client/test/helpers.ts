import { vi } from 'vitest';
import { createRoomClient, type RoomClient, type RoomClientOptions } from '../src/index.js';
import {
  createFakeOT,
  type FakeOT,
  type FakeOTOptions,
  type FakeRoom,
  type FakeSession,
} from '../src/testing/index.js';

export const credentials = { apiKey: 'key', sessionId: 's1', token: 'token' };

/** Lets fake time pass (all fake delays are below this unless a test sets them). */
export const settle = (ms = 20): Promise<unknown> => vi.advanceTimersByTimeAsync(ms);

export interface Setup {
  OT: FakeOT;
  room: FakeRoom;
  client: RoomClient;
  session: FakeSession;
}

/** A fake OT, its room `s1` and a client on it. */
export function setup(options: Partial<RoomClientOptions> = {}, fake: FakeOTOptions = {}): Setup {
  const OT = createFakeOT(fake);
  const room = OT.room('s1');
  const client = createRoomClient({ OT, credentials, ...options });
  return { OT, room, client, session: room.session };
}

/** Joins with fake timers running. */
export async function join(client: RoomClient, ms = 20): Promise<void> {
  const joined = client.join();
  await settle(ms);
  await joined;
}

/** Every event name and payload the client emits, in order. */
export function record(client: RoomClient): string[] {
  const log: string[] = [];
  client.on('stateChanged', ({ state, reason }) =>
    log.push(`state:${state}${reason ? `:${reason}` : ''}`),
  );
  client.on('participantJoined', (c) => log.push(`joined:${c.data}`));
  client.on('participantLeft', (c, reason) => log.push(`left:${c.data}:${reason}`));
  client.on('countChanged', ({ others, total }) => log.push(`count:${others}/${total}`));
  client.on('streamAdded', (s) => log.push(`streamAdded:${s.name}`));
  client.on('streamRemoved', (s, reason) => log.push(`streamRemoved:${s.name}:${reason}`));
  client.on('subscribed', (s) => log.push(`subscribed:${s.name}`));
  client.on('published', () => log.push('published'));
  client.on('publishFailed', (e) => log.push(`publishFailed:${e.code}`));
  return log;
}
