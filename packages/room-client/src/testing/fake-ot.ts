import { DEFAULT_FAKE_DEVICES, type FakeDeviceInfo, FakeMediaDevices } from './fake-devices.js';
import { FakePublisher, type FakeSubscriber } from './fake-media.js';
import type { FakeCallback as Callback, FakeOTError, FakeStreamRef } from './fake-objects.js';
import {
  checkScreenSharingCapability,
  type FakeScreenSharingCapability,
  getDevices,
  getUserMedia,
  setAudioLevel,
} from './fake-ot-media.js';
import { FakeRoom } from './fake-room.js';
import type { FakeSession } from './fake-session.js';
import type { FakeMediaStream } from './fake-track.js';
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
   * @param options - kept as the session's `options` on the first call (on later calls the real
   *   SDK ignores them too)
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
   * Lists cameras and microphones, as OpenTok's `getDevices` (labels `''` until camera or
   * microphone access was granted once, as browsers do).
   *
   * @param callback - called (asynchronously) with the devices
   * @returns the devices
   */
  getDevices(
    callback?: (error: FakeOTError | undefined, devices?: FakeDeviceInfo[]) => void,
  ): Promise<FakeDeviceInfo[]>;
  /**
   * Fake tracks from the chosen (or first) devices, as OpenTok's `getUserMedia`.
   *
   * @param properties - `audioSource`/`videoSource`: device id, `false`/`null`, or a fake track
   * @returns the stream; rejects as `initPublisher` would
   */
  getUserMedia(properties?: {
    audioSource?: unknown;
    videoSource?: unknown;
  }): Promise<FakeMediaStream>;
  /**
   * Whether screen sharing works (the `screenSharing` setting), as OpenTok's
   * `checkScreenSharingCapability`.
   *
   * @param callback - called (asynchronously) with the response
   * @returns the response
   */
  checkScreenSharingCapability(
    callback?: (response: FakeScreenSharingCapability) => void,
  ): Promise<FakeScreenSharingCapability>;
  /**
   * The fake's `navigator.mediaDevices`: `enumerateDevices`, `devicechange`, and the test
   * controls `plug(device)` / `unplug(deviceId)`.
   */
  readonly mediaDevices: FakeMediaDevices;
  /**
   * Test control: one `audioLevelUpdated` with this level on a publisher, or on every live
   * subscriber of a stream. Objects nobody listens on get nothing.
   *
   * @param target - a publisher, or a stream (by id)
   * @param level - 0 (silence) to 1
   * @returns how many objects had a listener
   */
  setAudioLevel(target: FakePublisher | FakeStreamRef, level: number): number;
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
      screenSharing: 'supported',
      screenPicker: 'accept',
      screenAudio: false,
      devices: DEFAULT_FAKE_DEVICES,
      ...options,
    },
    devices: new FakeMediaDevices(
      options.devices ?? DEFAULT_FAKE_DEVICES,
      () => world.settings.camera,
    ),
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
    initSession: (apiKey, sessionId, options) => world.room(sessionId).initSession(apiKey, options),
    initPublisher: (target, properties, callback) => {
      let done = callback;
      if (typeof target === 'function') [done, target, properties] = [target, undefined, undefined];
      if (typeof properties === 'function')
        [done, properties] = [properties as Callback, undefined];
      const publisher = new FakePublisher(world, target, { ...properties }, done);
      world.publishers.push(publisher);
      return publisher;
    },
    getDevices: (callback) => getDevices(world, callback),
    getUserMedia: (properties) => getUserMedia(world, properties),
    checkScreenSharingCapability: (callback) => checkScreenSharingCapability(world, callback),
    mediaDevices: world.devices,
    setAudioLevel: (target, level) => setAudioLevel(world, target, level),
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
