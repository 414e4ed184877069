import {
  createRoomClient,
  type RoomClient,
  type RoomClientOptions,
  type RoomCredentials,
  roomSnapshot,
} from '@opentok-rooms/room-client';
import { createFakeOT, type FakeOT } from '@opentok-rooms/room-client/testing';
import { waitFor } from '@testing-library/react';

export const credentialsFor = (sessionId: string): RoomCredentials => ({
  apiKey: 'key',
  sessionId,
  token: 't',
});

/** A fake OT whose video elements are real jsdom elements, so tiles can place them. */
export function fakeOT(): FakeOT {
  return createFakeOT({ createElement: () => document.createElement('video') });
}

/** What a wrapped client did, in order, and how many snapshot listeners it has now. */
export interface ClientLog {
  events: string[];
  clients: RoomClient[];
  snapshotListeners: () => number;
  createClient: (options: RoomClientOptions) => RoomClient;
}

/**
 * A `createClient` that creates real room clients and logs their join/leave calls and their
 * settling, and counts snapshot listeners (to prove none is left after unmount).
 */
export function clientLog(name: (options: RoomClientOptions) => string): ClientLog {
  const events: string[] = [];
  const clients: RoomClient[] = [];
  let listeners = 0;
  const createClient = (options: RoomClientOptions): RoomClient => {
    const client = createRoomClient(options);
    const label = name(options);
    clients.push(client);
    const join = client.join.bind(client);
    const leave = client.leave.bind(client);
    const overrides: Partial<RoomClient> = {
      join: () => {
        events.push(`join ${label}`);
        return join().then(
          () => void events.push(`joined ${label}`),
          (error: { code?: string }) => {
            events.push(`join ${label} rejected ${error.code}`);
            throw error;
          },
        );
      },
      leave: () => {
        events.push(`leave ${label}`);
        return leave().then(() => void events.push(`left ${label}`));
      },
    };
    // A proxy, not a subclass: the client's private fields need the real object as `this`.
    const proxy = new Proxy(client, {
      get(target, property) {
        if (Object.hasOwn(overrides, property)) return overrides[property as keyof RoomClient];
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    // The hooks read the proxy's store (one per client object): count its subscriptions.
    const store = roomSnapshot(proxy);
    const subscribe = store.subscribe;
    Object.assign(store, {
      subscribe: (listener: () => void) => {
        listeners++;
        const off = subscribe(listener);
        let done = false;
        return () => {
          if (!done) listeners--;
          done = true;
          off();
        };
      },
    });
    return proxy;
  };
  return { events, clients, snapshotListeners: () => listeners, createClient };
}

/** Connections of the local page in a fake room (yours only: remote ones are created by tests). */
export function localConnections(OT: FakeOT, sessionId: string): number {
  const session = OT.room(sessionId).session;
  return session.connection ? 1 : 0;
}

/** Waits until `check` holds (RTL's waitFor with a clearer message). */
export async function until(check: () => boolean, what: string): Promise<void> {
  await waitFor(() => {
    if (!check()) throw new Error(`still waiting for ${what}`);
  });
}
