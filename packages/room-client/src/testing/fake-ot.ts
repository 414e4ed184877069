import { FakePublisher, type FakeSubscriber } from './fake-media.js';
import type { FakeCallback as Callback } from './fake-objects.js';
import { FakeRoom } from './fake-room.js';
import type { FakeSession } from './fake-session.js';
import type { FakeOTSettings, FakeWorld } from './fake-world.js';

/** Options of {@link createFakeOT}: initial settings. */
export type FakeOTOptions = Partial<FakeOTSettings>;

/**
 * A fake `OT`: the part of `@opentok/client` that room-client uses, with the real SDK's semantics,
 * plus controls and inspectors for tests. Pass it as `OT` to `createRoomClient`.
 */
export interface FakeOT {
  /**
   * Returns the page's one Session for `sessionId`, the same object on every call, forever.
   *
   * @param apiKey - the API key (only the first call's is kept)
   * @param sessionId - the session id
   * @param options - ignored (on later calls the real SDK ignores them too)
   * @returns the cached session
   */
  initSession(apiKey: string, sessionId: string, options?: object): FakeSession;
  /**
   * Starts the camera: returns the Publisher at once; the callback reports access after
   * `cameraDelayMs` (OT_USER_MEDIA_ACCESS_DENIED / OT_NO_DEVICES_FOUND per `camera`).
   *
   * @param target - element or element id, or the callback
   * @param properties - publisher properties, or the callback
   * @param callback - called with an error or nothing
   * @returns the publisher
   */
  initPublisher(
    target?: HTMLElement | string | Callback,
    properties?: object | Callback,
    callback?: Callback,
  ): FakePublisher;
  /**
   * The server side of a session, with the controls that drive it.
   *
   * @param sessionId - the session id
   * @returns its room (the same object on every call)
   */
  room(sessionId: string): FakeRoom;
  /**
   * Changes settings from now on (delays, camera, failures).
   *
   * @param settings - the settings to change
   */
  configure(settings: FakeOTOptions): void;
  /** The current settings. */
  readonly settings: Readonly<FakeOTSettings>;
  /** Warnings the SDK would log (e.g. connect while connected), oldest first. */
  readonly warnings: readonly string[];
  /** Errors thrown by handlers (which stopped the remaining handlers), oldest first. */
  readonly handlerErrors: unknown[];
  /** Every session, publisher and subscriber created so far. */
  readonly objects: {
    readonly sessions: readonly FakeSession[];
    readonly publishers: readonly FakePublisher[];
    readonly subscribers: readonly FakeSubscriber[];
  };
  /**
   * Counts the handlers (added with `on`/`once`) on every fake session, publisher and subscriber.
   *
   * @returns the total
   */
  listenerCount(): number;
}

/**
 * Creates a fake `OT` with the real SDK's semantics (see OPENTOK-FACTS in this repository and the
 * package README): cached sessions, the synchronous initial burst, connect-while-connecting never
 * calling back, synchronous OT_NOT_CONNECTED, no own stream in the Session's `streamCreated`, and
 * the rest.
 *
 * @param options - initial settings (all delays default to 0, the camera to `granted`)
 * @returns the fake
 * @example
 * ```ts
 * const OT = createFakeOT({ cameraDelayMs: 50 });
 * const alice = OT.room('s1').join({ data: 'name=Alice' });
 * const room = createRoomClient({ OT, credentials: { apiKey: 'k', sessionId: 's1', token: 't' } });
 * await room.join(); // room.counts.others === 1
 * ```
 */
export function createFakeOT(options: FakeOTOptions = {}): FakeOT {
  let lastId = 0;
  const rooms = new Map<string, FakeRoom>();
  const world: FakeWorld = {
    settings: {
      connectDelayMs: 0,
      socketDelayMs: 0,
      acknowledgementDelayMs: 0,
      connectHangsAt: undefined,
      cameraDelayMs: 0,
      publishDelayMs: 0,
      subscribeDelayMs: 0,
      disconnectDelayMs: 0,
      signalDelayMs: 0,
      camera: 'granted',
      connectError: undefined,
      publishError: undefined,
      subscribeError: undefined,
      connectionData: '',
      createElement: () => ({ nodeName: 'VIDEO' }) as unknown as HTMLElement,
      ...options,
    },
    warnings: [],
    handlerErrors: [],
    sessions: [],
    publishers: [],
    subscribers: [],
    nextId: (prefix) => `${prefix}-${++lastId}`,
    room: (sessionId) => {
      let room = rooms.get(sessionId);
      if (!room) {
        room = new FakeRoom(world, sessionId);
        rooms.set(sessionId, room);
      }
      return room;
    },
  };
  return {
    initSession: (apiKey, sessionId) => world.room(sessionId).initSession(apiKey),
    initPublisher: (target, properties, callback) => {
      let done = callback;
      if (typeof target === 'function') [done, target, properties] = [target, undefined, undefined];
      if (typeof properties === 'function')
        [done, properties] = [properties as Callback, undefined];
      const publisher = new FakePublisher(world, target, { ...properties }, done);
      world.publishers.push(publisher);
      return publisher;
    },
    room: world.room,
    configure: (settings) => Object.assign(world.settings, settings),
    settings: world.settings,
    warnings: world.warnings,
    handlerErrors: world.handlerErrors,
    objects: world,
    listenerCount: () =>
      [...world.sessions, ...world.publishers, ...world.subscribers].reduce(
        (sum, object) => sum + object.listenerCount(),
        0,
      ),
  };
}
