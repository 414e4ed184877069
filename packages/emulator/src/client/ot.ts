import { OTEventEmitter, type OTEventHandler } from './event-emitter.js';
import type { OTError } from './ot-error.js';
import {
  checkScreenSharingCapability,
  type Device,
  type GetUserMediaProperties,
  getDevices,
  getUserMedia,
} from './ot-media.js';
import { type CompletionHandler, Publisher, type PublisherProperties } from './publisher.js';
import type { ScreenSharingCapabilityResponse } from './screen-capture.js';
import { Session, type SessionOptions } from './session.js';

export type { Device, GetUserMediaProperties } from './ot-media.js';

/**
 * The emulated `OT` object: the `@opentok/client` API that the emulator implements. Get it from
 * `@opentok-rooms/emulator/client` (then call {@link EmulatedOT.setEmulatorUrl}) or as the global
 * `OT` defined by the emulator's `{url}/ot.js` script.
 */
export interface EmulatedOT {
  /**
   * Returns the Session for a session id: one cached object per session id for the whole page,
   * never released (options on later calls are ignored), like the real SDK.
   *
   * @param apiKey - The project's API key.
   * @param sessionId - The session id.
   * @param options - Accepted and ignored.
   * @returns The session.
   */
  initSession(apiKey: string, sessionId: string, options?: SessionOptions): Session;
  /**
   * Creates a Publisher: asks for the camera and microphone (`getUserMedia`) and shows the
   * video in the target. Errors (e.g. `OT_USER_MEDIA_ACCESS_DENIED`, code 1500) reach the
   * callback.
   *
   * @returns The publisher; `.promise(...)` resolves once the camera is ready.
   */
  initPublisher: {
    (
      target?: HTMLElement | string,
      properties?: PublisherProperties | CompletionHandler,
      callback?: CompletionHandler,
    ): Publisher;
    promise(target?: HTMLElement | string, properties?: PublisherProperties): Promise<Publisher>;
  };
  /**
   * Sets the emulator's base URL (what `startEmulator` returns as `url`). The script build sets
   * it from its own URL; the ESM build needs this call before `connect`.
   *
   * @param url - e.g. `http://127.0.0.1:4000`.
   */
  setEmulatorUrl(url: string): void;
  /**
   * The emulator's base URL, if set.
   *
   * @returns The URL or `undefined`.
   */
  getEmulatorUrl(): string | undefined;
  /**
   * Always 1: every browser with WebRTC is supported.
   *
   * @returns 1.
   */
  checkSystemRequirements(): number;
  /**
   * Lists cameras and microphones (`kind` `videoInput`/`audioInput`; labels are empty until
   * the page has camera or microphone permission).
   *
   * @param callback - Receives an error or the devices.
   * @returns The devices.
   */
  getDevices(
    callback?: (error: OTError | undefined, devices?: Device[]) => void,
  ): Promise<Device[]>;
  /**
   * Gets the camera and microphone (or, with `videoSource: 'screen'`, the screen) as a
   * `MediaStream`, to filter or preview before passing its tracks to `OT.initPublisher`.
   *
   * @param properties - `audioSource`, `videoSource`, `resolution`, `frameRate`, `facingMode`.
   * @returns The stream; rejects with `OT_USER_MEDIA_ACCESS_DENIED`, `OT_NO_DEVICES_FOUND`, …
   */
  getUserMedia(properties?: GetUserMediaProperties): Promise<MediaStream>;
  /**
   * Tells whether this browser can publish a screen (`videoSource: 'screen'`).
   *
   * @param callback - Receives the response (asynchronously).
   * @returns The response: `supported`, `supportedSources`, extension fields (undefined).
   */
  checkScreenSharingCapability(
    callback?: (response: ScreenSharingCapabilityResponse) => void,
  ): Promise<ScreenSharingCapabilityResponse>;
  /**
   * Accepted for compatibility; does nothing.
   *
   * @param level - Log level.
   */
  setLogLevel(level: number): void;
  /**
   * Logs a message to the console.
   *
   * @param message - The message.
   */
  log(message: string): void;
  /**
   * Adds an `exception` handler (the emulator dispatches none today).
   *
   * @param type - `exception`.
   * @param handler - The handler.
   */
  on(type: string, handler: OTEventHandler): void;
  /**
   * Adds an `exception` handler that runs once.
   *
   * @param type - `exception`.
   * @param handler - The handler.
   */
  once(type: string, handler: OTEventHandler): void;
  /**
   * Removes an `exception` handler.
   *
   * @param type - `exception`.
   * @param handler - The handler.
   */
  off(type?: string, handler?: OTEventHandler): void;
}

/**
 * Creates an independent `OT` object (its own session cache and emulator URL).
 *
 * @param emulatorUrl - The emulator's base URL, if known now.
 * @returns The `OT` object.
 *
 * @example
 * ```ts
 * import { createOT } from '@opentok-rooms/emulator/client';
 *
 * const OT = createOT('http://127.0.0.1:4000');
 * const session = OT.initSession(apiKey, sessionId);
 * ```
 */
export function createOT(emulatorUrl?: string): EmulatedOT {
  let url = emulatorUrl;
  const sessions = new Map<string, Session>();
  const emitter = new OTEventEmitter();
  const initPublisher = (
    target?: HTMLElement | string,
    properties?: PublisherProperties | CompletionHandler,
    callback?: CompletionHandler,
  ): Publisher => {
    if (typeof target === 'function') return new Publisher(undefined, {}, target);
    if (typeof properties === 'function') return new Publisher(target, {}, properties);
    return new Publisher(target, properties ?? {}, callback);
  };
  const env = { emulatorUrl: () => url, initPublisher };
  return {
    initSession(apiKey: string, sessionId: string, options?: SessionOptions): Session {
      let session = sessions.get(sessionId);
      if (session === undefined) {
        session = new Session(apiKey, sessionId, env, options ?? {});
        sessions.set(sessionId, session);
      }
      return session;
    },
    initPublisher: Object.assign(initPublisher, {
      promise: (target?: HTMLElement | string, properties?: PublisherProperties) =>
        new Promise<Publisher>((resolve, reject) => {
          const publisher = initPublisher(target, properties ?? {}, (error) =>
            error ? reject(error) : resolve(publisher),
          );
        }),
    }),
    setEmulatorUrl(next: string): void {
      url = String(next).replace(/\/+$/, '');
    },
    getEmulatorUrl: () => url,
    checkSystemRequirements: () => 1,
    getDevices,
    getUserMedia,
    checkScreenSharingCapability,
    setLogLevel: () => undefined,
    log: (message: string) => console.log(message),
    on: (type, handler) => {
      emitter.on(type, handler);
    },
    once: (type, handler) => {
      emitter.once(type, handler);
    },
    off: (type, handler) => {
      emitter.off(type, handler);
    },
  };
}
