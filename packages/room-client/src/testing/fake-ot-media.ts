import type { FakeDeviceInfo } from './fake-devices.js';
import type { FakeEvent } from './fake-events.js';
import { FakePublisher } from './fake-media.js';
import { type FakeOTError, type FakeStreamRef, fakeEvent, fakeOTError } from './fake-objects.js';
import { FakeMediaStream, FakeMediaStreamTrack, isTrack } from './fake-track.js';
import type { FakeWorld } from './fake-world.js';

/** What `OT.checkScreenSharingCapability` answers (the real SDK's shape in Chromium). */
export interface FakeScreenSharingCapability {
  /** Whether screen sharing works (the `screenSharing` setting). */
  supported: boolean;
  /** Undefined: no extension is needed. */
  extensionRequired: string | undefined;
  /** Undefined, as the real SDK reports for `getDisplayMedia` browsers. */
  extensionRegistered: boolean | undefined;
  /** Undefined, as the real SDK reports for `getDisplayMedia` browsers. */
  extensionInstalled: boolean | undefined;
  /** Deprecated in the SDK: every value opens the same picker. */
  supportedSources: {
    screen?: boolean;
    application?: boolean;
    window?: boolean;
    browser?: boolean;
  };
}

/**
 * `OT.getDevices`: the plugged-in devices (labels `''` until access was granted once).
 *
 * @internal
 */
export function getDevices(
  world: FakeWorld,
  callback?: (error: FakeOTError | undefined, devices?: FakeDeviceInfo[]) => void,
): Promise<FakeDeviceInfo[]> {
  const devices = world.devices.list();
  if (callback) setTimeout(() => callback(undefined, devices), 0);
  return Promise.resolve(devices);
}

/**
 * `OT.getUserMedia`: fake tracks from the chosen (or first) devices, after the camera delay;
 * fails as `initPublisher` would (camera setting, unknown device id).
 *
 * @internal
 */
export async function getUserMedia(
  world: FakeWorld,
  properties: { audioSource?: unknown; videoSource?: unknown } = {},
): Promise<FakeMediaStream> {
  await new Promise((resolve) => setTimeout(resolve, world.settings.cameraDelayMs));
  const { camera } = world.settings;
  if (camera === 'denied') {
    throw fakeOTError(
      'OT_USER_MEDIA_ACCESS_DENIED',
      'End-user denied permission to hardware devices',
    );
  }
  const tracks: FakeMediaStreamTrack[] = [];
  for (const [kind, source] of [
    ['audio', properties.audioSource],
    ['video', properties.videoSource],
  ] as const) {
    if (source === false || source === null) continue;
    if (isTrack(source) && source instanceof FakeMediaStreamTrack) {
      tracks.push(source);
      continue;
    }
    const deviceKind = kind === 'audio' ? 'audioInput' : 'videoInput';
    const device =
      typeof source === 'string' ? world.devices.find(source) : world.devices.first(deviceKind);
    if (camera === 'none' || device === undefined || device.kind !== deviceKind) {
      throw typeof source === 'string'
        ? fakeOTError('OT_CONSTRAINTS_NOT_SATISFIED', `No ${kind} device ${source}`, 1500)
        : fakeOTError('OT_NO_DEVICES_FOUND', 'No voice or video input devices are available');
    }
    tracks.push(
      new FakeMediaStreamTrack(kind, world.nextId('track'), device.label, device.deviceId),
    );
  }
  if (tracks.length === 0) {
    throw fakeOTError(
      'OT_NO_VALID_CONSTRAINTS',
      'Video and Audio was disabled, you need to enable at least one',
      1500,
    );
  }
  world.devices.grant();
  return new FakeMediaStream(world.nextId('media'), tracks);
}

/**
 * `OT.checkScreenSharingCapability`.
 *
 * @internal
 */
export function checkScreenSharingCapability(
  world: FakeWorld,
  callback?: (response: FakeScreenSharingCapability) => void,
): Promise<FakeScreenSharingCapability> {
  const supported = world.settings.screenSharing === 'supported';
  const response: FakeScreenSharingCapability = {
    supported,
    extensionRequired: undefined,
    extensionRegistered: undefined,
    extensionInstalled: undefined,
    supportedSources: supported
      ? { screen: true, application: false, window: true, browser: true }
      : {},
  };
  if (callback) setTimeout(() => callback(response), 0);
  return Promise.resolve(response);
}

/**
 * Test control behind `fake.setAudioLevel`: one `audioLevelUpdated` on the publisher, or on every
 * live subscriber of a stream. Nothing is dispatched to objects nobody listens on.
 *
 * @returns how many objects had a listener
 * @internal
 */
export function setAudioLevel(
  world: FakeWorld,
  target: FakePublisher | FakeStreamRef,
  audioLevel: number,
): number {
  if (!(audioLevel >= 0 && audioLevel <= 1)) {
    throw new RangeError(`fake OT: an audio level is between 0 and 1 (got ${audioLevel})`);
  }
  const emitters: Array<{ emit(event: FakeEvent): void; listenerCount(type?: string): number }> =
    target instanceof FakePublisher
      ? [target]
      : world.subscribers.filter(
          (subscriber) =>
            subscriber.stream.streamId === target.streamId &&
            subscriber.destroyedReason === undefined,
        );
  let heard = 0;
  for (const emitter of emitters) {
    if (emitter.listenerCount('audioLevelUpdated') === 0) continue;
    heard += 1;
    emitter.emit(fakeEvent('audioLevelUpdated', emitter, { audioLevel }));
  }
  return heard;
}
