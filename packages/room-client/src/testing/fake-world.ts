import type { FakeDeviceInfo, FakeMediaDevices } from './fake-devices.js';
import type { HandlerErrorSink } from './fake-events.js';
import type { FakePublisher, FakeSubscriber } from './fake-media.js';
import type { FakeRoom } from './fake-room.js';
import type { FakeSession } from './fake-session.js';

/** How the fake behaves; change it at any time with `fake.configure()`. */
export interface FakeOTSettings {
  /** Time from `connect()` to the connect callback (default 0: still asynchronous). */
  connectDelayMs: number;
  /** Time from `initPublisher()` to its callback: the camera prompt (default 0). */
  cameraDelayMs: number;
  /** Time from `publish()` (once the camera is ready) to its callback (default 0). */
  publishDelayMs: number;
  /** Time from `subscribe()` to its callback (default 0). */
  subscribeDelayMs: number;
  /** Time from `disconnect()` to `sessionDisconnected` (default 0: still a setTimeout). */
  disconnectDelayMs: number;
  /** Time from `signal()` to its delivery and callback (default 0). */
  signalDelayMs: number;
  /** `granted`; `denied` fails initPublisher with OT_USER_MEDIA_ACCESS_DENIED; `none` with OT_NO_DEVICES_FOUND. */
  camera: 'granted' | 'denied' | 'none';
  /** When set, every connect fails with this OT error name (e.g. `OT_AUTHENTICATION_ERROR`). */
  connectError: string | undefined;
  /** When set, every publish fails synchronously with this name (e.g. `OT_PERMISSION_DENIED`). */
  publishError: string | undefined;
  /** When set, every subscribe fails with this name (e.g. `OT_STREAM_LIMIT_EXCEEDED`). */
  subscribeError: string | undefined;
  /** The connection data of the local client's connection (default empty). */
  connectionData: string;
  /** Makes the element handed out by `videoElementCreated` (default: a plain stand-in object). */
  createElement: () => HTMLElement;
  /** `supported` (default) or `unsupported`: `checkScreenSharingCapability` and `videoSource: 'screen'`. */
  screenSharing: 'supported' | 'unsupported';
  /** What the user does in the screen picker: `accept` (default) or `cancel` (OT_USER_MEDIA_ACCESS_DENIED). */
  screenPicker: 'accept' | 'cancel';
  /** Whether a screen share carries audio (the user ticked "share audio"; default false). */
  screenAudio: boolean;
  /** The cameras and microphones at start (default: two of each plus `default`); see `fake.mediaDevices`. */
  devices: readonly FakeDeviceInfo[];
}

/** State shared by every object of one fake OT: settings, ids, logs and the object registry. */
export interface FakeWorld extends HandlerErrorSink {
  readonly settings: FakeOTSettings;
  readonly warnings: string[];
  readonly sessions: FakeSession[];
  readonly publishers: FakePublisher[];
  readonly subscribers: FakeSubscriber[];
  readonly devices: FakeMediaDevices;
  nextId(prefix: string): string;
  room(sessionId: string): FakeRoom;
}
