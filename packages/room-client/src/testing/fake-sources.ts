import type { FakeDeviceInfo } from './fake-devices.js';
import type { FakeEvent } from './fake-events.js';
import { type FakeOTError, fakeEvent, fakeOTError } from './fake-objects.js';
import { FakeMediaStream, FakeMediaStreamTrack, isTrack } from './fake-track.js';
import type { FakeWorld } from './fake-world.js';

/** A track a fake publisher sends: one the fake captured, or one the test passed in. */
export type FakeSourceTrack =
  | FakeMediaStreamTrack
  | { kind: string; readyState?: string; stop(): void };

/** What `publisher.getVideoSource()` returns. */
export interface FakeVideoSource {
  /** The camera's device id (`null` for a screen, a custom track or no video). */
  deviceId: string | null;
  /** `camera`, `screen`, `custom`, or `null` without video. */
  type: 'camera' | 'screen' | 'custom' | null;
  /** The video track, `null` while video is off. */
  track: FakeSourceTrack | null;
}

/** What the sources need of their publisher. @internal */
export interface SourceOwner {
  readonly properties: Record<string, unknown>;
  /** Dispatches an event on the publisher. */
  emit(event: FakeEvent): void;
  /** Every track ended by itself: unpublish (`mediaStopped`) and destroy. */
  allEnded(): void;
}

const SCREEN = ['screen', 'window', 'tab', 'browser', 'application'];

/** Errors of the real SDK for capture failures (all code 1500). */
const denied = (what: string) =>
  fakeOTError('OT_USER_MEDIA_ACCESS_DENIED', `End-user denied permission to ${what}`, 1500);
const unsatisfied = (deviceId: string) =>
  fakeOTError(
    'OT_CONSTRAINTS_NOT_SATISFIED',
    `It's not possible to satisfy one or more constraints passed into the getUserMedia function (no device ${deviceId})`,
    1500,
  );

const inUse = () =>
  fakeOTError(
    'OT_HARDWARE_UNAVAILABLE',
    'The selected voice or video devices are unavailable. Verify that the chosen devices are not in use by another application.',
    1500,
  );

/**
 * A fake publisher's media: which camera, microphone, screen or custom track it sends, and the
 * real SDK's rules for `cycleVideo`, `setVideoSource`, `setAudioSource`, unplugged devices and
 * sources that end by themselves. Driven by `FakeMediaDevices` and the fake's settings.
 *
 * @internal
 */
export class FakeSources {
  /** What the video is (`null`: no video). */
  readonly videoType: 'camera' | 'screen' | 'custom' | null;
  audio: FakeSourceTrack | undefined;
  video: FakeSourceTrack | undefined;
  readonly #world: FakeWorld;
  readonly #owner: SourceOwner;
  #stopListening: (() => void) | undefined;

  constructor(world: FakeWorld, owner: SourceOwner) {
    this.#world = world;
    this.#owner = owner;
    const source = owner.properties.videoSource;
    if (SCREEN.includes(source as string)) this.videoType = 'screen';
    else if (isTrack(source)) this.videoType = 'custom';
    else if (source === false || source === null) this.videoType = null;
    else this.videoType = 'camera';
  }

  /**
   * Captures what the properties ask for, by the fake's settings and devices.
   *
   * @returns the error, or undefined when every source was captured
   */
  acquire(): FakeOTError | undefined {
    const { settings, devices } = this.#world;
    const { audioSource, videoSource } = this.#owner.properties;
    if (this.videoType === 'screen') {
      if (settings.screenSharing === 'unsupported') {
        return fakeOTError(
          'OT_SCREEN_SHARING_NOT_SUPPORTED',
          'Screen Sharing is not supported in this browser',
          1500,
        );
      }
      if (settings.screenPicker === 'cancel')
        return denied('the screen (the picker was cancelled)');
      this.video = new FakeMediaStreamTrack('video', this.#world.nextId('track'), 'screen:0:0');
      const wantsAudio = audioSource !== false && audioSource !== null;
      if (isTrack(audioSource)) this.audio = audioSource;
      else if (wantsAudio && settings.screenAudio) {
        this.audio = new FakeMediaStreamTrack('audio', this.#world.nextId('track'), 'System Audio');
      }
    } else {
      const error = this.#captureDevices(audioSource, videoSource);
      if (error) return error;
    }
    this.#stopListening = devices.onUnplugged((device) => this.#unplugged(device));
    return undefined;
  }

  /** @returns what `getVideoSource()` returns */
  videoSource(): FakeVideoSource {
    const track = this.video;
    const deviceId = track instanceof FakeMediaStreamTrack ? (track.deviceId ?? null) : null;
    return {
      deviceId: this.videoType === 'camera' ? deviceId : null,
      type: track === undefined ? null : this.videoType,
      track: track !== undefined && this.#owner.properties.publishVideo !== false ? track : null,
    };
  }

  /** `publisher.cycleVideo()`: the next camera. */
  async cycleVideo(): Promise<{ deviceId: string }> {
    this.#assertCamera('Publisher#cycleVideo: The publisher is not using a camera video source');
    const cameras = this.#world.devices.list().filter((device) => device.kind === 'videoInput');
    const current = this.videoSource().deviceId ?? '';
    const index = cameras.findIndex((device) => device.deviceId === current);
    const next =
      cameras.slice(index + 1).find((device) => device.deviceId !== current) ??
      cameras.find((device) => device.deviceId !== current);
    if (next === undefined) return { deviceId: current };
    this.#replace('video', this.#capture('video', next.deviceId));
    return { deviceId: next.deviceId };
  }

  /** `publisher.setVideoSource(deviceId)`. */
  async setVideoSource(deviceId: unknown): Promise<undefined> {
    const invalid = fakeOTError(
      'OT_INVALID_VIDEO_SOURCE',
      'Invalid video source. Video source must be a valid video input deviceId',
      1041,
    );
    if (typeof deviceId !== 'string') throw invalid;
    if (this.videoType !== 'camera' || this.video === undefined) {
      throw fakeOTError(
        'OT_SET_VIDEO_SOURCE_FAILURE',
        'You cannot reset the video source on a publisher that does not currently use a camera source.',
        1040,
      );
    }
    if (this.#world.devices.find(deviceId)?.kind !== 'videoInput') throw invalid;
    this.#replace('video', this.#capture('video', deviceId));
    return undefined;
  }

  /** `publisher.setAudioSource(deviceIdOrTrack)`; a failing device reverts to the previous one. */
  async setAudioSource(source: unknown): Promise<undefined> {
    const previous = this.audio;
    if (previous === undefined) {
      throw fakeOTError(
        'OT_NOT_SUPPORTED',
        'Publisher#setAudioSource cannot add an audio source when you started without one.',
        1500,
      );
    }
    if (isTrack(source)) {
      this.#replace('audio', source);
      return undefined;
    }
    if (typeof source !== 'string') {
      throw fakeOTError(
        'OT_INVALID_PARAMETER',
        'Invalid parameter passed to OT.Publisher.setAudioSource(). Expected string or MediaStreamTrack.',
        1011,
      );
    }
    const device = this.#world.devices.find(source);
    if (device?.kind !== 'audioInput') {
      const error = unsatisfied(source);
      const previousId = previous instanceof FakeMediaStreamTrack ? previous.deviceId : undefined;
      if (previousId !== undefined && this.#world.devices.find(previousId)) {
        this.#replace('audio', this.#capture('audio', previousId));
        error.message += ' (reverted to previous audio device)';
      }
      throw error;
    }
    this.#replace('audio', this.#capture('audio', device.deviceId));
    return undefined;
  }

  /** Test control: every source ends by itself (the browser's "Stop sharing" button). */
  endAll(): void {
    for (const track of [this.audio, this.video]) {
      if (track && 'readyState' in track) (track as { readyState: string }).readyState = 'ended';
    }
    this.#stopAll();
  }

  /** Stops every captured track and stops hearing about devices. */
  release(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
    for (const track of [this.audio, this.video]) {
      if (track instanceof FakeMediaStreamTrack) track.stop();
    }
  }

  /** @returns the tracks, as `mediaStreamAvailable`'s stream */
  stream(): FakeMediaStream {
    const tracks = [this.audio, this.video].filter(
      (track): track is FakeMediaStreamTrack => track instanceof FakeMediaStreamTrack,
    );
    return new FakeMediaStream(this.#world.nextId('media'), tracks);
  }

  #captureDevices(audioSource: unknown, videoSource: unknown): FakeOTError | undefined {
    const { devices } = this.#world;
    const pick = (kind: FakeDeviceInfo['kind'], source: unknown): FakeOTError | undefined => {
      if (source === false || source === null) return undefined;
      const key = kind === 'audioInput' ? 'audio' : 'video';
      if (isTrack(source)) {
        this[key] = source;
        return undefined;
      }
      const device = typeof source === 'string' ? devices.find(source) : devices.first(kind);
      if (typeof source === 'string' && device?.kind !== kind) return unsatisfied(source);
      if (device === undefined) {
        return fakeOTError(
          'OT_NO_DEVICES_FOUND',
          'No voice or video input devices are available on this machine.',
          1500,
        );
      }
      if (devices.occupied(device.deviceId)) return inUse();
      this[key] = this.#capture(key, device.deviceId);
      return undefined;
    };
    const error = pick('videoInput', videoSource) ?? pick('audioInput', audioSource);
    if (error) this.release();
    else devices.grant();
    return error;
  }

  #capture(kind: 'audio' | 'video', deviceId: string): FakeMediaStreamTrack {
    if (this.#world.devices.occupied(deviceId)) throw inUse();
    const device = this.#world.devices.find(deviceId);
    return new FakeMediaStreamTrack(
      kind,
      this.#world.nextId('track'),
      device?.label ?? '',
      deviceId,
    );
  }

  #assertCamera(message: string): void {
    if (this.videoType !== 'camera') throw fakeOTError('OT_NOT_SUPPORTED', message, 1500);
    if (this.video === undefined) {
      throw fakeOTError(
        'OT_NOT_SUPPORTED',
        'Publisher#cycleVideo cannot cycleVideo when you have no video source.',
        1500,
      );
    }
  }

  #replace(kind: 'audio' | 'video', track: FakeSourceTrack): void {
    const old = this[kind];
    if (old instanceof FakeMediaStreamTrack && old !== track) old.stop();
    this[kind] = track;
  }

  // A device in use went away: its track ends (the SDK reports it); a microphone is replaced by
  // the default one, as the SDK's devicechange handler does.
  #unplugged(device: FakeDeviceInfo): void {
    const kind = device.kind === 'audioInput' ? 'audio' : 'video';
    const track = this[kind];
    if (!(track instanceof FakeMediaStreamTrack) || track.deviceId !== device.deviceId) return;
    track.readyState = 'ended';
    const live = [this.audio, this.video].filter(
      (entry) => entry !== undefined && (entry as { readyState?: string }).readyState !== 'ended',
    );
    if (live.length === 0) {
      this.#stopAll();
      return;
    }
    this.#owner.emit(fakeEvent('mediaStopped', this.#owner, { track }, true));
    if (kind !== 'audio') return;
    // After the browser's devicechange (scheduled before this), as the SDK's handler runs.
    setTimeout(() => {
      const fallback = this.#world.devices.first('audioInput');
      if (fallback === undefined || this.#stopListening === undefined) return;
      if (this.#world.devices.occupied(fallback.deviceId)) return;
      this.#replace('audio', this.#capture('audio', fallback.deviceId));
      this.#owner.emit(
        fakeEvent('audioInputDeviceChanged', this.#owner, {
          device: { deviceId: fallback.deviceId, label: fallback.label },
        }),
      );
    }, 0);
  }

  // Every source ended: `mediaStopped` without a track; unless prevented, the publisher stops.
  #stopAll(): void {
    const event = fakeEvent('mediaStopped', this.#owner, { track: undefined }, true);
    this.#owner.emit(event);
    if (!event.isDefaultPrevented()) this.#owner.allEnded();
  }
}
